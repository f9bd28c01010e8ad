/**
 * Start-up of the `oncotwin` CLI: `--help` and `validate <scenario>` run R times (default 20) each as
 * a fresh process, checkouts interleaved so that a shared machine's load hits them alike. Prints per
 * checkout and command the median and min wall time and the median CPU time (user + sys, from
 * /usr/bin/time), in ms, with the load average. Usage:
 *   npx tsx bench/startup.ts [--roots <checkout>,<checkout>…] [--reps R] [--mode bundle|source] [--scenario F]
 * `--mode bundle` sets ONCOTWIN_BUNDLE=1 (build each checkout's bundle first: `npm run build`),
 * `source` ONCOTWIN_FROM_SOURCE=1 (TypeScript through tsx). Default root: this checkout.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}

const roots = arg('roots', join(import.meta.dirname, '..')).split(',').map((r) => resolve(r));
const reps = Number(arg('reps', '20'));
const mode = arg('mode', 'bundle');
const scenario = arg('scenario', 'default.yaml');
const env = { ...process.env, ...(mode === 'bundle' ? { ONCOTWIN_BUNDLE: '1' } : { ONCOTWIN_FROM_SOURCE: '1' }) };
const commands: Record<string, (root: string) => string[]> = {
  '--help': () => ['--help'],
  validate: (root) => ['validate', join(root, 'scenarios', scenario)],
};

type Sample = { wall: number; cpu: number };
const samples = new Map<string, Sample[]>();
const load0 = loadavg()[0];
for (let r = 0; r < reps; r++) {
  for (const root of roots) {
    for (const [name, args] of Object.entries(commands)) {
      const p = spawnSync('/usr/bin/time', ['-f', '%e %U %S', process.execPath, join(root, 'bin/oncotwin.js'), ...args(root)], { env, encoding: 'utf8' });
      if (p.status !== 0) throw new Error(`oncotwin ${args(root).join(' ')} in ${root} exited ${p.status}: ${p.stderr}`);
      const [wall, user, sys] = p.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
      const key = `${root} ${name}`;
      samples.set(key, [...(samples.get(key) ?? []), { wall: wall * 1000, cpu: (user + sys) * 1000 }]);
    }
  }
}
const median = (xs: number[]): number => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
for (const [key, s] of samples) {
  console.log(JSON.stringify({ run: key, mode, reps, wallMedianMs: median(s.map((x) => x.wall)), wallMinMs: Math.round(Math.min(...s.map((x) => x.wall))), cpuMedianMs: median(s.map((x) => x.cpu)) }));
}
console.log(JSON.stringify({ node: process.version, load: [load0, loadavg()[0]] }));
