/**
 * The memory pre-check on the real loaders: the estimate comes from the job's layout (per patient:
 * summary columns and patient values; once per regimen: the quantile sketches of outputs × grid
 * times), is compared with the memory available now, and a run that cannot fit is refused before
 * it starts, with the largest population that fits.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../engine/cli/cli.js';
import { realEngine } from '../../engine/cli/engine-wiring.js';
import { cgroupHeadroom } from '../../engine/cli/available-memory.js';
import type { Engine } from '../../engine/cli/engine.js';
import { captureIo, fakeResult } from './fake-engine.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const never = new AbortController().signal;
const GiB = 2 ** 30;

/** The real loaders and planner, with runs recorded instead of simulated. */
function plannedOnly(): Engine & { runs: number } {
  const engine = { ...realEngine(), runs: 0 };
  engine.runScenario = async (path, opts) => {
    engine.runs++;
    return fakeResult(path, { ...opts, nPatients: 4 });
  };
  return engine;
}

async function run(args: string[], memory: number) {
  const io = captureIo({ memory });
  const engine = plannedOnly();
  const code = await runCli(['run', ...args, '--quiet', '--out', join(io.cwd, 'o')], { engine, io, signal: never });
  return { code, err: io.err(), runs: engine.runs };
}

describe('memory pre-check from the job layout', () => {
  it('3 million patients of the default scenario do not fit in 2 GiB: refused with the largest N that fits', async () => {
    const r = await run(['default', '--patients', '3000000', '--backend', 'cpu'], 2 * GiB);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: --patients 3000000 is too large: 3000000 patients would need about \d+(\.\d)? GiB of memory \(\d+(\.\d)? KiB per patient\); 2\.0 GiB is available \(test\), so at most \d+ patients fit\n  hint: use a smaller --patients/);
    expect(r.runs).toBe(0);
    const fits = Number(/at most (\d+) patients fit/.exec(r.err)![1]);
    expect(fits).toBeGreaterThan(100_000);
    expect(fits).toBeLessThan(3_000_000);
    expect((await run(['default', '--patients', String(fits), '--backend', 'cpu'], 2 * GiB)).code).toBe(0);
  });

  it('a fine output grid costs its quantile sketches once, not per patient: refused in 1 GiB with the sketches named, fits in 4 GiB', async () => {
    const file = join(root, 'test/fixtures/cli/fine-grid.yaml');
    const r = await run([file, '--backend', 'cpu'], 1 * GiB);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^${file}:9:9: population.size is too large: 30000 patients would need about \\d+(\\.\\d)? GiB .* are the per-time quantile sketches of 1 output\\(s\\) × 20161 grid times × 2 regimen\\(s\\), whatever the population\\); 1\\.0 GiB is available \\(test\\), so at most \\d+ patients fit`));
    expect(r.runs).toBe(0);
    expect((await run([file, '--backend', 'cpu'], 4 * GiB)).code).toBe(0);
  });
});

describe('available memory under a cgroup limit', () => {
  const fs = (files: Record<string, string>) => (path: string) => files[path];
  it('reads limit minus usage of this process\'s cgroup (v2 and v1), and nothing when unlimited', () => {
    expect(cgroupHeadroom(fs({ '/proc/self/cgroup': '0::/job\n', '/sys/fs/cgroup/job/memory.max': '4294967296\n', '/sys/fs/cgroup/job/memory.current': '1073741824\n' }))).toBe(3 * GiB);
    expect(cgroupHeadroom(fs({ '/proc/self/cgroup': '0::/job\n', '/sys/fs/cgroup/job/memory.max': 'max\n', '/sys/fs/cgroup/job/memory.current': '5\n' }))).toBeUndefined();
    // v1 inside a container: the cgroup path is not visible under the mount, its root is ours.
    const v1 = { '/proc/self/cgroup': '4:memory:/docker/abc\n3:cpu:/\n', '/sys/fs/cgroup/memory/memory.limit_in_bytes': String(2 * GiB), '/sys/fs/cgroup/memory/memory.usage_in_bytes': String(GiB / 2) };
    expect(cgroupHeadroom(fs(v1))).toBe(1.5 * GiB);
    expect(cgroupHeadroom(fs({ ...v1, '/sys/fs/cgroup/memory/memory.limit_in_bytes': '9223372036854771712' }))).toBeUndefined();
    expect(cgroupHeadroom(fs({}))).toBeUndefined();
  });
});
