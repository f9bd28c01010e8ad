/**
 * `oncotwin twin <patient-file> --scenario <scenario>`: reads the patient's record, calibrates the
 * twin (MAP, posterior), forecasts each of the scenario's regimens (or the last dose continued, with
 * --model), finds the dose for --target, and commits twin.json with its CSV tables as one unit
 * (output/output-dir.ts). Prints a summary: the estimates, per-regimen risks and the dose.
 *
 * The twin reaches the engine directly (loaders, backends, engine/twin) rather than through the
 * CLI's injected Engine interface, which the kernel rewrite is changing; see docs/TWIN.md.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ModelIR } from '../../common/ir.js';
import { loadModel } from '../../common/model/load-model.js';
import { readPatientFile } from '../../common/patient-record/read-patient-file.js';
import type { Scenario } from '../../common/scenario/scenario.js';
import type { BackendChoice } from '../../backends/backend.js';
import { selectBackend } from '../../backends/registry.js';
import { NodeFileHost } from '../../node/node-file-host.js';
import { loadScenarioFile, nodeBackendFactories, PACKAGE_ROOT } from '../../run-scenario.js';
import { runTwin, type TwinSession } from '../../twin/run-twin.js';
import { twinJson, twinTables } from '../../twin/twin-report.js';
import { builtinsOf, resolveFileArg } from '../catalog.js';
import type { CommandContext } from '../context.js';
import { csvRow } from '../../common/csv.js';
import { DEFAULT_OUT } from '../defaults.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { styleFor } from '../io.js';
import { safeSegment } from '../output/confine.js';
import { OutputDir } from '../output/output-dir.js';
import type { OutputFile } from '../output/write-file.js';

export interface TwinFlags {
  scenario?: string;
  model?: string;
  out?: string;
  target?: string;
  targetRegimen?: string;
  start?: number;
  cycles?: number;
  candidates?: number;
  draws?: number;
  seed?: number;
  backend: BackendChoice;
  threads?: number;
  json?: boolean;
  quiet?: boolean;
}

export async function twinCommand(patientArg: string, flags: TwinFlags, ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  if ((flags.scenario === undefined) === (flags.model === undefined)) {
    throw new UsageError('give --scenario (the candidate regimens) or --model (forecasts continue the last dose)', 'e.g. oncotwin twin patient.yaml --scenario docetaxel-neutropenia-kloft2006');
  }
  const patientPath = resolve(io.cwd, patientArg);
  const host = new NodeFileHost();
  let scenario: Scenario | undefined;
  let model: ModelIR;
  if (flags.scenario !== undefined) {
    scenario = await loadScenarioFile(await resolveFileArg(flags.scenario, io.cwd, builtinsOf(ctx.engine), 'scenario'));
    model = scenario.model;
  } else {
    model = await loadModel(await resolveFileArg(flags.model!, io.cwd, builtinsOf(ctx.engine), 'model-or-scenario'), host);
  }
  const recordText = await host.readText(patientPath);
  const record = await readPatientFile(patientPath, host);
  const out = await OutputDir.open(resolve(io.cwd, flags.out ?? join(DEFAULT_OUT, `twin-${safeSegment(record.id || 'patient')}`)));
  try {
    const { backend, notes } = await selectBackend(flags.backend, nodeBackendFactories(flags.threads, flags.backend !== 'auto'));
    const startedAt = new Date();
    const t0 = performance.now();
    let session: TwinSession;
    try {
      session = await runTwin(model, record, backend, scenario, {
        candidates: flags.candidates ?? 20_000, draws: flags.draws, seed: flags.seed, target: flags.target,
        targetRegimen: flags.targetRegimen, startDay: flags.start, cycles: flags.cycles, signal: ctx.signal,
      });
    } finally {
      await backend.dispose();
    }
    session.notes.push(...notes);
    const json = twinJson(session, {
      engineVersion: packageVersion(), startedAt: startedAt.toISOString(), durationMs: performance.now() - t0,
      backend: backend.name, device: backend.describe(), precision: backend.precision, seed: flags.seed ?? 1, recordText,
      ...(scenario ? { scenario: { path: scenario.path, sha256: scenario.sha256 } } : {}),
    });
    const files: OutputFile[] = [{ name: 'twin.json', chunks: () => [JSON.stringify(json, null, 2) + '\n'] }];
    for (const [name, rows] of Object.entries(twinTables(session))) files.push({ name, chunks: () => rows.map((r) => csvRow(r) + '\n') });
    const written = await out.commit(files, ctx.signal);
    if (flags.json) io.stdout.write(JSON.stringify(json, null, 2) + '\n');
    else if (!flags.quiet) {
      io.stdout.write(summaryText(session) + '\n');
      io.stderr.write(styleFor(io.stderr, io.env).dim(`wrote ${written.length} files to ${out.path}`) + '\n');
    }
  } finally {
    await out.close();
  }
  return EXIT.ok;
}

function packageVersion(): string | undefined {
  try { return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version; } catch { return undefined; }
}

const f3 = (x: number): string => (Number.isFinite(x) ? Number(x.toPrecision(3)).toString() : '–');
const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;

/** The terminal summary: estimates, fit diagnostics, per-regimen next-cycle risks, dose. */
export function summaryText(s: TwinSession): string {
  const { fit, forecasts, dose, domain } = s;
  const lines: string[] = [];
  lines.push(`Patient ${fit.problem.record.id || '(no id)'} — ${fit.problem.observations.length} measurements, ${fit.problem.history.length} doses; model ${fit.problem.model.name}`);
  lines.push(`MAP: OBJ ${f3(fit.map.objective)}, ${fit.map.converged ? 'converged' : `NOT converged (${fit.map.message})`} in ${fit.map.iterations} iterations; posterior: ${fit.posterior.method}, ESS ${f3(fit.posterior.sirEss)} of ${fit.posterior.candidates}`);
  lines.push('', 'parameter            MAP      (SE)     median   90% CrI');
  for (const q of fit.parameters) lines.push(`${q.name.padEnd(20)} ${f3(q.map).padStart(8)} ${q.se === undefined ? '        ' : `(${f3(q.se)})`.padStart(8)} ${f3(q.median).padStart(8)}   ${f3(q.lo)} – ${f3(q.hi)} ${q.unit === '1' ? '' : q.unit}`);
  for (const r of forecasts.regimens) {
    lines.push('', `${r.name} (starting dose ${f3(r.dose)} ${r.doseUnit})`);
    for (const c of r.cycles) lines.push(`  cycle ${c.cycle} (day ${f3(c.fromDay)}–${f3(c.toDay)}): ANC nadir ${f3(c.nadir.median)} (${f3(c.nadir.lo)}–${f3(c.nadir.hi)}), P(grade ≥3) ${pct(c.grade3.p)}, P(grade 4) ${pct(c.grade4.p)}`);
    if (r.tumour) lines.push(`  ${r.tumour.output} change over the forecast: ${f3(r.tumour.changePercent.median)}% (${f3(r.tumour.changePercent.lo)} to ${f3(r.tumour.changePercent.hi)}%); P(≥30% shrinkage) ${pct(r.tumour.shrink30.p)}, P(≥20% growth) ${pct(r.tumour.grow20.p)}`);
    for (const e of r.exposures) lines.push(`  AUC ${e.output}: ${f3(e.auc.median)} (${f3(e.auc.lo)}–${f3(e.auc.hi)}) ${e.unit}`);
  }
  if (dose) {
    lines.push('', `Dose for ${JSON.stringify(dose.target)}: ${f3(dose.dose)} (${f3(dose.doseInterval.lo)}–${f3(dose.doseInterval.hi)}) = ${pct(dose.scale)} of ${dose.regimen}${dose.met ? '' : ' — target NOT met'}`);
    for (const n of dose.notes) lines.push(`  ${n}`);
  }
  for (const w of domain.warnings) lines.push(`warning: ${w}`);
  for (const n of [...domain.notAssessable, ...s.notes]) lines.push(`note: ${n}`);
  if (domain.warnings.length || s.notes.length || domain.notAssessable.length) lines.push('');
  return lines.join('\n');
}
