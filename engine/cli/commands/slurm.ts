/**
 * `oncotwin slurm SCENARIO --shards N`: writes DIR/shards.sbatch (job array, task k = shard k/N),
 * DIR/merge.sbatch (afterok on the array) and DIR/submit.sh (engine/shard/slurm-script.ts); with
 * --submit, submits them, and with --wait, waits for the merge and reports any failed shard task
 * (exit 3) — a failed task's shards are never merged.
 */
import { chmod, mkdir, readdir, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PARTIAL_EXT } from '../../shard/shard-spec.js';
import { logsDir, partialsDir, resultDir, shq, slurmScripts, type SlurmJob } from '../../shard/slurm-script.js';
import { jobStates, SlurmError, submitSharded } from '../../shard/slurm-submit.js';
import { loadScenarioFile, PACKAGE_ROOT } from '../../run-scenario.js';
import { builtinsOf, resolveFileArg } from '../catalog.js';
import type { CommandContext } from '../context.js';
import { DEFAULT_OUT } from '../defaults.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { safeSegment } from '../output/confine.js';
import { writing } from '../output/output-error.js';

export interface SlurmFlags {
  shards?: number;
  out?: string;
  submit?: boolean;
  wait?: boolean;
  gpu?: boolean;
  partition?: string;
  time?: string;
  cpusPerTask?: number;
  retries?: number;
  patients?: number;
  seed?: number;
  oncotwin?: string;
}

/** Slurm partition names and time limits: plain tokens (they go into #SBATCH lines unquoted). */
function token(flag: string, value: string | undefined, pattern: RegExp, example: string): string | undefined {
  if (value === undefined) return undefined;
  if (!pattern.test(value)) throw new UsageError(`${flag} "${value}" is not a valid Slurm value`, `for example ${flag} ${example}`);
  return value;
}

export async function slurmCommand(arg: string, flags: SlurmFlags, ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  if (flags.shards === undefined) throw new UsageError('slurm needs --shards N (the number of array tasks)', 'for example --shards 16');
  if (flags.wait && !flags.submit) throw new UsageError('--wait needs --submit', 'add --submit, or run submit.sh yourself');
  const path = await resolveFileArg(arg, io.cwd, builtinsOf(ctx.engine), 'scenario');
  // Loaded here so a bad scenario fails now, not in every array task.
  const scenario = await loadScenarioFile(path);
  const dir = resolve(io.cwd, flags.out ?? join(DEFAULT_OUT, `${safeSegment(scenario.id)}-slurm`));
  const job: SlurmJob = {
    name: `oncotwin-${safeSegment(scenario.id)}`,
    scenario: scenario.path,
    shards: flags.shards,
    dir,
    oncotwin: flags.oncotwin !== undefined ? flags.oncotwin.trim().split(/\s+/) : [process.execPath, join(PACKAGE_ROOT, 'bin', 'oncotwin.js')],
    gpu: flags.gpu === true,
    partition: token('--partition', flags.partition, /^[A-Za-z0-9_.,-]+$/, 'gpu'),
    time: token('--time', flags.time, /^[0-9:-]+$/, '02:00:00'),
    cpusPerTask: flags.cpusPerTask ?? 1,
    retries: flags.retries ?? 2,
    runArgs: [
      ...(flags.patients !== undefined ? ['--patients', String(flags.patients)] : []),
      ...(flags.seed !== undefined ? ['--seed', String(flags.seed)] : []),
    ],
  };
  const scripts = slurmScripts(job);
  for (const d of [dir, logsDir(job), partialsDir(job)]) await writing('create the directory', d, () => mkdir(d, { recursive: true }));
  for (const [name, text] of Object.entries(scripts)) {
    const file = join(dir, name);
    await writing('write', file, () => writeFile(file, text));
    await chmod(file, 0o755);
  }
  io.stderr.write(`wrote ${Object.keys(scripts).map((n) => join(dir, n)).join(', ')}\n`);
  if (!flags.submit) {
    io.stdout.write(`submit with: bash ${shq(join(dir, 'submit.sh'))}\n`);
    return EXIT.ok;
  }
  await removeStalePartials(partialsDir(job));
  try {
    const { arrayJob, mergeJob } = await submitSharded(dir, flags.wait === true);
    io.stdout.write(`submitted shard array ${arrayJob} (${job.shards} tasks) and merge job ${mergeJob} → ${resultDir(job)}\n`);
    return flags.wait ? await report(job, arrayJob, mergeJob, ctx) : EXIT.ok;
  } catch (e) {
    if (e instanceof SlurmError) throw new UsageError(e.message, 'install and start Slurm (scripts/slurm-local.sh sets up a one-node cluster), or run submit.sh on the cluster');
    throw e;
  }
}

/** Partials of an earlier submission in the same directory would mix with this run's: remove them. */
async function removeStalePartials(dir: string): Promise<void> {
  for (const name of await readdir(dir)) if (name.endsWith(PARTIAL_EXT)) await unlink(join(dir, name));
}

/** After the merge job ended: 0 when it completed, else the failed tasks with their logs, exit 3. */
async function report(job: SlurmJob, arrayJob: string, mergeJob: string, ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  const [merge] = await jobStates(mergeJob, job.dir);
  if (merge?.state === 'COMPLETED') {
    io.stdout.write(`merged result: ${resultDir(job)}\n`);
    return EXIT.ok;
  }
  const tasks = await jobStates(arrayJob, job.dir);
  const failed = tasks.filter((t) => t.state !== 'COMPLETED').sort((a, b) => (a.task ?? 0) - (b.task ?? 0));
  for (const t of failed) {
    io.stderr.write(`shard ${t.task ?? '?'}/${job.shards}: ${t.state} (exit ${t.exitCode}); log: ${join(logsDir(job), `shard-${t.task ?? '%a'}.out`)}\n`);
  }
  io.stderr.write(failed.length > 0
    ? `${failed.length} of ${job.shards} shard tasks failed; the merge job ${mergeJob} was ${merge?.state.toLowerCase() ?? 'not run'}, nothing was merged\n`
    : `the merge job ${mergeJob} ended ${merge?.state ?? 'UNKNOWN'} (exit ${merge?.exitCode ?? '?'}); log: ${join(logsDir(job), 'merge.out')}\n`);
  return EXIT.runtime;
}
