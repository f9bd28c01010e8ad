/**
 * A two-drug regimen on the hand-built one-compartment test model (test/common/scenario/test-model.ts:
 * CL 10 L/h, V 50 L, oral depot with ka 1/h and F 0.8), for the reference test (analytic
 * superposition) and the cross-backend parity test: drug A 100 mg as a 1-h infusion on day 1, drug
 * B 200 mg orally on days 1-2 at 08:00 and 20:00, in 7-day cycles × 2, typical patients (η = 0).
 * With `withRules`, a reduce rule steps drug B alone down to 80% at its first dose.
 */
import { buildJob, loadScenario, type ModelLoader } from '../../../engine/common/scenario/index.js';
import type { EnsembleJob } from '../../../engine/common/job.js';
import { memoryHost, testModel } from '../scenario/test-model.js';

export const COMBINATION_PATH = '/proj/scenarios/combination.yaml';
export const H_PER_DAY = 24;
export const HORIZON_H = 14 * H_PER_DAY;
/** Times of the value_at probes (h): every 2.5 h over the horizon. */
export const PROBE_TIMES = Array.from({ length: Math.floor(HORIZON_H / 2.5) + 1 }, (_, k) => k * 2.5);

export function combinationYaml(withRules: boolean, mode: 'typical' | 'random' = 'typical'): string {
  return `scenario: combination
model: ../models/test-1cmt.yaml
horizon: 14 d
solver: { rtol: 1e-9, atol: 1e-12 }
population:
  size: ${mode === 'typical' ? 1 : 64}
  seed: 7
  mode: ${mode}
  covariates:
    SEX: { distribution: categorical, levels: { F: 0.5, M: 0.5 } }
    WT:  { distribution: lognormal, median: 75, cv: 0.2, unit: kg, truncate: [40, 150] }
regimens:
  - name: A + B
    schedule: { cycle_length: 7 d, cycles: 2 }
    drugs:
      - drug: A
        dose: { amount: 100, unit: mg, route: infusion, duration: 1 h, target: iv }
        schedule: { days: [1] }
      - drug: B
        dose: { amount: 200, unit: mg, route: oral, target: oral, reductions: ["80%"] }
        schedule: { days: [1-2], at: ["08:00", "20:00"] }
${withRules ? '    rules:\n      - { when: "reductions == 0", action: reduce, drugs: [B] }\n' : ''}summaries:
${PROBE_TIMES.map((t, k) => `  - { name: c${k}, kind: value_at, output: Cp, time: ${t} h }`).join('\n')}
`;
}

export async function combinationJob(withRules: boolean, mode: 'typical' | 'random' = 'typical'): Promise<EnsembleJob> {
  const host = memoryHost({ [COMBINATION_PATH]: combinationYaml(withRules, mode) });
  const loadModel: ModelLoader = async () => testModel();
  return buildJob(await loadScenario(COMBINATION_PATH, host, loadModel));
}
