/**
 * Scenario → EnsembleJob (engine/common/job.ts): what a backend runs. The scenario is already
 * lowered to internal units at load time; this applies run overrides (patients, seed, trajectories)
 * and gives the job its own copy of the model when a patient table sets individual parameters.
 */
import { InputError } from '../errors.js';
import type { EnsembleJob } from '../job.js';
import { MAX_POPULATION } from '../population/population-spec.js';
import { withTableParameters } from '../population/table-columns.js';
import { splitSeed } from '../rng/uniform.js';
import type { Scenario } from './scenario.js';

export interface JobOverrides {
  nPatients?: number;
  seed?: number;
  /** Number of leading patients whose full trajectories are returned (default 0). */
  trajectories?: number;
}

/** Builds the job; bad overrides are InputErrors at the scenario's population position. */
export function buildJob(scenario: Scenario, overrides: JobOverrides = {}): EnsembleJob {
  const pos = scenario.positions['population.size'] ?? scenario.positions.population ?? { file: scenario.path, line: 1, col: 1 };
  const bad = (message: string, hint: string): never => {
    throw InputError.at(pos.file, pos.line, pos.col, message, hint);
  };
  let nPatients = scenario.population.size;
  if (overrides.nPatients !== undefined) {
    const n = overrides.nPatients;
    if (!Number.isInteger(n) || n < 1 || n > MAX_POPULATION) bad(`number of patients must be a whole number in 1..${MAX_POPULATION}, got ${n}`, 'e.g. --n 1000');
    if (scenario.population.program.table && n !== nPatients) bad(`the population is an imported table of ${nPatients} patients; it cannot be resized to ${n}`, 'drop the patient-count override');
    nPatients = n;
  }
  let seed = scenario.population.seed;
  if (overrides.seed !== undefined) {
    if (!Number.isSafeInteger(overrides.seed) || overrides.seed < 0) bad(`seed must be a whole number ≥ 0, got ${overrides.seed}`, 'e.g. --seed 42');
    seed = overrides.seed;
  }
  const trajectories = overrides.trajectories ?? 0;
  if (!Number.isInteger(trajectories) || trajectories < 0) bad(`trajectories must be a whole number ≥ 0, got ${trajectories}`, 'e.g. --trajectories 20');
  return {
    model: withTableParameters(scenario.model, scenario.population.parameters),
    population: scenario.population.program,
    regimens: scenario.regimens,
    grid: scenario.grid,
    horizon: scenario.horizon,
    solver: scenario.solver,
    summaries: scenario.summaries,
    quantiles: scenario.quantiles,
    nPatients,
    seed: splitSeed(seed),
    trajectories: Math.min(trajectories, nPatients),
  };
}
