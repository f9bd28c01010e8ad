#!/usr/bin/env node
/**
 * `oncotwin` package bin. It runs the prebuilt bundle dist/oncotwin.mjs (fast start, no TypeScript
 * toolchain needed) when there is one — in a git checkout only while the bundle is fresh (built after
 * the last edit of any of its sources, see bundle-freshness.js), so a stale bundle never hides a
 * source edit; otherwise it runs the TypeScript sources through tsx's loader registered in this
 * process. ONCOTWIN_BUNDLE=1 forces the bundle, ONCOTWIN_FROM_SOURCE=1 the sources. One process either
 * way, so signals and exit codes behave the same.
 */
import { existsSync } from 'node:fs';
import module from 'node:module';
import v8 from 'node:v8';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleIsFresh } from './bundle-freshness.js';

/** First arguments of the commands that simulate nothing (help and version included). */
const NO_OPTIMIZATION = new Set(['validate', 'models', 'scenarios', 'help', '--help', '-h', '--version', '-V']);

// Node ≥ 22.1 caches compiled code on disk between runs (a no-op where the API is missing).
module.enableCompileCache?.();

// Commands that simulate nothing run their code once: optimizing it (TurboFan, on background
// threads) costs more CPU than it saves — 40% of `validate`'s CPU time (docs/BENCHMARKS.md,
// "Start-up"). Simulations keep the optimizing compiler: their kernels are hot loops.
if (NO_OPTIMIZATION.has(process.argv[2] ?? '--help')) v8.setFlagsFromString('--no-opt');

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = fileURLToPath(new URL('../dist/oncotwin.mjs', import.meta.url));
const checkout = existsSync(fileURLToPath(new URL('../.git', import.meta.url)));
const useBundle =
  process.env.ONCOTWIN_FROM_SOURCE !== '1' &&
  existsSync(bundle) &&
  (!checkout || process.env.ONCOTWIN_BUNDLE === '1' || bundleIsFresh(root));

if (useBundle) {
  await import(pathToFileURL(bundle).href);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write(
      'error: oncotwin needs either the bundle dist/oncotwin.mjs or the tsx package to run its TypeScript sources\n' +
        '  hint: build the bundle with `npm run build`, or install the dev dependencies\n',
    );
    process.exit(3);
  }
  register();
  await import(new URL('../engine/cli/main.ts', import.meta.url).href);
}
