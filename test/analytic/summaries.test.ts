/**
 * Per-patient summaries on cases with closed-form answers (1-compartment, k = CL/V).
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../engine/backends/cpu/cpu-backend.js';
import type { SummarySpec } from '../../engine/common/job.js';
import { analyticC, makeJob, pkModel } from './pk-models.js';

const backend = createCpuBackend({ threads: 0 });
const V = 10, k = 0.2, D = 100; // CL = 2 L/h

async function run(summaries: SummarySpec[], doses = [{ time: 0, amount: D }], horizon = 48, closedForm = true, oral = false) {
  const spec = oral ? { V, k10: k, ka: 1.3, F: 0.7, lag: 0.4 } : { V, k10: k };
  const job = makeJob(pkModel(1, spec), doses, { grid: [0, horizon], horizon, summaries, solver: { closedFormLinear: closedForm } });
  const res = (await backend.run(job)).regimens[0];
  expect(res.failed[0]).toBe(0);
  return Object.fromEntries(Object.entries(res.summaries).map(([n, v]) => [n, v[0]]));
}

describe('summaries with known answers', () => {
  for (const closedForm of [true, false]) {
    const tag = closedForm ? 'closed form' : 'numerical';
    it(`AUC of a 1-cmt bolus is Dose/CL (${tag})`, async () => {
      const s = await run([{ kind: 'auc', name: 'auc', output: 'C' }, { kind: 'auc', name: 'w', output: 'C', from: 2, to: 10 }], undefined, 200, closedForm);
      expect(s.auc).toBeCloseTo(D / (k * V) * (1 - Math.exp(-k * 200)), 5);
      expect(Math.abs(s.w / (D / V / k * (Math.exp(-2 * k) - Math.exp(-10 * k))) - 1)).toBeLessThan(1e-6);
    });
    it(`time below/above a threshold: C0·e^{-kt} crosses 1 mg/L at ln(10)/k (${tag})`, async () => {
      const s = await run([
        { kind: 'time_below', name: 'below', output: 'C', threshold: 1 },
        { kind: 'time_above', name: 'above', output: 'C', threshold: 1 },
      ], undefined, 48, closedForm);
      const tc = Math.log(10) / k;
      expect(s.above).toBeCloseTo(tc, 5);
      expect(s.below).toBeCloseTo(48 - tc, 5);
    });
  }
  it('Cmax of an infusion is at its end; min over a window is at the window end', async () => {
    const s = await run([
      { kind: 'max', name: 'cmax', output: 'C' }, { kind: 'min', name: 'cmin', output: 'C', from: 5, to: 20 },
    ], [{ time: 0, amount: D, dur: 1.5 } as { time: number; amount: number }], 48);
    expect(s['cmax.time']).toBe(1.5);
    expect(s.cmax).toBeCloseTo(D / 1.5 / (V * k) * (1 - Math.exp(-k * 1.5)), 10);
    expect(s['cmin.time']).toBe(20);
    expect(s.cmin).toBeCloseTo(analyticC(1, { V, k10: k }, [{ time: 0, amount: D, dur: 1.5 }], 20), 9);
  });
  it('oral Cmax/tmax between step ends are refined on the dense output', async () => {
    const ka = 1.3, lag = 0.4, F = 0.7;
    const s = await run([{ kind: 'max', name: 'cmax', output: 'C' }], [{ time: 0, amount: D, target: 1 } as { time: number; amount: number }], 48, false, true);
    const tmax = Math.log(ka / k) / (ka - k);
    const cmax = F * D / V * ka / (ka - k) * (Math.exp(-k * tmax) - Math.exp(-ka * tmax));
    expect(Math.abs(s.cmax / cmax - 1)).toBeLessThan(1e-7);
    expect(s['cmax.time']).toBeCloseTo(tmax + lag, 3);
  });
  it('value_at reads the dense output, after a dose at that time', async () => {
    const doses = [{ time: 0, amount: D }, { time: 12, amount: D }];
    const s = await run([
      { kind: 'value_at', name: 'v', output: 'C', time: 7.3 }, { kind: 'value_at', name: 'd', output: 'C', time: 12 },
      { kind: 'value_at', name: 'end', output: 'C', time: 48 },
    ], doses, 48);
    const c = (t: number): number => analyticC(1, { V, k10: k }, doses, t);
    expect(s.v).toBeCloseTo(c(7.3), 9);
    expect(s.d).toBeCloseTo(c(12), 9);
    expect(c(12)).toBeGreaterThan(D / V);
    expect(s.end).toBeCloseTo(c(48), 9);
  });
});
