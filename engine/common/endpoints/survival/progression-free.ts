/**
 * Progression-free survival from a patient's RECIST progression (assessment-based, new lesions
 * included) and death: the event is whichever comes first; a patient alive without progression is
 * censored at the last tumour assessment (PFS is only observed while scans happen), and a death after
 * that last assessment without a documented progression is censored there too (FDA 2018 guidance on
 * clinical trial endpoints, censoring of death after missed assessments; simplified to "after the last
 * scheduled assessment of the simulation").
 */

export interface PfsOutcome {
  time: number;
  event: boolean;
}

/**
 * `progression`: time to RECIST PD (event) or to the last assessment (censored); `death`: death time
 * (event) or censoring; all in one time unit. NaN inputs give NaN (not evaluable).
 */
export function progressionFree(progression: { time: number; event: boolean }, death: { time: number; event: boolean }): PfsOutcome {
  if (Number.isNaN(progression.time) || Number.isNaN(death.time)) return { time: NaN, event: false };
  const lastScan = progression.time;
  if (progression.event) {
    return death.event && death.time < progression.time ? { time: death.time, event: true } : { time: progression.time, event: true };
  }
  if (death.event && death.time <= lastScan) return { time: death.time, event: true };
  return { time: lastScan, event: false };
}
