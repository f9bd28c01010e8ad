/**
 * `oncotwin run SCENARIO...`: runs each scenario and commits summary.json, patients.csv,
 * timecourse.csv (and trajectories.csv, report.html when asked) as one unit into its output
 * directory (output/output-dir.ts); prints a comparison table (or the summary JSON) on stdout.
 */
import { join, resolve } from 'node:path';
import { InputError } from '../../common/errors.js';
import type { ScenarioResult } from '../../common/scenario-result.js';
import { builtinsOf, resolveFileArg } from '../catalog.js';
import type { CommandContext } from '../context.js';
import type { RunOptions } from '../engine.js';
import { DEFAULT_OUT } from '../defaults.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { kindProblem } from '../file-kind.js';
import { styleFor } from '../io.js';
import type { BackendChoice } from '../../backends/backend.js';
import { memoryProblem } from '../memory-estimate.js';
import { safeSegment } from '../output/confine.js';
import { OutputDir } from '../output/output-dir.js';
import type { OutputFile } from '../output/write-file.js';
import { ProgressBar } from '../progress.js';
import { reportHtml } from '../../common/report/report-html.js';
import { hasTrajectories, patientsCsv, timecourseCsv, trajectoriesCsv } from '../result-csv.js';
import { readFileInfo, type FileInfo } from '../scenario-info.js';
import { buildSummary, summaryText, type SummaryJson } from '../summary-json.js';
import { renderComparison } from '../table.js';

export interface RunFlags {
  out?: string;
  backend: BackendChoice;
  patients?: number;
  seed?: number;
  threads?: number;
  trajectories?: number;
  json?: boolean;
  quiet?: boolean;
  report?: boolean;
  /** `k/N`: run shard k of N and write its partial result (shard-run.ts) instead of the outputs. */
  shard?: string;
}


export async function runCommand(args: string[], flags: RunFlags, ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  const paths: string[] = [];
  for (const a of args) paths.push(await resolveFileArg(a, io.cwd, builtinsOf(ctx.engine), 'scenario'));
  if (flags.shard !== undefined) {
    if (paths.length !== 1) throw new UsageError(`--shard runs one scenario, got ${paths.length}`, 'run each scenario\'s shards separately');
    const { shardRunCommand } = await import('./shard-run.js');
    return shardRunCommand(paths[0], { ...flags, shard: flags.shard }, ctx);
  }
  const infos = await Promise.all(paths.map(scenarioInfo));
  const dirs = outputDirs(paths, infos, flags, ctx);
  for (let i = 0; i < paths.length; i++) await checkMemory(paths[i], infos[i], flags, ctx);

  const errStyle = styleFor(io.stderr, io.env);
  const summaries: SummaryJson[] = [];
  const outs: OutputDir[] = [];
  try {
    // Every directory is checked and locked before the first simulation: a bad or busy --out fails now.
    for (const dir of dirs) outs.push(await OutputDir.open(dir));
    for (let i = 0; i < paths.length; i++) {
      const result = await runOne(paths[i], infos[i], flags, ctx);
      const written = await outs[i].commit(outputFiles(result, flags), ctx.signal);
      if (flags.json) summaries.push(buildSummary(result));
      else if (!flags.quiet) io.stdout.write(renderComparison(result, styleFor(io.stdout, io.env)) + '\n');
      if (!flags.quiet) io.stderr.write(errStyle.dim(`wrote ${written.length} files to ${dirs[i]}`) + '\n');
    }
  } finally {
    for (const out of outs) await out.close();
  }
  if (flags.json) {
    io.stdout.write(JSON.stringify(summaries.length === 1 ? summaries[0] : summaries, null, 2) + '\n');
  }
  return EXIT.ok;
}

/** The file's top level; a model (or a model/scenario mix) given as a scenario is an input error here. */
async function scenarioInfo(path: string): Promise<FileInfo> {
  const info = await readFileInfo(path);
  const problem = kindProblem(info, path, 'scenario');
  // A file of unknown kind is left to the loader, which reports its missing `scenario:` key in place.
  if (problem && info.kind !== 'unknown') throw new InputError([problem]);
  return info;
}

