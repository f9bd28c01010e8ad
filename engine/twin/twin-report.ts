/**
 * What a twin session reports, as plain JSON (`twin.json`, the desktop's export) and CSV tables:
 * posterior summaries, the fit to each measurement, forecasts per regimen, the dose recommendation,
 * diagnostics and provenance. Host-neutral: the CLI and the desktop write what this returns.
 */
import { sha256Hex } from '../common/hash.js';
import { internalUnit } from '../common/units/quantity.js';
import type { TwinSession } from './run-twin.js';

export interface TwinProvenance {
  engineVersion?: string;
  gitCommit?: string;
  startedAt: string;
  durationMs: number;
  backend: string;
  device: string;
  precision: 32 | 64;
  seed: number;
  recordText: string;
  scenario?: { path: string; sha256: string };
}

const round = (x: number, d = 6): number | null => (Number.isFinite(x) ? Number(x.toPrecision(d)) : null);

export function twinJson(s: TwinSession, prov: TwinProvenance): Record<string, unknown> {
  const { fit, forecasts, dose, domain, settings } = s;
  const p = fit.problem;
  const m = p.model;
  const perDay = internalUnit('d', m.timeUnit).factor;
  return {
    patient: { id: p.record.id, file: p.record.file, origin: p.record.origin ?? null, measurements: p.observations.length, doses: p.history.length },
    model: { id: m.name, sha256: m.sourceHash, files: m.files },
    objective: {
      definition: 'OBJ(η) = Σ_j −2 ln p(y_j | f_j(η)) + ηᵀΩ⁻¹η + ln det(2πΩ)  (−2 log posterior up to a constant; M3 for values below the LLOQ)',
      atMap: round(fit.map.objective),
    },
    map: {
      converged: fit.map.converged, message: fit.map.message, iterations: fit.map.iterations, evaluations: fit.map.evaluations,
      curvature: fit.map.curvature, ms: round(fit.timings.mapMs, 4),
    },
    posterior: {
      method: fit.posterior.method, candidates: fit.posterior.candidates, ess: round(fit.posterior.sirEss, 4),
      failedCandidates: fit.posterior.failed, draws: fit.posterior.nDraws,
      ...(fit.posterior.mcmc ? { mcmc: { ...fit.posterior.mcmc, rhat: fit.posterior.mcmc.rhat.map((r) => round(r, 4)) } } : {}),
      ms: round(fit.timings.posteriorMs, 4),
      parameters: fit.parameters.map((q) => ({ ...q, map: round(q.map), se: q.se === undefined ? undefined : round(q.se), mean: round(q.mean), sd: round(q.sd), median: round(q.median), lo: round(q.lo), hi: round(q.hi) })),
    },
    observations: fit.observations.map((o) => ({ ...o, value: round(o.value), lloq: round(o.lloq), map: round(o.map), median: round(o.median), lo: round(o.lo), hi: round(o.hi) })),
    forecast: {
      startDay: round((settings.start - p.lead) / perDay, 5), days: round(settings.length / perDay, 5), cycleDays: round(settings.cycle / perDay, 5),
      regimens: forecasts.regimens.map((r) => ({
        name: r.name, startingDose: round(r.dose), doseUnit: r.doseUnit, failed: r.failed,
        cycles: r.cycles.map((c) => ({ ...c, fromDay: round(c.fromDay, 5), toDay: round(c.toDay, 5) })),
        tumour: r.tumour ?? null,
        exposures: r.exposures.map((e) => ({ output: e.output, unit: e.unit, auc: e.auc })),
      })),
    },
    dose: dose ? { ...dose, doseUnit: forecasts.regimens[0]?.doseUnit ?? 'mg', curve: dose.curve.map((c) => ({ ...c, value: round(c.value) })) } : null,
    domain,
    notes: [...s.notes, ...(p.record.notes ?? [])],
    diagnostics: { backendRuns: fit.simulator.stats.runs, candidatesSimulated: fit.simulator.stats.candidates },
    provenance: {
      engineVersion: prov.engineVersion ?? null, gitCommit: prov.gitCommit ?? null, startedAt: prov.startedAt, durationMs: round(prov.durationMs, 4),
      backend: prov.backend, device: prov.device, precision: prov.precision, seed: prov.seed,
      record: { file: p.record.file, sha256: sha256Hex(prov.recordText) }, scenario: prov.scenario ?? null,
    },
  };
}

/** CSV tables of a session: name → rows (header first); the CLI writes them with its CSV escaping. */
export function twinTables(s: TwinSession): Record<string, (string | number | boolean | null)[][]> {
  const { fit, forecasts, dose } = s;
  const p = fit.problem;
  const names = p.estimated.map((i) => p.model.variability.etas[i]);
  const draws: (string | number)[][] = [names];
  for (let i = 0; i < fit.posterior.nDraws; i++) draws.push(names.map((_, k) => fit.posterior.draws[i * names.length + k]));
  const bands: (string | number)[][] = [['regimen', 'output', 'day', ...forecasts.regimens[0]?.bands[0]?.probs.map((q) => `q${q}`) ?? []]];
  for (const r of forecasts.regimens) for (const b of r.bands) {
    forecasts.days.forEach((d, g) => bands.push([r.name, b.output, d, ...b.probs.map((_, k) => b.values[g * b.probs.length + k])]));
  }
  return {
    'parameters.csv': [['name', 'kind', 'unit', 'map', 'se', 'mean', 'sd', 'median', 'q05', 'q95'], ...fit.parameters.map((q) => [q.name, q.kind, q.unit, q.map, q.se ?? null, q.mean, q.sd, q.median, q.lo, q.hi])],
    'observations.csv': [['output', 'hours', 'value', 'bql', 'lloq', 'map_prediction', 'median', 'q05', 'q95'], ...fit.observations.map((o) => [o.output, o.timeH, o.bql ? null : o.value, o.bql, Number.isFinite(o.lloq) ? o.lloq : null, o.map, o.median, o.lo, o.hi])],
    'posterior.csv': draws,
    'forecast.csv': bands,
    'cycles.csv': [['regimen', 'cycle', 'from_day', 'to_day', 'nadir_median', 'nadir_q05', 'nadir_q95', 'p_grade3', 'p_grade3_lo', 'p_grade3_hi', 'p_grade4', 'p_grade4_lo', 'p_grade4_hi'],
      ...forecasts.regimens.flatMap((r) => r.cycles.map((c) => [r.name, c.cycle, c.fromDay, c.toDay, c.nadir.median, c.nadir.lo, c.nadir.hi, c.grade3.p, c.grade3.lo, c.grade3.hi, c.grade4.p, c.grade4.lo, c.grade4.hi]))],
    ...(dose && dose.curve.length ? { 'dose-curve.csv': [['scale', 'dose', 'value', 'lo', 'hi'], ...dose.curve.map((c) => [c.scale, c.dose, c.value, c.lo, c.hi])] } : {}),
  };
}
