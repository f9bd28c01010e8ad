/**
 * Relative dose intensity (RDI): delivered dose per unit time divided by planned dose per unit time,
 * the standard measure of chemotherapy delivery (Hryniuk W, Bush H. J Clin Oncol 1984;2:1281-1288;
 * Lyman GH. J Natl Compr Canc Netw 2009;7:99-108). RDI = (delivered amount / actual treatment
 * duration) / (planned amount / planned duration). With no delays (actual = planned duration) it is
 * the delivered fraction of the planned amount.
 */

export interface DoseDelivery {
  /** Total planned amount (any mass unit, same as delivered). */
  planned: number;
  /** Total delivered amount. */
  delivered: number;
  /** Planned treatment duration (any time unit, same as actual). */
  plannedDuration: number;
  /** Actual duration, longer than planned when cycles were delayed. Defaults to the planned duration. */
  actualDuration?: number;
}

/** RDI of one patient; NaN when nothing was planned. */
export function relativeDoseIntensity(d: DoseDelivery): number {
  const actual = d.actualDuration ?? d.plannedDuration;
  if (!(d.planned > 0) || !(d.plannedDuration > 0) || !(actual > 0)) return NaN;
  if (d.delivered < 0) throw new RangeError(`delivered amount cannot be negative (${d.delivered})`);
  return (d.delivered / actual) / (d.planned / d.plannedDuration);
}

/**
 * RDI from the planned and delivered amounts of each administration (same order; a held dose is a 0
 * in `delivered`), and the planned and actual treatment durations.
 */
export function relativeDoseIntensityFromDoses(planned: ArrayLike<number>, delivered: ArrayLike<number>, plannedDuration: number, actualDuration = plannedDuration): number {
  if (planned.length !== delivered.length) throw new RangeError('planned and delivered dose lists differ in length');
  let p = 0;
  let d = 0;
  for (let i = 0; i < planned.length; i++) { p += planned[i]; d += delivered[i]; }
  return relativeDoseIntensity({ planned: p, delivered: d, plannedDuration, actualDuration });
}
