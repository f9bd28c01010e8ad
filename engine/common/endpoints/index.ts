/** Clinical endpoints from per-patient summaries and time courses. */
export { ANC_LLN_DEFAULT, neutrophilGrade, neutrophilGrades, worstGrade } from './ctcae-neutrophils.js';
export { recistEvaluate, type Assessment, type BestResponse, type RecistOptions, type RecistResult, type TimepointResponse } from './recist.js';
export {
  recistForPatients, recistForWeights, responseCounts, sphereDiameterMm, VOLUME_PD_INCREASE, VOLUME_PR_DECREASE,
  type PopulationRecist,
} from './recist-population.js';
export { relativeDoseIntensity, relativeDoseIntensityFromDoses, type DoseDelivery } from './dose-intensity.js';
export { firstTimeBelow, interpolate, nadir, timeBelow } from './time-course.js';
export {
  computeEndpoints, type Distribution, type EndpointsResult, type NeutropeniaRegimen, type PairedDiff, type RecistRegimen,
} from './clinical-endpoints.js';
export {
  atRiskTable, atRiskTimes, computeSurvival, constantPath, drawPatientEvents, loadSurvivalSpec, pairedHazardRatio, parseSurvivalSpec,
  patientInputs, progressionFree, survivalSummaries, survivalUniform, SURVIVAL_STREAM, timeToEvent, tumourRatio,
  weibullCumulativeHazard, weibullEventTime,
  type AtRiskRow, type EventModel, type EventOutcome, type LinearPredictorPath, type PairedHazardRatio, type PatientInputs, type SurvivalContext,
  type SurvivalRegimen, type SurvivalResult, type SurvivalSpec, type TimeToEvent,
} from './survival/index.js';
