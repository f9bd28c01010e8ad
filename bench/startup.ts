/**
 * Start-up wall time of the `oncotwin` CLI: runs each command R times (default 20) as a fresh process
 * and prints the median and min in ms, with the load average (a shared machine). Usage:
 *   npx tsx bench/startup.ts [--root <checkout>] [--reps R] [--mode bundle|source]
 * `--mode bundle` sets ONCOTWIN_BUNDLE=1 (build it first: `npm run build`), `source` ONCOTWIN_FROM_SOURCE=1.
 * `--root` measures another checkout's bin/oncotwin.js the same way (before/after pairs on one machine).
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}

const root = resolve(arg('root', join(import.meta.dirname, '..')));
const reps = Number(arg('reps', '20'));
const mode = arg('mode', 'bundle');
const env = { ...process.env, ...(mode === 'bundle' ? { ONCOTWIN_BUNDLE: '1' } : { ONCOTWIN_FROM_SOURCE: '1' }) };
const commands: Record<string, string[]> = {
  '--help': ['--help'],
  'validate default': ['validate', join(root, 'scenarios/default.yaml')],
};

const load0 = loadavg()[0];
const out: Record<string, { medianMs: number; minMs: number }> = {};
for (const [name, args] of Object.entries(commands)) {
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    const p = spawnSync(process.execPath, [join(root, 'bin/oncotwin.js'), ...args], { env, encoding: 'utf8' });
    times.push(performance.now() - t0);
    if (p.status !== 0) throw new Error(`oncotwin ${args.join(' ')} exited ${p.status}: ${p.stderr}`);
  }
  times.sort((a, b) => a - b);
  out[name] = { medianMs: Math.round(times[Math.floor(reps / 2)]), minMs: Math.round(times[0]) };
}
console.log(JSON.stringify({ root, mode, reps, node: process.version, ...out, load: [load0, loadavg()[0]] }));
