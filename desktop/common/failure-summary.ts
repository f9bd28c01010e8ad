/**
 * Virtual patients whose simulation failed (the solver gave up: `failed[i] != 0` in the engine's
 * per-patient arrays), said wherever the desktop shows rates. The engine leaves a failed patient out
 * of everything computed from that regimen (engine/common/stats/summarize.ts): each rate and mean
 * counts only the regimen's completed patients, each paired difference only the patients completed
 * under both regimens. With failures the regimens' columns therefore rest on different patients, and
 * the selection is not random (failures cluster in extreme patients and doses), so the screen must
 * say how many failed and how they were treated — never only "Done".
 */
import type { ScenarioResult } from '../../engine/common/scenario-result.js';
import { completedInBoth, regimenFailures } from '../../engine/common/report/patient-counts.js';

export { completedInBoth, failureRows } from '../../engine/common/report/patient-counts.js';

/** What each engine failure code means, for people (engine/common/job.ts FAILURE). */
const WHY: Record<string, string> = {
  stepUnderflow: 'the solver’s step size underflowed — the equations became too stiff, often from a dose far outside what the model describes',
  tooManySteps: 'the solver needed more steps than allowed',
  nonFinite: 'a value became infinite or not a number',
};

/** Total failed patient-regimens. */
export function totalFailed(r: ScenarioResult): number {
  return r.regimens.reduce((a, g) => a + g.failures.total, 0);
}

const pct = (a: number, b: number): string => `${((100 * a) / b).toFixed(a / b < 0.1 ? 1 : 0)}%`;

/** The warning over the results when any patient failed (undefined when none did). */
export function failureWarning(r: ScenarioResult): string | undefined {
  const f = regimenFailures(r).filter((x) => x.failed > 0);
  if (!f.length) return undefined;
  const each = f.map((x) => {
    const codes = Object.entries(x.byCode).map(([c, n]) => `${n} ${WHY[c] ? `${c}: ${WHY[c]}` : c}`).join('; ');
    return `${x.failed} of ${x.n} virtual patients (${pct(x.failed, x.n)}) failed under “${x.name}” (${codes})`;
  });
  const paired = r.regimens.slice(1).map((g, k) => `${completedInBoth(r, k + 1)} for “${g.name}”`).join(', ');
  return `${each.join('. ')}. Failed patients are left out: each regimen’s rates and means count only its own completed patients (first row of the table), and each paired difference only the patients completed under both regimens (${paired}). The columns therefore describe different, selected patients — read these results with care, and check the doses.`;
}

/** One line under each chart when patients failed. */
export function chartFailureNote(r: ScenarioResult): string | undefined {
  const f = regimenFailures(r).filter((x) => x.failed > 0);
  return f.length ? `Leaves out the failed patients: ${f.map((x) => `${x.failed} of ${x.n} under “${x.name}”`).join(', ')}.` : undefined;
}

/** A "Done" status that says when patients failed. */
export function doneStatus(r: ScenarioResult, seconds: number): string {
  const done = `Done in ${seconds.toFixed(1)} s on ${r.provenance.backend} (${r.provenance.device})`;
  const failed = totalFailed(r);
  if (!failed) return `${done}.`;
  const total = r.regimens.reduce((a, g) => a + g.raw.failed.length, 0);
  return `${done} — but ${failed} of ${total} patient-regimens failed and are left out of the results (see the warning above the table).`;
}
