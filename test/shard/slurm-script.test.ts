/**
 * The generated Slurm scripts (no cluster needed): the array covers shards 0..N-1, --gpu asks for a
 * GPU and the WebGPU backend, the merge depends on the whole array, paths are shell-quoted, and the
 * scripts are valid bash.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shq, slurmScripts, type SlurmJob } from '../../engine/shard/slurm-script.js';
import { cli, FIXTURE, tempDir } from './harness.js';

const job: SlurmJob = {
  name: 'oncotwin-x', scenario: "/data/my scenario's.yaml", shards: 16, dir: '/scratch/run 1',
  oncotwin: ['/usr/bin/node', '/opt/oncotwin/bin/oncotwin.js'], gpu: false, cpusPerTask: 8, retries: 2, runArgs: ['--patients', '10000000'],
};

describe('slurm scripts', () => {
  it('array tasks run --shard $SLURM_ARRAY_TASK_ID/N on the CPU backend with their CPUs as threads', () => {
    const s = slurmScripts(job)['shards.sbatch'];
    expect(s).toMatch(/^#SBATCH --array=0-15$/m);
    expect(s).toMatch(/^#SBATCH --cpus-per-task=8$/m);
    expect(s).toMatch(/^#SBATCH --requeue$/m);
    expect(s).toContain('--shard "$k/16" --threads "$threads"');
    expect(s).toContain("--backend cpu --patients 10000000");
    expect(s).toContain(`run '/data/my scenario'\\''s.yaml' --out '/scratch/run 1/partials'`);
    expect(s).not.toMatch(/gres/);
  });

  it('--gpu asks each task for a GPU and runs the WebGPU backend', () => {
    const s = slurmScripts({ ...job, gpu: true, partition: 'gpu', time: '02:00:00' })['shards.sbatch'];
    expect(s).toMatch(/^#SBATCH --gres=gpu:1$/m);
    expect(s).toMatch(/^#SBATCH --partition=gpu$/m);
    expect(s).toMatch(/^#SBATCH --time=02:00:00$/m);
    expect(s).toContain('--backend webgpu');
  });

  it('the merge runs only after every task succeeded, and is cancelled otherwise', () => {
    const { 'merge.sbatch': merge, 'submit.sh': submit } = slurmScripts(job);
    expect(merge).toMatch(/^#SBATCH --kill-on-invalid-dep=yes$/m);
    expect(merge).toContain("merge '/scratch/run 1/partials' --out '/scratch/run 1/result'");
    expect(submit).toContain('sbatch --parsable --dependency="afterok:$array" merge.sbatch');
  });

  it('every script is valid bash', () => {
    const dir = tempDir('sbatch');
    for (const [name, text] of Object.entries(slurmScripts({ ...job, gpu: true }))) {
      writeFileSync(join(dir, name), text);
      const r = spawnSync('bash', ['-n', join(dir, name)], { encoding: 'utf8' });
      expect(r.status, `${name}: ${r.stderr}`).toBe(0);
    }
  });

  it('shq quotes what the shell would split or expand', () => {
    expect(shq('/a/b-c_1.yaml')).toBe('/a/b-c_1.yaml');
    expect(shq('a b')).toBe("'a b'");
    expect(shq('$(rm -rf /)')).toBe("'$(rm -rf /)'");
  });

  it('the command writes the scripts without submitting, and refuses bad values', async () => {
    const dir = join(tempDir('slurm-cmd'), 'job');
    const ok = await cli(['slurm', FIXTURE, '--shards', '3', '--out', dir]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain(`submit with: bash ${join(dir, 'submit.sh')}`);
    const noN = await cli(['slurm', FIXTURE, '--out', dir]);
    expect(noN.code).toBe(2);
    expect(noN.err).toMatch(/slurm needs --shards N/);
    const badTime = await cli(['slurm', FIXTURE, '--shards', '2', '--time', '1h; rm', '--out', dir]);
    expect(badTime.code).toBe(2);
    expect(badTime.err).toMatch(/--time "1h; rm" is not a valid Slurm value/);
  });
});
