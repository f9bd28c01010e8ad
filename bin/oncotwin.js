#!/usr/bin/env node
/**
 * `oncotwin` package bin. An installed package runs the prebuilt bundle dist/oncotwin.mjs when present
 * (fast start, no TypeScript toolchain needed); a git checkout runs the TypeScript sources through
 * tsx's loader registered in this process, so a stale bundle never hides a source edit
 * (ONCOTWIN_BUNDLE=1 forces the bundle, ONCOTWIN_FROM_SOURCE=1 the sources). One process either way,
 * so Ctrl-C and exit codes behave the same.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/oncotwin.mjs', import.meta.url));
const checkout = existsSync(fileURLToPath(new URL('../.git', import.meta.url)));
const useBundle =
  existsSync(bundle) && process.env.ONCOTWIN_FROM_SOURCE !== '1' && (!checkout || process.env.ONCOTWIN_BUNDLE === '1');

if (useBundle) {
  await import(pathToFileURL(bundle).href);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write(
      'error: oncotwin needs either the bundle dist/oncotwin.mjs or the tsx package to run its TypeScript sources\n' +
        '  hint: build the bundle with `npx tsx engine/cli/build-bundle.ts`, or install the dev dependencies\n',
    );
    process.exit(3);
  }
  register();
  await import(new URL('../engine/cli/main.ts', import.meta.url).href);
}
