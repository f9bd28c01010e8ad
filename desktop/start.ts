/**
 * `npm start`: builds the Electron app (desktop/build-electron.ts) and launches it. Electron is a
 * pinned devDependency, but `npm ci` never downloads its binary (it has no install script; the
 * `electron` package fetches the binary the first time it is asked for its path). When that download
 * cannot happen (no network, a proxy), this says how to get the binary, or to use the same app in a
 * browser with `npm run ui`, and exits 1.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The Electron binary's path (downloaded on first use by the `electron` package), or why there is none. */
function electronBinary(): { path: string } | { why: string } {
  try {
    const path: unknown = createRequire(join(ROOT, 'package.json'))('electron');
    return typeof path === 'string' ? { path } : { why: 'the electron package did not give a binary path' };
  } catch (e) {
    return { why: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
}

const bin = electronBinary();
if ('why' in bin) {
  console.error(`Electron's binary is not available (${bin.why}).\n`
    + 'Download it with `npx install-electron` where github.com can be reached (run `npm ci` first),\n'
    + 'or run the same app in your browser: `npm run ui` (http://127.0.0.1:5173/).');
  process.exit(1);
}
await import('./build-electron.js');
const child = spawn(bin.path, [join(ROOT, 'out/desktop/main.mjs')], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
