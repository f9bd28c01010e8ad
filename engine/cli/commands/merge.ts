/**
 * `oncotwin merge DIR… --out OUT`: reads the partial results that `oncotwin run --shard k/N` wrote,
 * checks they are one complete run (engine/shard/merge-check.ts), merges and finalizes them
 * (engine/shard/merge-shards.ts) and commits summary.json, patients.csv and timecourse.csv through
 * the run command's own output files and OutputDir — the same bytes a one-machine run writes.
 * Like `twin`, it reaches the engine directly (loader, engine/shard) rather than through the injected
 * Engine interface, whose fakes model whole runs only.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputError } from '../../common/errors.js';
import { checkShardSet } from '../../shard/merge-check.js';
import { mergeShards, type LoadedShard } from '../../shard/merge-shards.js';
import { decodePartial, PartialFormatError } from '../../shard/partial-file.js';
import { PARTIAL_EXT } from '../../shard/shard-spec.js';
import { loadScenarioFile } from '../../run-scenario.js';
import type { CommandContext } from '../context.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { styleFor } from '../io.js';
import { OutputDir } from '../output/output-dir.js';
import { buildSummary } from '../summary-json.js';
import { renderComparison } from '../table.js';
import { outputFiles } from './run.js';

export interface MergeFlags {
  out?: string;
  scenario?: string;
  json?: boolean;
  quiet?: boolean;
  report?: boolean;
}

export async function mergeCommand(inputs: string[], flags: MergeFlags, ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  if (flags.out === undefined) throw new UsageError('merge needs --out DIR for the merged result', 'for example oncotwin merge results/default-shards --out results/default');
  const files = await partialFiles(inputs, io.cwd);
  const out = await OutputDir.open(resolve(io.cwd, flags.out));
  try {
    const shards = await Promise.all(files.map(readShard));
    checkShardSet(shards);
    const h = shards[0].header;
    const scenarioPath = flags.scenario !== undefined ? resolve(io.cwd, flags.scenario) : h.scenario.path;
    if (flags.scenario === undefined && !existsSync(scenarioPath)) {
      throw new UsageError(`the scenario the shards ran, ${scenarioPath}, is not there`, 'pass its current path with --scenario FILE');
    }
    const scenario = await loadScenarioFile(scenarioPath);
    const result = mergeShards(scenario, shards.sort((a, b) => a.header.shard.index - b.header.shard.index));
    const written = await out.commit(outputFiles(result, { trajectories: h.trajectories, report: flags.report }), ctx.signal);
    if (flags.json) io.stdout.write(JSON.stringify(buildSummary(result), null, 2) + '\n');
    else if (!flags.quiet) io.stdout.write(renderComparison(result, styleFor(io.stdout, io.env)) + '\n');
    if (!flags.quiet) io.stderr.write(styleFor(io.stderr, io.env).dim(`merged ${shards.length} shards (${h.nPatients} patients); wrote ${written.length} files to ${out.path}`) + '\n');
  } finally {
    await out.close();
  }
  return EXIT.ok;
}

/** The partial files named on the command line: files as given, directories' *.otpart files. */
async function partialFiles(inputs: string[], cwd: string): Promise<string[]> {
  if (inputs.length === 0) throw new UsageError('merge needs the directories (or files) of the shards\' partial results', 'for example oncotwin merge results/default-shards --out results/default');
  const files: string[] = [];
  for (const input of inputs) {
    const path = resolve(cwd, input);
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new UsageError(`${input}: no such file or directory`, 'pass the --out directory the shards wrote to');
    if (!info.isDirectory()) { files.push(path); continue; }
    const inDir = (await readdir(path)).filter((n) => n.endsWith(PARTIAL_EXT)).sort().map((n) => join(path, n));
    if (inDir.length === 0) throw new UsageError(`${input} holds no partial results (*${PARTIAL_EXT})`, 'pass the --out directory of `oncotwin run SCENARIO --shard k/N`');
    files.push(...inDir);
  }
  return [...new Set(files)];
}

async function readShard(file: string): Promise<LoadedShard> {
  try {
    const { header, partial } = await decodePartial(await readFile(file));
    return { file, header, partial };
  } catch (e) {
    if (e instanceof PartialFormatError) throw InputError.at(file, 1, 1, `${file} ${e.message}`, 'pass only files written by oncotwin run --shard k/N');
    throw e;
  }
}
