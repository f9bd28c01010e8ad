/**
 * What-if latency through the programmatic API: run a scenario, edit one number (the dose written
 * `amount: 75, unit: mg/m^2`), run again — as the desktop does after an edit, with `reuse` (only the
 * edited regimen is simulated again) and `onPreview` (the time to the first 250 patients' result).
 * Prints the wall time of the first run, of each edit to its preview and to its final result, and the
 * load average (a shared machine). Usage:
 *   npx tsx bench/what-if.ts [--backend cpu|webgpu] [--patients N] [--root <checkout>] [--reps R] [--scenario F]
 * `--root` runs the same measurement on another checkout's API (e.g. a build before compile-once),
 * which is how docs/BENCHMARKS.md gets its before/after pairs on one machine.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { BackendName } from '../engine/backends/backend.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}

async function main(): Promise<void> {
  const root = resolve(arg('root', join(import.meta.dirname, '..')));
  const backend = arg('backend', 'cpu') as BackendName;
  const nPatients = Number(arg('patients', '500'));
  const reps = Number(arg('reps', '3'));
  const api = await import(join(root, 'engine/run-scenario.ts')) as {
    runScenario(path: string, o: object): Promise<{ provenance: { durationMs: number } }>;
    disposeDefaultSession?: () => Promise<void>;
  };
  const scenario = arg('scenario', 'default.yaml');
  const original = readFileSync(join(root, 'scenarios', scenario), 'utf8');
  const edited = join(root, 'scenarios', `.what-if-${process.pid}.yaml`);
  let preview = NaN;
  // A checkout before `reuse`/`onPreview` ignores them (its first result is its final one).
  const opts = { backend, nPatients, threads: backend === 'cpu' ? undefined : 0, reuse: true, onPreview: () => { preview = performance.now(); } };
  try {
    const run = async (dose: number): Promise<[number, number]> => {
      writeFileSync(edited, original.replace('amount: 75, unit: mg/m^2', `amount: ${dose}, unit: mg/m^2`));
      preview = NaN;
      const t0 = performance.now();
      await api.runScenario(edited, opts);
      const t = performance.now() - t0;
      return [Number.isNaN(preview) ? t : preview - t0, t];
    };
    const [, first] = await run(75);
    const edits: [number, number][] = [];
    for (let r = 0; r < reps; r++) edits.push(await run(76 + r));
    const median = (xs: number[]): number => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
    console.log(JSON.stringify({
      root, scenario, backend, nPatients, firstRunMs: Math.round(first),
      editToPreviewMs: median(edits.map((e) => e[0])), editToFinalMs: median(edits.map((e) => e[1])),
      previewMs: edits.map((e) => Math.round(e[0])), finalMs: edits.map((e) => Math.round(e[1])), load: loadavg()[0],
    }));
  } finally {
    rmSync(edited, { force: true });
    await api.disposeDefaultSession?.();
  }
}

await main();
process.exit(0);
