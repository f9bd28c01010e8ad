/**
 * RECIST 1.1 response of target lesions from a series of assessments of the sum of diameters.
 *
 * Rules (Eisenhauer EA et al. Eur J Cancer 2009;45:228-247; research/models.md §6, R42-R44):
 * - CR: all target lesions gone — here the sum is at or below `detectionLimit` (default 0).
 * - PR: sum at least 30% below the BASELINE sum.
 * - PD: sum at least 20% above the smallest sum recorded so far (the nadir, baseline included) AND at
 *   least 5 mm above it in absolute terms; also any reappearance after the sum had reached CR level
 *   (the RECIST 1.1 footnote: disease after a CR is progression). Assessment stops at the first PD.
 * - SD: neither. For the best overall response an SD time point must lie at least `sdMinDuration`
 *   after baseline (protocol-defined, often 6-8 weeks).
 * - Confirmation (optional, for trials where response is the primary endpoint): CR/PR must be seen again
 *   at the first assessment at least `confirmationInterval` (4 weeks) later, with every assessment in
 *   between also CR (for CR) or CR/PR (for PR). Unconfirmed responses fall back to SD.
 * - New lesions (RECIST 1.1: unequivocal new lesion = PD): when the model gives the time a first new
 *   lesion appears (`newLesionTime`), the first assessment at or after that time is PD whatever the
 *   target sum does — the lesion is found at the next scan, as in a trial.
 * Values exactly on a threshold meet it ("at least"). Non-target lesions are not modelled.
 */

export type TimepointResponse = 'CR' | 'PR' | 'SD' | 'PD';
export type BestResponse = TimepointResponse | 'NE';

export interface RecistOptions {
  /** Fractional decrease from baseline for PR (default 0.30). */
  prThreshold?: number;
  /** Fractional increase over the nadir for PD (default 0.20). */
  pdThreshold?: number;
  /** Absolute increase over the nadir also required for PD, in the sum's unit (default 5 mm; 0 disables). */
  pdAbsolute?: number;
  /** A sum at or below this counts as complete disappearance (default 0). */
  detectionLimit?: number;
  /** Require confirmation of CR/PR (default false). */
  confirm?: boolean;
  /** Minimum time between a response and its confirmation, in the assessments' time unit (default 28, days). */
  confirmationInterval?: number;
  /** Minimum time from baseline for SD to count as best response (default 0). */
  sdMinDuration?: number;
  /** Time (same unit as the assessments) a first new lesion appears; Infinity or absent = never. */
  newLesionTime?: number;
}

/** One assessment: time (any unit, consistently) and sum of diameters. The first one is baseline. */
export interface Assessment {
  time: number;
  sum: number;
}

export interface RecistResult {
  /** Post-baseline time-point responses, up to and including the first PD. */
  timepoints: { time: number; response: TimepointResponse }[];
  best: BestResponse;
  /** Time from baseline to the first PD (event), or to the last assessment (censored). */
  progression: { time: number; event: boolean };
}

/** Relative tolerance so that values exactly on a threshold meet it despite binary rounding. */
const EPS = 1e-12;

/** Evaluates one patient's series. Throws RangeError on an unsorted or non-finite series. */
export function recistEvaluate(series: readonly Assessment[], options: RecistOptions = {}): RecistResult {
  const o = withDefaults(options);
  if (series.length === 0) throw new RangeError('RECIST needs at least a baseline assessment');
  for (let k = 0; k < series.length; k++) {
    if (!Number.isFinite(series[k].time) || !Number.isFinite(series[k].sum) || series[k].sum < 0) {
      throw new RangeError(`assessment ${k} is not a finite non-negative sum at a finite time`);
    }
    if (k > 0 && !(series[k].time > series[k - 1].time)) throw new RangeError('assessment times must increase');
  }
  const t0 = series[0].time;
  const baseline = series[0].sum;
  let nadir = baseline;
  const timepoints: RecistResult['timepoints'] = [];
  let pdTime = NaN;
  for (let k = 1; k < series.length; k++) {
    const { time, sum } = series[k];
    const response = time >= o.newLesionTime ? 'PD' : classify(sum, baseline, nadir, o);
    timepoints.push({ time, response });
    if (response === 'PD') { pdTime = time; break; }
    nadir = Math.min(nadir, sum);
  }
  const progressed = !Number.isNaN(pdTime);
  const lastTime = timepoints.length > 0 ? timepoints[timepoints.length - 1].time : t0;
  return {
    timepoints,
    best: bestResponse(timepoints, t0, o, progressed),
    progression: { time: (progressed ? pdTime : lastTime) - t0, event: progressed },
  };
}

