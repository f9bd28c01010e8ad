/** Scenario loading and job building (public entry points). */
export { loadScenario, SCENARIO_KEYS, type ModelLoader } from './load-scenario.js';
export { buildJob } from './build-job.js';
export type { Scenario } from './scenario.js';
export type { EventSpec } from './summaries.js';
export { canonicalJson } from './canonical-json.js';
