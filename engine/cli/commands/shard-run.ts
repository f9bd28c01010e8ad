/**
 * `oncotwin run SCENARIO --shard k/N`: runs shard k of N of the scenario's population and writes
 * its partial result, DIR/shard-k-of-N.otpart (engine/shard/partial-file.ts), atomically: a
 * temporary beside it, synced and renamed, so a task killed mid-write (a pre-empted Slurm job)
 * leaves no file that `oncotwin merge` could take for a finished shard. Shards of one run share DIR.
 */
import { open, rename, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { encodePartial } from '../../shard/partial-file.js';
import { runShard } from '../../shard/run-shard.js';
import { formatShard, parseShardSpec, partialFileName, type ShardSpec } from '../../shard/shard-spec.js';
import { createNodeSession, engineVersion, gitCommit, loadScenarioFile } from '../../run-scenario.js';
import type { CommandContext } from '../context.js';
import { DEFAULT_OUT } from '../defaults.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { styleFor } from '../io.js';
import { ensureDir, syncDir } from '../output/write-file.js';
import { writing } from '../output/output-error.js';
import { safeSegment } from '../output/confine.js';
import { ProgressBar } from '../progress.js';
import type { RunFlags } from './run.js';

/** `--shard` text → spec, or a usage error saying what k/N means. */
function shardOption(text: string): ShardSpec {
  const spec = parseShardSpec(text);
  if (typeof spec === 'string') throw new UsageError(`--shard ${text}: ${spec}`, 'for example --shard 0/4 … --shard 3/4 for four shards');
  return spec;
}

export async function shardRunCommand(path: string, flags: RunFlags & { shard: string }, ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  const spec = shardOption(flags.shard);
  if (flags.report) throw new UsageError('--report makes no sense with --shard: a shard has no summary', 'pass --report to oncotwin merge instead');
  const scenario = await loadScenarioFile(path);
  const dir = resolve(io.cwd, flags.out ?? join(DEFAULT_OUT, `${safeSegment(scenario.id)}-shards`));
  await ensureDir(dir);
  const style = styleFor(io.stderr, io.env);
  const bar = new ProgressBar(io.stderr, flags.quiet ? { ...style, animate: false } : style, `${scenario.id} shard ${formatShard(spec)}`);
  const session = createNodeSession();
  try {
    const trajectories = flags.trajectories === undefined ? undefined
      : Number.isFinite(flags.trajectories) ? flags.trajectories : flags.patients ?? scenario.population.size;
    const { provenance, partial } = await runShard(session, { engineVersion, gitCommit }, scenario, spec, {
      backend: flags.backend, threads: flags.threads, nPatients: flags.patients, seed: flags.seed, trajectories,
      signal: ctx.signal, onProgress: (f) => bar.update(f),
    });
    bar.finish();
    const file = join(dir, partialFileName(spec));
    await writeAtomically(file, await encodePartial(provenance, partial));
    if (!flags.quiet) io.stderr.write(style.dim(`shard ${formatShard(spec)}: patients [${partial.start}, ${partial.end}) → ${file}`) + '\n');
    if (flags.json) io.stdout.write(JSON.stringify({ file, shard: provenance.shard, range: { start: partial.start, end: partial.end } }) + '\n');
    return EXIT.ok;
  } finally {
    bar.finish();
    await session.dispose();
  }
}

/** Writes `bytes` to a temporary beside `file`, syncs it, renames it over `file`, syncs the directory. */
async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await writing('write', file, async () => {
      const fh = await open(temp, 'w');
      try {
        await fh.write(bytes);
        await fh.sync();
      } finally {
        await fh.close();
      }
    });
    await writing('replace', file, () => rename(temp, file));
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
  await writing('sync the directory', file, () => syncDir(resolve(file, '..')));
}
