/** Scenario loading and job building (public entry points). */
export { loadScenario, SCENARIO_KEYS, type LoadScenarioOptions, type ModelLoader } from './load-scenario.js';
export { buildJob, type JobOverrides } from './build-job.js';
export type { Scenario } from './scenario.js';
export type { EventSpec } from './summaries.js';
export { canonicalJson, canonicalSha256 } from './canonical-json.js';
