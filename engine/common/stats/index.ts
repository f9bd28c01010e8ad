/** Statistics for per-regimen reports: intervals, survival curves, distribution summaries. */
export { normalQuantile, studentTQuantile, studentTCdf, incompleteBeta, zCritical } from './distributions.js';
export { wilsonInterval } from './wilson.js';
export { pairedProportionDifference, type PairedCounts } from './paired-proportions.js';
export { pairedMeanDifference } from './paired-mean.js';
export { describe, meanSd, quantileSorted, sortedFinite } from './describe.js';
export { kaplanMeier, kaplanMeierMedian, survivalAt, type KaplanMeierCurve } from './kaplan-meier.js';
export {
  summarizeRegimen, compareRegimens, summaryStats, eventRate, eventFlags, failureCounts,
  type EventSpec, type SummaryMeta, type RegimenStatsSpec,
} from './summarize.js';
export type { PairedComparison, Rate, RegimenReport, SummaryStats } from './report-types.js';