function classify(sum: number, baseline: number, nadir: number, o: Required<RecistOptions>): TimepointResponse {
  const gone = (v: number): boolean => v <= o.detectionLimit;
  if (gone(nadir) && !gone(sum)) return 'PD';
  const rise = sum - nadir;
  if (!gone(sum) && rise >= o.pdThreshold * nadir * (1 - EPS) && rise >= o.pdAbsolute * (1 - EPS) && rise > 0) return 'PD';
  if (gone(sum)) return 'CR';
  if (baseline - sum >= o.prThreshold * baseline * (1 - EPS)) return 'PR';
  return 'SD';
}

function bestResponse(tps: RecistResult['timepoints'], t0: number, o: Required<RecistOptions>, progressed: boolean): BestResponse {
  const isCR = (r: TimepointResponse): boolean => r === 'CR';
  const isResp = (r: TimepointResponse): boolean => r === 'CR' || r === 'PR';
  if (o.confirm) {
    if (confirmed(tps, isCR, o.confirmationInterval)) return 'CR';
    if (confirmed(tps, isResp, o.confirmationInterval)) return 'PR';
  } else {
    if (tps.some((p) => isCR(p.response))) return 'CR';
    if (tps.some((p) => isResp(p.response))) return 'PR';
  }
  if (tps.some((p) => p.response !== 'PD' && p.time - t0 >= o.sdMinDuration * (1 - EPS))) return 'SD';
  return progressed ? 'PD' : 'NE';
}

/** A time point meeting `ok`, re-seen at ≥ `interval` later with every assessment in between meeting `ok`. */
function confirmed(tps: RecistResult['timepoints'], ok: (r: TimepointResponse) => boolean, interval: number): boolean {
  for (let i = 0; i < tps.length; i++) {
    if (!ok(tps[i].response)) continue;
    for (let j = i + 1; j < tps.length && ok(tps[j].response); j++) {
      if (tps[j].time - tps[i].time >= interval * (1 - EPS)) return true;
    }
  }
  return false;
}

function withDefaults(o: RecistOptions): Required<RecistOptions> {
  const r: Required<RecistOptions> = {
    prThreshold: o.prThreshold ?? 0.3,
    pdThreshold: o.pdThreshold ?? 0.2,
    pdAbsolute: o.pdAbsolute ?? 5,
    detectionLimit: o.detectionLimit ?? 0,
    confirm: o.confirm ?? false,
    confirmationInterval: o.confirmationInterval ?? 28,
    sdMinDuration: o.sdMinDuration ?? 0,
    newLesionTime: o.newLesionTime ?? Infinity,
  };
  if (Number.isNaN(r.newLesionTime)) throw new RangeError('newLesionTime must be a time or Infinity, got NaN');
  for (const [k, v] of Object.entries(r)) {
    if (k === 'newLesionTime') continue;
    if (typeof v === 'number' && !(v >= 0 && Number.isFinite(v))) throw new RangeError(`RECIST option ${k} must be a finite number >= 0, got ${v}`);
  }
  if (r.prThreshold >= 1) throw new RangeError(`prThreshold must be below 1, got ${r.prThreshold}`);
  return r;
}
