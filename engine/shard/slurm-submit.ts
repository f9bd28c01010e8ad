/**
 * Submitting a sharded run to Slurm (sbatch) and reading back how its tasks ended (scontrol), so
 * `oncotwin slurm --submit --wait` can say which shards failed — `sbatch --wait` alone exits 0 when
 * the merge job is cancelled because a task failed.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Submitted {
  arrayJob: string;
  mergeJob: string;
}

export interface JobState {
  /** The array task index, when the record is one. */
  task?: number;
  state: string;
  exitCode: string;
}

/** Why sbatch/scontrol failed, in one line (their stderr, or that the command is missing). */
export class SlurmError extends Error {}

/**
 * Runs a Slurm client command and returns its stdout. With `okWithOutput`, a non-zero exit that still
 * printed a job id counts as done: `sbatch --wait` exits with the job's code after printing its id.
 */
async function slurm(cmd: string, args: string[], cwd: string, okWithOutput = false): Promise<string> {
  try {
    return (await run(cmd, args, { cwd, maxBuffer: 16 << 20 })).stdout;
  } catch (e) {
    const err = e as { code?: unknown; stdout?: string; stderr?: string; message: string };
    if (err.code === 'ENOENT') throw new SlurmError(`${cmd} is not installed here (no Slurm client on PATH)`);
    if (okWithOutput && /^\d+/.test(err.stdout ?? '')) return err.stdout!;
    throw new SlurmError(`${cmd} ${args.join(' ')} failed: ${(err.stderr || err.message).trim()}`);
  }
}

/** `sbatch --parsable` output `id` or `id;cluster` → id. */
const jobId = (out: string): string => out.trim().split('\n')[0].split(';')[0];

/**
 * Submits the array, then the merge job depending on it; with `wait`, returns when the merge job
 * ended (ran, failed or was cancelled).
 */
export async function submitSharded(dir: string, wait: boolean): Promise<Submitted> {
  const arrayJob = jobId(await slurm('sbatch', ['--parsable', 'shards.sbatch'], dir));
  const args = ['--parsable', `--dependency=afterok:${arrayJob}`, ...(wait ? ['--wait'] : []), 'merge.sbatch'];
  return { arrayJob, mergeJob: jobId(await slurm('sbatch', args, dir, true)) };
}

/** The states of a job (for an array, one record per task), from `scontrol show job -o`. */
export async function jobStates(id: string, cwd: string): Promise<JobState[]> {
  const out = await slurm('scontrol', ['show', 'job', '-o', id], cwd);
  return out.split('\n').filter((l) => l.trim()).map((l) => {
    const field = (k: string) => new RegExp(`(?:^|\\s)${k}=(\\S*)`).exec(l)?.[1];
    const task = field('ArrayTaskId');
    return {
      ...(task !== undefined && /^\d+$/.test(task) ? { task: Number(task) } : {}),
      state: field('JobState') ?? 'UNKNOWN',
      exitCode: field('ExitCode') ?? '?',
    };
  });
}
