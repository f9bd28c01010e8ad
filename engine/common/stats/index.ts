/** Statistics for per-regimen reports: intervals, survival curves, distribution summaries. */
export { normalQuantile } from './distributions.js';
export { wilsonInterval } from './wilson.js';
export { pairedProportionDifference } from './paired-proportions.js';
export { describe } from './describe.js';
export { kaplanMeier, kaplanMeierMedian, type KaplanMeierCurve } from './kaplan-meier.js';
