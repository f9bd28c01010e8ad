/**
 * Protocol rules in the CPU kernel (docs/KERNEL.md §7) on a one-compartment bolus model with a
 * 24 h half-life (V = 1 L, so C = amount): every decision below is computed by hand from
 * C(t) = Σ dose·2^(−(t − t_dose)/24), and the simulated time course must equal that superposition
 * with the hand-derived dose times and amounts.
 */
import { describe, expect, it } from 'vitest';
import { createNodeCpuBackend } from '../../../engine/node/node-cpu-backend.js';
import { ir, type Expr } from '../../../engine/common/ir.js';
import type { DoseRule, EnsembleJob, RuleTracker, SummarySpec } from '../../../engine/common/job.js';
import type { RegimenResult } from '../../../engine/common/results.js';
import { analyticC, makeJob, pkModel } from '../../analytic/pk-models.js';

const K10 = Math.LN2 / 24;
const HORIZON = 200;
const gt = (name: string, v: number): Expr => ir.op('>', ir.ref(name), ir.num(v));
const DOSING: SummarySpec[] = (['delivered', 'planned', 'rdi', 'delays', 'reductions', 'discontinued'] as const)
  .map((stat) => ({ kind: 'value_at', name: `dose.${stat}`, output: 'C', time: HORIZON, dosing: stat }));

function ruleJob(planned: { time: number; cycle: number }[], levels: number[], rules: DoseRule[], trackers: RuleTracker[] = [],
  extra: SummarySpec[] = [], closedForm = true): EnsembleJob {
  const job = makeJob(pkModel(1, { V: 1, k10: K10 }), planned.map((p) => ({ time: p.time, amount: levels[0] })), {
    grid: Array.from({ length: 201 }, (_, g) => g), horizon: HORIZON, summaries: [...DOSING, ...extra],
    solver: { rtol: 1e-10, atol: [1e-12], closedFormLinear: closedForm },
  });
  job.regimens[0].doses.forEach((d, k) => { d.cycle = planned[k].cycle; });
  job.regimens[0].levels = levels.map((v) => ir.num(v));
  job.regimens[0].rules = { rules, trackers };
  return job;
}

async function run(job: EnsembleJob): Promise<RegimenResult> {
  const b = createNodeCpuBackend({ threads: 1 });
  try { return (await b.run(job)).regimens[0]; } finally { await b.dispose(); }
}

/** The simulated course equals the analytic superposition of the given doses at every grid hour. */
function expectCourse(res: RegimenResult, doses: { time: number; amount: number }[]): void {
  const tr = res.trajectories!;
  for (let g = 0; g <= HORIZON; g++) expect(tr.values[g], `C(${g} h)`).toBeCloseTo(analyticC(1, { V: 1, k10: K10 }, doses, g), 6);
}

const stats = (res: RegimenResult): Record<string, number> =>
  Object.fromEntries(DOSING.map((s) => [s.name.slice(5), res.summaries[s.name][0]]));
const every24 = [0, 24, 48, 72].map((time, k) => ({ time, cycle: k + 1 }));

