/**
 * Dose-finder targets as users type them (CLI `--target`, the desktop field):
 *   grade4<=0.2        P(grade 4 neutropenia) in the next cycle at most 20% (also `grade3<=30%`)
 *   grade4<=0.2@2      … in forecast cycle 2
 *   auc=5 mg/mL*min    AUC of the first concentration output over one cycle (Calvert-style target)
 *   auc:Cp=5 mg/mL*min AUC of output Cp
 *   auc:Cp in 20..30 mg*h/L   an AUC window (5-FU style); `20-30` also accepted
 */
import { InputError, excerpt } from '../common/errors.js';
import type { DoseTarget } from './dose-finder.js';

const NUM = '([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)';

export function parseDoseTarget(text: string, where: string, defaultOutput: string | undefined): DoseTarget {
  const t = text.trim();
  const bad = (why: string): never => {
    throw new InputError([{ file: where, line: 1, col: 1, message: `dose target '${excerpt(t, 60)}': ${why}`, hint: "e.g. grade4<=0.2, grade3<=30%@1, auc=5 mg/mL*min, auc:Cp in 20..30 mg*h/L" }]);
  };
  const tox = new RegExp(`^grade\\s*([34])\\s*<=\\s*${NUM}\\s*(%?)\\s*(?:@\\s*([0-9]+))?$`).exec(t);
  if (tox) {
    const p = Number(tox[2]) / (tox[3] ? 100 : 1);
    if (!(p > 0 && p < 1)) bad('the probability must lie between 0 and 1 (or 0% and 100%)');
    const cycle = tox[4] === undefined ? 1 : Number(tox[4]);
    if (!(cycle >= 1)) bad('the cycle after @ counts from 1');
    return { kind: 'toxicity', grade: Number(tox[1]) as 3 | 4, maxProbability: p, cycle };
  }
  const auc = new RegExp(`^auc(?::([A-Za-z_][A-Za-z0-9_]*))?\\s*(?:=\\s*${NUM}|in\\s*${NUM}\\s*(?:\\.\\.|-)\\s*${NUM})\\s*(\\S.*)$`).exec(t);
  if (auc) {
    const output = auc[1] ?? defaultOutput ?? bad('the model has no concentration output; name one as auc:<output>');
    const unit = auc[5].trim();
    if (auc[2] !== undefined) {
      const target = Number(auc[2]);
      if (!(target > 0)) bad('the AUC target must be > 0');
      return { kind: 'auc', output, target, unit };
    }
    const low = Number(auc[3]), high = Number(auc[4]);
    if (!(low > 0 && high > low)) bad('the window needs 0 < low < high');
    return { kind: 'auc_window', output, low, high, unit };
  }
  return bad('not a target this tool knows');
}
