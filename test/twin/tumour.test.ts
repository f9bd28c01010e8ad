/**
 * A twin with tumour measurements: docetaxel PK → Kloft ANC and Struemper 2025 tumour size (combined
 * residual error) on the NSCLC scenario. The CT measurements inform the tumour random effects (their
 * posterior narrows against the prior) and the forecasts carry the tumour change with P(≥30% shrinkage).
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../engine/backends/cpu/cpu-backend.js';
import { loadScenarioFile } from '../../engine/run-scenario.js';
import { runTwin } from '../../engine/twin/run-twin.js';
import { at, here, record } from './helpers.js';

describe('tumour size in the twin', () => {
  it('CT measurements narrow the tumour random effects and the forecast reports the tumour change', async () => {
    const scenario = await loadScenarioFile(here('../../scenarios/nsclc-docetaxel-schedules.yaml'));
    const rec = record({
      covariates: [
        { name: 'SEX', value: 'M', pos: at }, { name: 'WT', value: 75, unit: 'kg', pos: at }, { name: 'HT', value: 175, unit: 'cm', pos: at },
        { name: 'LINK', value: 'exposure', pos: at },
      ],
      doses: [0, 21, 42].map((d) => ({ time: d * 24, amount: 140, unit: 'mg', duration: 1, pos: at })),
      obs: [[0, 'TS', 92, 'mm'], [6 * 7 * 24, 'TS', 80, 'mm'], [9 * 7 * 24, 'TS', 74, 'mm'], [10 * 24, 'ANC', 0.8, '1e9/L'], [31 * 24, 'ANC', 0.9, '1e9/L']],
    });
    const s = await runTwin(scenario.model, rec, createCpuBackend(), scenario, { candidates: 3000, draws: 300, cycles: 2 });
    const tsb = s.fit.parameters.find((q) => q.name === 'tumour.eta.TSB')!;
    expect(tsb.sd).toBeLessThan(0.5 * Math.sqrt(0.2645));
    const r = s.forecasts.regimens[0];
    expect(r.tumour?.output).toBe('TS');
    expect(r.tumour!.shrink30.n).toBe(300);
    expect(r.cycles).toHaveLength(2);
    expect(s.notes.some((n) => n.includes('protocol rules'))).toBe(s.forecasts.regimens.length > 0 && scenario.regimens.some((x) => x.rules));
  }, 180_000);
});
