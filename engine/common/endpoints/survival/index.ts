/** Simulated event times (death, new lesions) and the survival endpoints built from them. */
export { atRiskTable, atRiskTimes, type AtRiskRow } from './at-risk.js';
export { drawPatientEvents, type EventOutcome, type PatientInputs } from './draw-events.js';
export { loadSurvivalSpec, parseSurvivalSpec } from './load-survival-spec.js';
export { pairedHazardRatio, type PairedHazardRatio } from './paired-hazard-ratio.js';
export { progressionFree } from './progression-free.js';
export { computeSurvival, regimenEvents, timeToEvent, type SurvivalContext, type SurvivalRegimen, type SurvivalResult, type TimeToEvent } from './survival-endpoints.js';
export { patientInputs, survivalSummaries, tumourSampleTimes } from './survival-inputs.js';
export { SURVIVAL_STREAM, survivalUniform } from './survival-rng.js';
export type { EventModel, HazardTerm, SurvivalQuantity, SurvivalSpec } from './survival-spec.js';
export { tumourRatio } from './tumour-path.js';
export { constantPath, weibullCumulativeHazard, weibullEventTime, type LinearPredictorPath } from './weibull-hazard.js';