async function runOne(path: string, info: FileInfo, flags: RunFlags, ctx: CommandContext): Promise<ScenarioResult> {
  const { io } = ctx;
  const label = info.id;
  const bar = new ProgressBar(io.stderr, flags.quiet ? { ...styleFor(io.stderr, io.env), animate: false } : styleFor(io.stderr, io.env), label);
  const opts: RunOptions = {
    backend: flags.backend,
    signal: ctx.signal,
    onProgress: (f) => bar.update(f),
  };
  if (flags.threads !== undefined) opts.threads = flags.threads;
  if (flags.patients !== undefined) opts.nPatients = flags.patients;
  if (flags.seed !== undefined) opts.seed = flags.seed;
  const trajectories = trajectoryCount(flags, info.populationSize?.value);
  if (trajectories > 0) opts.trajectories = trajectories;
  try {
    return await ctx.engine.runScenario(path, opts);
  } finally {
    bar.finish();
  }
}

/** `--trajectories`: "all" arrives as Infinity; the engine takes a count, so use the population size when known. */
function trajectoryCount(flags: RunFlags, fileSize: number | undefined): number {
  const k = flags.trajectories ?? 0;
  if (Number.isFinite(k)) return k;
  return flags.patients ?? fileSize ?? Number.MAX_SAFE_INTEGER;
}

/**
 * Refuses a run whose per-patient results cannot fit in the memory available now, from the
 * scenario's real layout (outputs, grid, regimens, summaries), with the largest population that fits —
 * at `population.size` in the file, or about `--patients`.
 */
async function checkMemory(path: string, info: FileInfo, flags: RunFlags, ctx: CommandContext): Promise<void> {
  const plan = await ctx.engine.planRun(path);
  const n = flags.patients ?? plan.nPatients;
  const sized = { ...plan, nPatients: n, trajectories: Math.min(n, trajectoryCount(flags, plan.nPatients)) };
  const problem = memoryProblem(sized, flags.backend, ctx.io.availableMemory());
  if (!problem) return;
  const gpu = flags.backend === 'webgpu' ? '' : ', or --backend webgpu on a machine with a GPU (it keeps the per-time values on the device)';
  if (flags.patients !== undefined) {
    throw new UsageError(`--patients ${flags.patients} is too large: ${problem}`, `use a smaller --patients (10 000 gives event rates to about ±1%)${gpu}`);
  }
  const at = info.populationSize ?? { line: 1, col: 1 };
  throw InputError.at(path, at.line, at.col, `population.size is too large: ${problem}`, `lower population.size, or override it with --patients N${gpu}`);
}

/**
 * One directory per scenario: --out itself for one scenario; --out/<id> for several, and
 * results/<id> without --out — where <id> is the scenario id made a safe single path segment, so an
 * id such as `../../x` cannot place files outside that directory.
 */
function outputDirs(paths: string[], infos: FileInfo[], flags: RunFlags, ctx: CommandContext): string[] {
  const { io } = ctx;
  if (flags.out !== undefined && paths.length === 1) return [resolve(io.cwd, flags.out)];
  const root = resolve(io.cwd, flags.out ?? DEFAULT_OUT);
  const ids = infos.map((info) => info.id);
  const seen = new Map<string, string>();
  return ids.map((id) => {
    const segment = safeSegment(id);
    // Case-insensitive file systems (macOS, Windows) would merge names that differ only in case.
    const key = segment.toLowerCase();
    const other = seen.get(key);
    if (other !== undefined) {
      throw new UsageError(`scenarios "${other}" and "${id}" would write to the same directory ${join(root, segment)}`, 'run them one at a time with different --out directories');
    }
    seen.set(key, id);
    if (segment !== id && !flags.quiet) io.stderr.write(`note: scenario id "${id}" is not a safe directory name; its output goes to ${join(root, segment)}\n`);
    return join(root, segment);
  });
}

/** The files of a run's output directory (also what `oncotwin merge` writes for a merged run). */
export function outputFiles(result: ScenarioResult, flags: Pick<RunFlags, 'trajectories' | 'report'>): OutputFile[] {
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
