/**
 * Builds the Electron app into out/desktop/ (what electron-builder.yml packages):
 *   main.mjs (main process, ESM), preload.cjs (sandboxed preloads must be one CommonJS file),
 *   renderer/ (page and worker bundles, index.html, css), data/models and data/scenarios;
 * and electron-builder's afterPack hook (the fuses) into out/packaging/after-pack.cjs.
 * Run: `npm run desktop:build`, then `npx electron out/desktop/main.mjs` once Electron's binary is downloaded.
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { bundleRenderer } from './serve.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'out/desktop');

rmSync(OUT, { recursive: true, force: true });
mkdirSync(join(OUT, 'renderer'), { recursive: true });
const node: BuildOptions = { bundle: true, platform: 'node', target: 'node20', external: ['electron'], logLevel: 'warning' };
await build({ ...node, entryPoints: [join(ROOT, 'desktop/main/main.ts')], format: 'esm', outfile: join(OUT, 'main.mjs') });
await build({ ...node, entryPoints: [join(ROOT, 'desktop/preload/preload.ts')], format: 'cjs', outfile: join(OUT, 'preload.cjs') });
await build({ ...node, external: ['@electron/fuses'], entryPoints: [join(ROOT, 'desktop/packaging/after-pack.ts')], format: 'cjs', outfile: join(ROOT, 'out/packaging/after-pack.cjs') });
await bundleRenderer(join(OUT, 'renderer'));
cpSync(join(ROOT, 'desktop/renderer/index.html'), join(OUT, 'renderer/index.html'));
cpSync(join(ROOT, 'desktop/renderer/app.css'), join(OUT, 'renderer/app.css'));
cpSync(join(ROOT, 'node_modules/uplot/dist/uPlot.min.css'), join(OUT, 'renderer/uplot.css'));
for (const d of ['models', 'scenarios']) cpSync(join(ROOT, d), join(OUT, 'data', d), { recursive: true });
console.log(`built ${OUT}`);
