/**
 * What-if latency through the programmatic API: run a scenario, edit one number (the first regimen's
 * dose), run again — as the desktop does after an edit. Prints the wall time of both runs, how many
 * kernels the session compiled, and the load average (a shared machine). Usage:
 *   npx tsx bench/what-if.ts [--backend cpu|webgpu] [--patients N] [--root <checkout>] [--reps R]
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
    DEFAULT_SCENARIO: string;
    disposeDefaultSession?: () => Promise<void>;
  };
  const original = readFileSync(api.DEFAULT_SCENARIO, 'utf8');
  const edited = join(root, 'scenarios', `.what-if-${process.pid}.yaml`);
  const opts = { backend, nPatients, threads: backend === 'cpu' ? undefined : 0 };
  try {
    const run = async (dose: number): Promise<number> => {
      writeFileSync(edited, original.replace('amount: 75, unit: mg/m^2', `amount: ${dose}, unit: mg/m^2`));
      const t0 = performance.now();
      await api.runScenario(edited, opts);
      return performance.now() - t0;
    };
    const first = await run(75);
    const edits: number[] = [];
    for (let r = 0; r < reps; r++) edits.push(await run(76 + r));
    edits.sort((a, b) => a - b);
    console.log(JSON.stringify({
      root, backend, nPatients, firstMs: Math.round(first), editMedianMs: Math.round(edits[Math.floor(edits.length / 2)]),
      editMs: edits.map(Math.round), session: typeof api.disposeDefaultSession === 'function', load: loadavg()[0],
    }));
  } finally {
    rmSync(edited, { force: true });
    await api.disposeDefaultSession?.();
  }
}

await main();
process.exit(0);