describe.each([true, false])('protocol rules (closed form %s)', (closedForm) => {
  it('delays while C > 30, re-checks after 12 h, and discontinues when max delays are used up', async () => {
    // t=24: C=50 → delay; t=36: C=35.4 → delay (2nd); t=48: C=25 → give; later doses shift by 24 h.
    // t=72: C=62.5 → delay; t=84: 44.2 → delay; t=96: 31.25 > 30 with max 2 used → discontinue.
    const res = await run(ruleJob(every24, [100], [{ action: 'delay', when: gt('out:C', 30), by: 12, max: 2, then: 'discontinue' }], [], [], closedForm));
    expectCourse(res, [{ time: 0, amount: 100 }, { time: 48, amount: 100 }]);
    expect(stats(res)).toEqual({ delivered: 200, planned: 400, rdi: 0.5, delays: 4, reductions: 0, discontinued: 1 });
  });

  it('gives the dose after max delays when then: give', async () => {
    // As above until t=96 (C=31.25 > 30, max used) → given anyway; the last dose shifts to 120:
    // C(120) = 100·2^-5 + 100·2^-3 + 100·2^-1 = 65.6 > 30 → delay to 132 (C=46.4) → delay to 144 (C=32.8) → give.
    const res = await run(ruleJob(every24, [100], [{ action: 'delay', when: gt('out:C', 30), by: 12, max: 2, then: 'give' }], [], [], closedForm));
    expectCourse(res, [{ time: 0, amount: 100 }, { time: 48, amount: 100 }, { time: 96, amount: 100 }, { time: 144, amount: 100 }]);
    expect(stats(res)).toMatchObject({ delivered: 400, delays: 6, discontinued: 0 });
  });

  it('reduces after a delay and discontinues after two reductions', async () => {
    // t=24: C=50 > 40 → delay; t=36: 35.4 → reduce (after delay) → 80 given; doses 3, 4 at 60, 84.
    // t=60: 100·2^-2.5 + 80·2^-1 = 57.7 → delay; t=72: 40.8 → delay; t=84: 28.8 → reduce (2nd) → discontinue.
    const rules: DoseRule[] = [
      { action: 'delay', when: gt('out:C', 40), by: 12, max: 3, then: 'discontinue' },
      { action: 'reduce', when: gt('rule:delayed', 0) },
      { action: 'discontinue', when: ir.op('>=', ir.ref('rule:reductions'), ir.num(2)) },
    ];
    const res = await run(ruleJob(every24, [100, 80, 60], rules, [], [], closedForm));
    expectCourse(res, [{ time: 0, amount: 100 }, { time: 36, amount: 80 }]);
    expect(stats(res)).toEqual({ delivered: 180, planned: 400, rdi: 0.45, delays: 3, reductions: 2, discontinued: 1 });
  });

  it('reduces after more than 30 h above 60 in the previous cycle (tracker restarts each cycle)', async () => {
    // Cycle 1: 200 at 0 stays above 60 for 24·log2(200/60) = 41.7 h > 30 → at 48 reduce to 100
    // (C = 50 + 100 = 150, above 60 for 24·log2(150/60) = 31.7 h in cycle 2) → at 96 reduce again:
    // no level left → discontinue.
    const tracker: RuleTracker = { name: 'hi', output: 'C', kind: 'above', threshold: 60, unitFactor: 1 };
    const planned = [0, 48, 96].map((time, k) => ({ time, cycle: k + 1 }));
    const res = await run(ruleJob(planned, [200, 100], [{ action: 'reduce', when: gt('track:hi', 30) }], [tracker], [], closedForm));
    expectCourse(res, [{ time: 0, amount: 200 }, { time: 48, amount: 100 }]);
    expect(stats(res)).toEqual({ delivered: 300, planned: 600, rdi: 0.5, delays: 0, reductions: 1, discontinued: 1 });
  });

  it('follows each cycle in per-cycle summary windows, delays included', async () => {
    // As the first case: cycle 1 = [0, 48) (dose 2 delayed to 48), cycle 2 = [48, horizon] (cycles 3
    // and 4 discontinued, no window: NaN). Cycle-1 minimum: C(48) = 25 just before the second dose.
    const cyc: SummarySpec[] = [1, 2, 3].map((c) => ({ kind: 'min', name: `cmin_c${c}`, output: 'C', cycle: c }));
    const res = await run(ruleJob(every24, [100], [{ action: 'delay', when: gt('out:C', 30), by: 12, max: 2, then: 'discontinue' }], [], cyc, closedForm));
    expect(res.summaries.cmin_c1[0]).toBeCloseTo(25, 8);
    expect(res.summaries['cmin_c1.time'][0]).toBeCloseTo(48, 8);
    expect(res.summaries.cmin_c2[0]).toBeCloseTo(analyticC(1, { V: 1, k10: K10 }, [{ time: 0, amount: 100 }, { time: 48, amount: 100 }], HORIZON), 8);
    expect(res.summaries.cmin_c3[0]).toBeNaN();
  });
});

describe('dynamic kernels without rules', () => {
  it('give every planned dose as the static kernel does', async () => {
    const job = ruleJob(every24, [100], []);
    delete job.regimens[0].rules;
    const res = await run(job);
    expectCourse(res, every24.map((p) => ({ time: p.time, amount: 100 })));
    expect(stats(res)).toEqual({ delivered: 400, planned: 400, rdi: 1, delays: 0, reductions: 0, discontinued: 0 });
  });
});
