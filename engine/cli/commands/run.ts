/**
 * `oncotwin run SCENARIO...`: runs each scenario and writes summary.json, patients.csv,
 * timecourse.csv (and trajectories.csv, report.html when asked) all-or-nothing into the output
 * directory; prints a comparison table (or the summary JSON) on stdout.
 */
import { join, resolve } from 'node:path';
import { InputError } from '../../common/errors.js';
import type { ScenarioResult } from '../../common/scenario-result.js';
import { prepareOutputDir, writeFilesAtomically, type OutputFile } from '../atomic-output.js';
import { resolveScenarioArg } from '../catalog.js';
import type { CommandContext } from '../context.js';
import type { RunOptions } from '../engine.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { styleFor } from '../io.js';
import { populationTooLarge } from '../options.js';
import { ProgressBar } from '../progress.js';
import { reportHtml } from '../../common/report/report-html.js';
import { hasTrajectories, patientsCsv, timecourseCsv, trajectoriesCsv } from '../result-csv.js';
import { readFileInfo, type FileInfo } from '../scenario-info.js';
import { buildSummary, summaryText, type SummaryJson } from '../summary-json.js';
import { renderComparison } from '../table.js';

export interface RunFlags {
  out?: string;
  backend: 'auto' | 'cpu' | 'webgpu';
  patients?: number;
  seed?: number;
  threads?: number;
  trajectories?: number;
  json?: boolean;
  quiet?: boolean;
  report?: boolean;
}

/** Default output root when --out is not given: results/<scenario id>/ in the working directory. */
export const DEFAULT_OUT = 'results';

export async function runCommand(args: string[], flags: RunFlags, ctx: CommandContext): Promise<number> {
  const { io, engine } = ctx;
  const builtins = await engine.listScenarios();
  const paths = args.map((a) => resolveScenarioArg(a, io.cwd, builtins));
  const infos = await Promise.all(paths.map((p) => readFileInfo(p).catch(() => undefined)));
  paths.forEach((p, i) => checkPopulation(p, infos[i], flags.patients));
  const dirs = outputDirs(paths, infos, flags.out, io.cwd);
  // Fail on an unwritable --out before any simulation starts, not after it.
  for (const dir of new Set(dirs)) await prepareOutputDir(dir);

  const errStyle = styleFor(io.stderr, io.env);
  const summaries: SummaryJson[] = [];
  for (let i = 0; i < paths.length; i++) {
    const result = await runOne(paths[i], infos[i], flags, ctx);
    const files = outputFiles(result, flags);
    const written = await writeFilesAtomically(dirs[i], files, ctx.signal);
    if (flags.json) summaries.push(buildSummary(result));
    else if (!flags.quiet) io.stdout.write(renderComparison(result, styleFor(io.stdout, io.env)) + '\n');
    if (!flags.quiet) io.stderr.write(errStyle.dim(`wrote ${written.length} files to ${dirs[i]}`) + '\n');
  }
  if (flags.json) {
    io.stdout.write(JSON.stringify(summaries.length === 1 ? summaries[0] : summaries, null, 2) + '\n');
  }
  return EXIT.ok;
}

async function runOne(path: string, info: FileInfo | undefined, flags: RunFlags, ctx: CommandContext): Promise<ScenarioResult> {
  const { io } = ctx;
  const label = info?.id ?? path;
  const bar = new ProgressBar(io.stderr, flags.quiet ? { ...styleFor(io.stderr, io.env), animate: false } : styleFor(io.stderr, io.env), label);
  const opts: RunOptions = {
    backend: flags.backend,
    signal: ctx.signal,
    onProgress: (f) => bar.update(f),
  };
  if (flags.threads !== undefined) opts.threads = flags.threads;
  if (flags.patients !== undefined) opts.nPatients = flags.patients;
  if (flags.seed !== undefined) opts.seed = flags.seed;
  if (flags.trajectories !== undefined && flags.trajectories > 0) {
    // "all" arrives as Infinity: the engine takes a count, so use the population size when it is known.
    const n = flags.patients ?? info?.populationSize?.value;
    opts.trajectories = Number.isFinite(flags.trajectories) ? flags.trajectories : (n ?? Number.MAX_SAFE_INTEGER);
  }
  try {
    return await ctx.engine.runScenario(path, opts);
  } finally {
    bar.finish();
  }
}

/** Rejects a population that cannot fit in memory, at the flag or at `population.size` in the file. */
function checkPopulation(path: string, info: FileInfo | undefined, patients: number | undefined): void {
  const regimens = info?.regimens ?? 1;
  const summaries = info?.summaries ?? 1;
  if (patients !== undefined) {
    const problem = populationTooLarge(patients, regimens, summaries);
    if (problem) throw new UsageError(`--patients ${patients} is too large: ${problem}`, 'use a smaller --patients (10 000 gives event rates to about ±1%)');
    return;
  }
  const size = info?.populationSize;
  if (!size) return;
  const problem = populationTooLarge(size.value, regimens, summaries);
  if (problem) {
    throw InputError.at(path, size.line, size.col, `population.size is too large: ${problem}`, 'lower population.size, or override it with --patients N');
  }
}

/** One directory per scenario: --out itself for one scenario, --out/<id> for several. */
function outputDirs(paths: string[], infos: (FileInfo | undefined)[], out: string | undefined, cwd: string): string[] {
  const ids = paths.map((p, i) => infos[i]?.id ?? p.replace(/^.*\//, '').replace(/\.ya?ml$/, ''));
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id) && (paths.length > 1 || out === undefined)) {
      throw new UsageError(`two scenarios have the same id "${id}", so their outputs would overwrite each other`, 'run them one at a time with different --out directories');
    }
    seen.add(id);
  }
  if (out !== undefined && paths.length === 1) return [resolve(cwd, out)];
  const root = resolve(cwd, out ?? DEFAULT_OUT);
  return ids.map((id) => join(root, id));
}

function outputFiles(result: ScenarioResult, flags: RunFlags): OutputFile[] {
  const files: OutputFile[] = [
    { name: 'summary.json', chunks: () => [summaryText(result)] },
    { name: 'patients.csv', chunks: () => patientsCsv(result) },
    { name: 'timecourse.csv', chunks: () => timecourseCsv(result) },
  ];
  if (flags.trajectories !== undefined && flags.trajectories > 0 && hasTrajectories(result)) {
    files.push({ name: 'trajectories.csv', chunks: () => trajectoriesCsv(result) });
  }
  if (flags.report) files.push({ name: 'report.html', chunks: () => [reportHtml(result)] });
  return files;
}
