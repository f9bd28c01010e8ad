/** Clinical endpoints from per-patient summaries and time courses. */
export { recistEvaluate } from './recist.js';
export {
  computeEndpoints, type EndpointsResult, type NeutropeniaRegimen, type RecistRegimen
} from './clinical-endpoints.js';
export {
  atRiskTable, atRiskTimes, constantPath, drawPatientEvents, loadSurvivalSpec, pairedHazardRatio,
  parseSurvivalSpec, progressionFree, survivalSummaries, survivalUniform, tumourRatio,
  weibullCumulativeHazard, weibullEventTime, type LinearPredictorPath, type PairedHazardRatio,
  type SurvivalResult, type SurvivalSpec, type TimeToEvent
} from './survival/index.js';
