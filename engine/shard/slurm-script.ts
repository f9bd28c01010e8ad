/**
 * Slurm batch scripts for a sharded run: a job array whose task k runs `oncotwin run --shard k/N`
 * (retrying a failed attempt a bounded number of times, and requeued by Slurm when its node fails),
 * a merge job submitted with `--dependency=afterok:<array>` (it starts only when every task
 * succeeded, and is cancelled otherwise: --kill-on-invalid-dep), and submit.sh that submits both.
 * The merge's own completeness check (merge-check.ts) is the last guard: it never merges a partial set.
 *
 * Interface rules: pure text; every path and argument is shell-quoted, so spaces or quotes in a
 * scenario path cannot change the command.
 */

export interface SlurmJob {
  /** Job name prefix (the scenario id). */
  name: string;
  /** Absolute scenario path. */
  scenario: string;
  shards: number;
  /** Absolute working directory: scripts, logs/, partials/, result/. */
  dir: string;
  /** The command words that start oncotwin on a compute node. */
  oncotwin: string[];
  gpu: boolean;
  partition?: string;
  time?: string;
  cpusPerTask: number;
  /** Extra attempts of a failed shard inside its task. */
  retries: number;
  /** Extra `run` arguments every shard takes (--patients, --seed). */
  runArgs: string[];
}

export interface SlurmScripts {
  /** File name → content; written into SlurmJob.dir. */
  'shards.sbatch': string;
  'merge.sbatch': string;
  'submit.sh': string;
}

/** Exit code of `oncotwin` for invalid input: the same input fails again, so it is not retried. */
const EXIT_INPUT = 2;

/** POSIX shell single-quoting (a bare word when it is safe). */
export function shq(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

const line = (words: string[]): string => words.map(shq).join(' ');

function common(job: SlurmJob): string[] {
  const out: string[] = [];
  if (job.partition) out.push(`#SBATCH --partition=${job.partition}`);
  if (job.time) out.push(`#SBATCH --time=${job.time}`);
  return out;
}

export const partialsDir = (job: SlurmJob): string => `${job.dir}/partials`;
export const resultDir = (job: SlurmJob): string => `${job.dir}/result`;
export const logsDir = (job: SlurmJob): string => `${job.dir}/logs`;

function shardsScript(job: SlurmJob): string {
  const n = job.shards;
  const run = [...job.oncotwin, 'run', job.scenario, '--out', partialsDir(job), '--backend', job.gpu ? 'webgpu' : 'cpu', ...job.runArgs, '--quiet'];
  return [
    '#!/bin/bash',
    `#SBATCH --job-name=${shq(`${job.name}-shards`)}`,
    `#SBATCH --array=0-${n - 1}`,
    `#SBATCH --cpus-per-task=${job.cpusPerTask}`,
    `#SBATCH --output=${shq(`${logsDir(job)}/shard-%a.out`)}`,
    // A task whose node fails is requeued by Slurm; a task that fails by itself retries below.
    '#SBATCH --requeue',
    ...(job.gpu ? ['#SBATCH --gres=gpu:1'] : []),
    ...common(job),
    `# oncotwin: shard k of ${n} of ${job.scenario} (docs/SCALING.md). Every shard runs on the same backend`,
    '# (explicit --backend), so the merged result is one population in one precision.',
    'set -u',
    'k="${SLURM_ARRAY_TASK_ID:?submit this script with sbatch: it is a job array}"',
    'threads="${SLURM_CPUS_PER_TASK:-1}"',
    'attempt=1',
    'while :; do',
    `  ${line(run)} --shard "$k/${n}" --threads "$threads"`,
    '  status=$?',
    '  [ "$status" -eq 0 ] && exit 0',
    `  if [ "$status" -eq ${EXIT_INPUT} ] || [ "$attempt" -gt ${job.retries} ]; then`,
    `    echo "oncotwin: shard $k/${n} failed (exit $status) after $attempt attempt(s); the merge job will not run" >&2`,
    '    exit "$status"',
    '  fi',
    `  echo "oncotwin: shard $k/${n} attempt $attempt failed (exit $status); retrying" >&2`,
    '  attempt=$((attempt + 1))',
    '  sleep 2',
    'done',
    '',
  ].join('\n');
}

function mergeScript(job: SlurmJob): string {
  return [
    '#!/bin/bash',
    `#SBATCH --job-name=${shq(`${job.name}-merge`)}`,
    '#SBATCH --cpus-per-task=1',
    `#SBATCH --output=${shq(`${logsDir(job)}/merge.out`)}`,
    // With afterok on the array, a failed task makes the dependency unsatisfiable: cancel, never run.
    '#SBATCH --kill-on-invalid-dep=yes',
    ...common(job),
    `exec ${line([...job.oncotwin, 'merge', partialsDir(job), '--out', resultDir(job), '--scenario', job.scenario, '--quiet'])}`,
    '',
  ].join('\n');
}

function submitScript(job: SlurmJob): string {
  return [
    '#!/bin/bash',
    `# Submits the ${job.shards}-task shard array, then the merge job that runs only after every task succeeded.`,
    'set -euo pipefail',
    `cd ${shq(job.dir)}`,
    'array=$(sbatch --parsable shards.sbatch)',
    'array="${array%%;*}"',
    'merge=$(sbatch --parsable --dependency="afterok:$array" merge.sbatch)',
    `echo "shard array $array (${job.shards} tasks), merge job \${merge%%;*} → ${resultDir(job)}"`,
    '',
  ].join('\n');
}

export function slurmScripts(job: SlurmJob): SlurmScripts {
  return { 'shards.sbatch': shardsScript(job), 'merge.sbatch': mergeScript(job), 'submit.sh': submitScript(job) };
}
