/** Simulated event times (death, new lesions) and the survival endpoints built from them. */
export { atRiskTable, atRiskTimes } from './at-risk.js';
export { drawPatientEvents } from './draw-events.js';
export { loadSurvivalSpec, parseSurvivalSpec } from './load-survival-spec.js';
export { pairedHazardRatio, type PairedHazardRatio } from './paired-hazard-ratio.js';
export { progressionFree } from './progression-free.js';
export { type SurvivalResult, type TimeToEvent } from './survival-endpoints.js';
export { survivalSummaries } from './survival-inputs.js';
export { survivalUniform } from './survival-rng.js';
export type { SurvivalSpec } from './survival-spec.js';
export { tumourRatio } from './tumour-path.js';
export { constantPath, weibullCumulativeHazard, weibullEventTime, type LinearPredictorPath } from './weibull-hazard.js';
