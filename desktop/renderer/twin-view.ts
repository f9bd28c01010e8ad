/**
 * What the Patient screen shows of a twin session, as plain data (built in the twin worker, sent
 * to the page), and the messages between the two.
 */
import type { TwinSession } from '../../engine/twin/run-twin.js';
import type { TwinChart } from '../../engine/twin/twin-charts.js';

export interface TwinRequestMessage {
  origin: string;
  scenarioFile: string;
  scenarioYaml: string;
  recordName: string;
  recordText: string;
  target?: string;
}

export interface TwinView {
  summary: string;
  /** name, MAP (SE), median, 90% credible interval */
  parameters: string[][];
  /** regimen (starting dose), cycle, ANC nadir (90%), P(grade ≥3), P(grade 4) */
  risks: string[][];
  dose?: string;
  warnings: string[];
  notes: string[];
}

export type TwinReply =
  | { ok: true; ms: number; view: TwinView; charts: TwinChart[]; json: string; html: string; id: string }
  | { ok: false; problem: string };

const f3 = (x: number): string => (Number.isFinite(x) ? String(Number(x.toPrecision(3))) : '–');
const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;

export function twinView(s: TwinSession): TwinView {
  const p = s.fit.problem;
  return {
    summary: `${p.observations.length} measurements, ${p.history.length} doses; MAP ${s.fit.map.converged ? 'converged' : 'did not converge'}; posterior: ${s.fit.posterior.method}, ESS ${f3(s.fit.posterior.sirEss)} of ${s.fit.posterior.candidates}.`,
    parameters: s.fit.parameters.map((q) => [`${q.name}${q.unit === '1' ? '' : ` (${q.unit})`}`, `${f3(q.map)}${q.se === undefined ? '' : ` (${f3(q.se)})`}`, f3(q.median), `${f3(q.lo)} – ${f3(q.hi)}`]),
    risks: s.forecasts.regimens.flatMap((r) => r.cycles.map((c) => [`${r.name} (${f3(r.dose)} ${r.doseUnit})`, String(c.cycle), `${f3(c.nadir.median)} (${f3(c.nadir.lo)}–${f3(c.nadir.hi)})`, pct(c.grade3.p), pct(c.grade4.p)])),
    ...(s.dose ? { dose: `Dose: ${f3(s.dose.dose)} (${f3(s.dose.doseInterval.lo)}–${f3(s.dose.doseInterval.hi)}) = ${pct(s.dose.scale)} of ${s.dose.regimen}${s.dose.met ? '' : ' — target not met'}` } : {}),
    warnings: s.domain.warnings,
    notes: [...s.domain.notAssessable, ...s.notes, ...(p.record.notes ?? [])],
  };
}
