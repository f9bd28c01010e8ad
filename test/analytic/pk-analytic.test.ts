/**
 * Grid concentrations of 1–3-compartment models against their analytic solutions (sums of
 * exponentials, superposition over doses), on the closed-form path and on the purely numerical path.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../engine/backends/cpu/cpu-backend.js';
import { analyticC, makeJob, pkModel, type PkSpec } from './pk-models.js';

const specs: Record<1 | 2 | 3, PkSpec> = {
  1: { V: 10, k10: 0.2 },
  2: { V: 10, k10: 0.2, k12: 0.5, k21: 0.25 },
  3: { V: 7.4, k10: 5.2, k12: 1.06, k21: 1.51, k13: 1.26, k31: 0.084 },
};
type Dose = { time: number; amount: number; dur?: number; target?: number };
const cases: Record<string, { doses: Dose[]; oral?: boolean }> = {
  bolus: { doses: [{ time: 0, amount: 100 }] },
  infusion: { doses: [{ time: 0, amount: 100, dur: 1.5 }] },
  oral: { doses: [{ time: 0, amount: 100, target: 1 }], oral: true },
  multiple: { doses: [{ time: 0, amount: 100, dur: 1 }, { time: 12, amount: 100 }, { time: 24, amount: 100, dur: 2 }, { time: 30, amount: 100 }] },
  'multiple oral': { doses: [0, 8, 16].map((t) => ({ time: t, amount: 100, target: 1 })), oral: true },
};
const grid = [0, 0.25, 0.5, 1, 1.5, 2, 3, 6, 12, 13, 24, 25, 26, 30, 36, 48];
const backend = createCpuBackend({ threads: 0 });

describe('analytic PK solutions', () => {
  for (const cmt of [1, 2, 3] as const) {
    for (const [name, c] of Object.entries(cases)) {
      for (const closedForm of [true, false]) {
        it(`${cmt}-cmt ${name}, ${closedForm ? 'closed form' : 'numerical'}`, async () => {
          const spec: PkSpec = c.oral ? { ...specs[cmt], ka: 1.3, F: 0.7, lag: 0.4 } : specs[cmt];
          const job = makeJob(pkModel(cmt, spec), c.doses, { grid, horizon: 48, solver: { closedFormLinear: closedForm } });
          const res = (await backend.run(job)).regimens[0];
          expect(res.failed[0]).toBe(0);
          const got = res.trajectories!.values;
          const peak = Math.max(...grid.map((t) => analyticC(cmt, spec, c.doses, t)));
          grid.forEach((t, g) => {
            const want = analyticC(cmt, spec, c.doses, t);
            // rtol 1e-6 relative to the value, with a floor at 1e-9 of the peak for values near zero.
            expect(Math.abs(got[g] - want)).toBeLessThanOrEqual(1e-6 * Math.abs(want) + 1e-9 * peak);
          });
        });
      }
    }
  }
});
