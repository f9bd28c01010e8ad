/**
 * `npm start`: builds the Electron app (desktop/build-electron.ts) and launches it with the
 * Electron binary installed beside the project. Electron is not a dependency of this repository
 * (its install step downloads the binary, which some machines cannot do), so when it is missing
 * this says how to install it, or to use the same app in a browser with `npm run ui`, and exits 1.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The Electron binary's path (the `electron` package exports it), or undefined when not installed. */
function electronBinary(): string | undefined {
  try {
    const path: unknown = createRequire(join(ROOT, 'package.json'))('electron');
    return typeof path === 'string' ? path : undefined;
  } catch {
    return undefined;
  }
}

const bin = electronBinary();
if (!bin) {
  console.error('Electron is not installed here. Install it with `npm install --save-dev electron` (it downloads its binary),\n'
    + 'or run the same app in your browser: `npm run ui` (http://127.0.0.1:5173/).');
  process.exit(1);
}
await import('./build-electron.js');
const child = spawn(bin, [join(ROOT, 'out/desktop/main.mjs')], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
