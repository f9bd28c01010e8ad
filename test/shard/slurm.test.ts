/**
 * `oncotwin slurm --submit --wait` on a real Slurm cluster (scripts/slurm-local.sh starts a one-node
 * cluster; .ci/run does so before the tests): a 4-task array of a 20,000-patient scenario and its
 * dependent merge job give the one-machine result; a task that keeps failing is reported with its
 * log and nothing is merged. Without sbatch the tests are skipped — except under CI=true, where a
 * missing Slurm fails them.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, expectSameRun, FIXTURE, ROOT, tempDir } from './harness.js';

const sinfo = spawnSync('sinfo', ['-h', '-o', '%T'], { encoding: 'utf8' });
const why = sinfo.error ? 'sbatch/sinfo are not installed' : sinfo.status !== 0 ? `sinfo failed: ${sinfo.stderr.trim()}` : undefined;
const haveSlurm = why === undefined;

if (!haveSlurm && process.env.CI === 'true') {
  describe('Slurm', () => {
    it('is available (CI=true: required; .ci/run starts it with scripts/slurm-local.sh)', () => { throw new Error(`Slurm unavailable: ${why}`); });
  });
}

describe.skipIf(!haveSlurm)('sharded run on the local Slurm cluster', () => {
  let work: string;
  beforeAll(() => { work = tempDir('slurm'); });

  it('a 4-task array of 20,000 patients merges into the one-machine result', async () => {
    const single = join(work, 'single');
    const one = await cli(['run', FIXTURE, '--patients', '20000', '--backend', 'cpu', '--threads', '1', '--out', single, '--quiet']);
    expect(one.code, one.err).toBe(0);
    const dir = join(work, 'array');
    const r = await cli(['slurm', FIXTURE, '--shards', '4', '--patients', '20000', '--out', dir, '--submit', '--wait']);
    expect(r.code, r.err + r.out).toBe(0);
    expect(r.out).toMatch(/submitted shard array \d+ \(4 tasks\) and merge job \d+/);
    expect(readFileSync(join(dir, 'shards.sbatch'), 'utf8')).toMatch(/#SBATCH --array=0-3/);
    expectSameRun(join(dir, 'result'), single);
  }, 240_000);

  it('a shard that keeps failing is retried, reported with its log, and nothing is merged', async () => {
    // A launcher that fails shard 1 of 2 (as a node without the scenario file would) and runs the rest.
    const launcher = join(work, 'flaky-oncotwin.sh');
    writeFileSync(launcher, `#!/bin/sh\ncase " $* " in *" 1/2 "*) echo "injected failure" >&2; exit 3;; esac\nexec "${process.execPath}" "${join(ROOT, 'bin', 'oncotwin.js')}" "$@"\n`);
    chmodSync(launcher, 0o755);
    const dir = join(work, 'failing');
    const r = await cli(['slurm', FIXTURE, '--shards', '2', '--patients', '400', '--retries', '1', '--oncotwin', launcher, '--out', dir, '--submit', '--wait']);
    expect(r.code, r.err + r.out).toBe(3);
    expect(r.err).toMatch(/shard 1\/2: FAILED \(exit 3:0\); log: .*shard-1\.out/);
    expect(r.err).toMatch(/1 of 2 shard tasks failed; the merge job \d+ was cancelled, nothing was merged/);
    expect(existsSync(join(dir, 'result', 'summary.json'))).toBe(false);
    const log = readFileSync(join(dir, 'logs', 'shard-1.out'), 'utf8');
    expect(log).toMatch(/attempt 1 failed \(exit 3\); retrying/);
    expect(log).toMatch(/failed \(exit 3\) after 2 attempt\(s\)/);
  }, 240_000);
});
