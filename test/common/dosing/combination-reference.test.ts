/**
 * Reference test of a combination regimen (test/common/dosing/combination-fixture.ts): the simulated
 * plasma concentration of a typical patient equals the analytic superposition of the one-compartment
 * model's responses to every dose — a 1-h infusion of drug A on days 1 and 8, and oral doses of
 * drug B (Bateman function) on days 1-2 and 8-9 at 08:00 and 20:00 — so each drug's doses land at
 * the right times, in the right amounts and into the right dose targets. With a reduce rule naming
 * drug B, B's doses are 80% from its first dose on and A's stay at 100%.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../../engine/backends/cpu/cpu-backend.js';
import { combinationJob, PROBE_TIMES } from './combination-fixture.js';

const CL = 10, V = 50, KA = 1, F = 0.8, K = CL / V;

/** Amount in the central compartment at t from a `dur`-h infusion of `amt` mg starting at t0. */
function infusion(t: number, t0: number, amt: number, dur: number): number {
  if (t <= t0) return 0;
  const r = amt / dur;
  const inside = Math.min(t - t0, dur);
  return (r / K) * (1 - Math.exp(-K * inside)) * Math.exp(-K * (t - t0 - inside));
}

/** Amount in the central compartment at t from an oral dose of `amt` mg at t0 (Bateman). */
function oral(t: number, t0: number, amt: number): number {
  if (t <= t0) return 0;
  const tau = t - t0;
  return ((F * amt * KA) / (KA - K)) * (Math.exp(-K * tau) - Math.exp(-KA * tau));
}

function analyticCp(t: number, bFactor: number): number {
  let a = 0;
  for (const day of [0, 7]) {
    a += infusion(t, day * 24, 100, 1);
    for (const d of [day, day + 1]) for (const h of [8, 20]) a += oral(t, d * 24 + h, 200 * bFactor);
  }
  return a / V;
}

const backend = createCpuBackend({ threads: 0 });

describe('combination regimen: simulated Cp = analytic superposition of both drugs\' doses', () => {
  for (const withRules of [false, true]) {
    it(withRules ? 'a reduce rule naming drug B: B at 80% from its first dose, A unchanged' : 'no rules: every dose as planned', async () => {
      const job = await combinationJob(withRules);
      const res = await backend.run(job);
      const r = res.regimens[0];
      expect([...r.failed]).toEqual([0]);
      let worst = 0;
      PROBE_TIMES.forEach((t, k) => {
        const want = analyticCp(t, withRules ? 0.8 : 1);
        const got = r.summaries[`c${k}`][0];
        worst = Math.max(worst, Math.abs(got - want) / Math.max(want, 1e-3));
      });
      expect(worst).toBeLessThan(1e-5);
      if (withRules) {
        // Delivered: A 2 × 100 mg; B 8 × 160 mg (reduced before its first dose). Planned: 200 + 8 × 200.
        expect(r.summaries['dose.delivered'][0]).toBeCloseTo(200 + 8 * 160, 6);
        expect(r.summaries['dose.planned'][0]).toBeCloseTo(200 + 8 * 200, 6);
        expect(r.summaries['dose.reductions'][0]).toBe(1);
      }
    });
  }
});
