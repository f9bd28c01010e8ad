#!/usr/bin/env node
/**
 * `oncotwin` package bin. Runs the prebuilt bundle dist/oncotwin.mjs when present (fast start, no
 * TypeScript toolchain needed); otherwise registers tsx's loader in this process and runs the
 * TypeScript sources directly — one process, so Ctrl-C and exit codes behave the same either way.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/oncotwin.mjs', import.meta.url));
if (existsSync(bundle) && process.env.ONCOTWIN_FROM_SOURCE !== '1') {
  await import(pathToFileURL(bundle).href);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write(
      'error: oncotwin needs either the bundle dist/oncotwin.mjs or the tsx package to run its TypeScript sources\n' +
        '  hint: run `npm run build` (or `npm install` to get tsx)\n',
    );
    process.exit(3);
  }
  register();
  await import(new URL('../engine/cli/main.ts', import.meta.url).href);
}
