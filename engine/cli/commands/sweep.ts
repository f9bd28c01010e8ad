/**
 * `oncotwin sweep SCENARIO --set PATH=V1,V2,… [--set …] [--shards N]`: runs the scenario at every
 * combination of the set values (engine/shard/sweep), on one engine session, and commits
 * sweep.csv, sweep.txt and one SVG chart per metric (chart-<metric>.svg) as one unit; prints the
 * table. Paths and values are checked against the scenario file before anything runs.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createNodeSession } from '../../run-scenario.js';
import type { ScenarioResult } from '../../common/scenario-result.js';
import { pathProblem, valueProblem, type Override } from '../../shard/sweep/scenario-variant.js';
import { parseSetSpec, sweepGrid, type SetSpec } from '../../shard/sweep/set-spec.js';
import { loadVariant, runPoint } from '../../shard/sweep/run-sweep.js';
import { sweepChartSvg } from '../../shard/sweep/sweep-chart.js';
import { chooseMetrics, sweepCsv, sweepRows, type SweepRow } from '../../shard/sweep/sweep-table.js';
import { builtinsOf, resolveFileArg } from '../catalog.js';
import type { CommandContext } from '../context.js';
import { DEFAULT_OUT } from '../defaults.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { styleFor, type Style } from '../io.js';
import { safeSegment } from '../output/confine.js';
import { OutputDir } from '../output/output-dir.js';
import type { OutputFile } from '../output/write-file.js';
import { ProgressBar } from '../progress.js';
import { fmt, pct, renderTable } from '../text-table.js';
import type { BackendChoice } from '../../backends/backend.js';

export interface SweepFlags {
  set: string[];
  metric: string[];
  shards?: number;
  out?: string;
  backend: BackendChoice;
  threads?: number;
  patients?: number;
  seed?: number;
  quiet?: boolean;
}

/** The --set arguments, each checked against the scenario's own text. */
async function setSpecs(path: string, args: string[]): Promise<SetSpec[]> {
  if (args.length === 0) throw new UsageError('sweep needs at least one --set PATH=VALUES', "for example --set 'regimens[0].dose.amount=50,60,75'");
  const text = await readFile(path, 'utf8');
  const specs = args.map((arg) => {
    const s = parseSetSpec(arg);
    if (typeof s === 'string') throw new UsageError(s, "for example --set 'regimens[0].dose.amount=50,60,75'");
    const where = pathProblem(text, s.path);
    if (where) throw new UsageError(`--set ${arg}: ${where}`, `paths name a value the scenario file ${path} has`);
    for (const v of s.values) {
      const bad = valueProblem(v);
      if (bad) throw new UsageError(`--set ${arg}: ${bad}`, 'quote strings with commas, e.g. "a, b"');
    }
    return s;
  });
  const dup = specs.find((s, i) => specs.findIndex((t) => t.pathText === s.pathText) !== i);
  if (dup) throw new UsageError(`--set ${dup.pathText} is given twice`, 'list all its values in one --set, separated by commas');
  return specs;
}

export async function sweepCommand(arg: string, flags: SweepFlags, ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  const path = await resolveFileArg(arg, io.cwd, builtinsOf(ctx.engine), 'scenario');
  const sets = await setSpecs(path, flags.set);
  const points = sweepGrid(sets);
  const overridesOf = (point: string[]): Override[] => point.map((value, i) => ({ path: sets[i].path, pathText: sets[i].pathText, value }));
  // Every variant is loaded (and so checked) before the first simulation.
  const scenarios = [];
  for (const p of points) scenarios.push(await loadVariant(path, overridesOf(p)));
  const first = scenarios[0];
  const metrics = chooseMetrics(flags.metric, first.events.map((e) => e.name), first.summaries.map((s) => s.name));
  if (typeof metrics === 'string') throw new UsageError(metrics, 'pick names from the scenario\'s events: and summaries:, or --metric all');
  const out = await OutputDir.open(resolve(io.cwd, flags.out ?? join(DEFAULT_OUT, `${safeSegment(first.id)}-sweep`)));
  const session = createNodeSession();
  const style = styleFor(io.stderr, io.env);
  const rows: SweepRow[] = [];
  try {
    for (let i = 0; i < points.length; i++) {
      const label = `${first.id} ${points[i].map((v, k) => `${sets[k].pathText}=${v}`).join(' ')} (${i + 1}/${points.length})`;
      const bar = new ProgressBar(io.stderr, flags.quiet ? { ...style, animate: false } : style, label);
      let result: ScenarioResult;
      try {
        result = await runPoint(session, scenarios[i], {
          backend: flags.backend, threads: flags.threads, nPatients: flags.patients, seed: flags.seed,
          signal: ctx.signal, onProgress: (f) => bar.update(f),
        }, flags.shards);
      } finally {
        bar.finish();
      }
      rows.push(...sweepRows(points[i], result, metrics));
    }
    const paths = sets.map((s) => s.pathText);
    const text = sweepText(paths, rows, styleFor(io.stdout, io.env));
    const files: OutputFile[] = [
      { name: 'sweep.csv', chunks: () => sweepCsv(paths, rows) },
      { name: 'sweep.txt', chunks: () => [sweepText(paths, rows, plain)] },
      ...metrics.map((m) => ({ name: `chart-${safeSegment(m.name)}.svg`, chunks: () => [sweepChartSvg(paths, rows, m.name)] })),
    ];
    const written = await out.commit(files, ctx.signal);
    if (!flags.quiet) {
      io.stdout.write(text);
      io.stderr.write(style.dim(`${points.length} points; wrote ${written.length} files to ${out.path}`) + '\n');
    }
  } finally {
    await session.dispose();
    await out.close();
  }
  return EXIT.ok;
}

const same = (s: string) => s;
/** The file's table: no colour codes. */
const plain: Style = { color: false, animate: false, bold: same, dim: same, red: same, green: same, yellow: same };

function sweepText(paths: string[], rows: SweepRow[], style: Style): string {
  const header = [...paths, 'regimen', 'metric', 'value', '95% CI', 'n'];
  const body = rows.map((r) => [
    ...r.point, r.regimen, r.kind === 'rate' ? r.metric : `${r.metric} (mean, ${r.unit})`,
    r.kind === 'rate' ? pct(r.value) : fmt(r.value),
    r.lo !== undefined && r.hi !== undefined ? `${pct(r.lo)}–${pct(r.hi)}` : '',
    String(r.n),
  ]);
  return renderTable(header, body, style);
}
