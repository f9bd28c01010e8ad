/**
 * The pharmacokinetic models of models/ against analytic references computed from the published
 * parameter values, written here from research/models.md §4 (not read from the YAML):
 *
 * - linear mammillary models: the loaded model's typical-patient concentrations equal the closed-form
 *   sum of exponentials (test/analytic/pk-models.ts, eigenvalues from the quadratic/cubic formulas)
 *   with the paper's CL and volumes, AUC(0–∞) = dose / CL, and the terminal log-slope is the
 *   smallest eigenvalue (terminal half-life from the published CL/V);
 * - saturable (Michaelis–Menten) models: at doses far below KM they are linear with CL = VMEL/KMEL
 *   and k12 = (VMTR/KMTR)/V1, and at clinical doses their dose-normalised AUC exceeds that limit;
 * - the capecitabine chain: each first-order step converts all of its input, so
 *   AUC(metabolite) = dose / CL(metabolite) (Blesch 2003 Table 1);
 * - carboplatin: a Calvert dose AUC·(CrCL + 25 mL/min) (research/models.md §4c) given to Zandvliet's
 *   CL = 0.76·CrCL + 1.5 L/h achieves AUC·(CrCL + 25)/(0.76·CrCL + 25).
 */
import { describe, expect, it } from 'vitest';
import { analyticC, type PkSpec } from '../analytic/pk-models.js';
import { grid, libraryModel, runTypical } from './reference-job.js';

const rel = (a: number, b: number) => Math.abs(a / b - 1);
const auc = (output: string, name = `${output}.auc`) => ({ kind: 'auc' as const, name, output });

/** Log-slope of c between grid times `from` and `to` (the terminal decay rate far from the dose). */
function terminalRate(t: number[], c: number[], from: number, to: number): number {
  const i = t.indexOf(from), j = t.indexOf(to);
  return Math.log(c[i] / c[j]) / (to - from);
}

describe('linear PK models: closed form with the published parameters', () => {
  const cases: { file: string; source: string; spec: PkSpec; cl: number; cmt: 2 | 3; cov?: Record<string, [number, string]>; mg: number; dur: number; terminal: [number, number]; end: number }[] = [
    {
      file: 'docetaxel-pk-3cmt.yaml', source: 'Koolen 2010 Table 2: CL = QH·CLi/(QH+CLi), QH 80, CLi 113 L/h; V 9.8, Q1 6.9, V 7.5, Q2 15.7, V 376',
      cl: 80 * 113 / (80 + 113), cmt: 3, mg: 135, dur: 1, terminal: [1500, 2000], end: 3000,
      spec: { V: 9.8, k10: (80 * 113 / 193) / 9.8, k12: 6.9 / 9.8, k21: 6.9 / 7.5, k13: 15.7 / 9.8, k31: 15.7 / 376 },
    },
    {
      file: 'docetaxel-pk-bruno1996.yaml', source: 'Bruno 1996 microconstants via myelo (V1 7.4 L, k10 5.2, k12 1.06, k21 1.51, k13 1.26, k31 0.084 1/h)',
      cl: 7.4 * 5.2, cmt: 3, mg: 180, dur: 1, terminal: [200, 300], end: 600,
      spec: { V: 7.4, k10: 5.2, k12: 1.06, k21: 1.51, k13: 1.26, k31: 0.084 },
    },
    {
      file: 'paclitaxel-pk-friberg2002.yaml', source: 'DDMODEL00000186: CL 285, V1 290, V2 995 L, Q 204 L/h',
      cl: 285, cmt: 2, mg: 315, dur: 3, terminal: [30, 40], end: 100,
      spec: { V: 290, k10: 285 / 290, k12: 204 / 290, k21: 204 / 995 },
    },
    {
      file: 'carboplatin-pk-2cmt.yaml', source: 'Zandvliet 2008 Table 2: CL = 0.76·CrCL + 1.5 L/h (CrCL 90 mL/min = 5.4 L/h), V1 15.5, Q 3.46, V2 9.86',
      cl: 0.76 * 5.4 + 1.5, cmt: 2, mg: 575, dur: 0.5, terminal: [40, 48], end: 120, cov: { CRCL: [90, 'mL/min'] },
      spec: { V: 15.5, k10: (0.76 * 5.4 + 1.5) / 15.5, k12: 3.46 / 15.5, k21: 3.46 / 9.86 },
    },
  ];

  for (const c of cases) {
    it(`${c.file} (${c.source})`, async () => {
      const t = [...grid(48, 0.25), ...grid(c.end, 1).filter((x) => x > 48)];
      const run = await runTypical(await libraryModel(c.file), { covariates: c.cov, doses: [{ time: 0, mg: c.mg, dur: c.dur }], grid: t, summaries: [auc('Cp')] });
      const cp = run.traj('Cp');
      const doses = [{ time: 0, amount: c.mg, dur: c.dur }];
      for (const [g, tt] of t.entries()) {
        if (tt === 0) continue;
        const want = analyticC(c.cmt, c.spec, doses, tt);
        expect(rel(cp[g], want), `Cp at t = ${tt} h`).toBeLessThan(1e-6);
      }
      expect(rel(run.summary('Cp.auc'), c.mg / c.cl), 'AUC(0–∞) = dose / CL').toBeLessThan(1e-4);
      // Terminal rate: the smallest eigenvalue, from the analytic curve's own log-slope far out.
      const beta = Math.log(analyticC(c.cmt, c.spec, doses, c.terminal[0]) / analyticC(c.cmt, c.spec, doses, c.terminal[1])) / (c.terminal[1] - c.terminal[0]);
      expect(rel(terminalRate(t, cp, c.terminal[0], c.terminal[1]), beta), 'terminal half-life').toBeLessThan(1e-5);
    });
  }

  it('carboplatin: a Calvert AUC 5 dose achieves 5·(CrCL+25)/(0.76·CrCL+25) mg/mL·min under Zandvliet CL (research/models.md §4c)', async () => {
    const model = await libraryModel('carboplatin-pk-2cmt.yaml');
    for (const crcl of [40, 90, 125]) {
      const dose = 5 * (crcl + 25); // Calvert: mg = AUC[mg/mL·min] × (GFR + 25) [mL/min]
      const run = await runTypical(model, { covariates: { CRCL: [crcl, 'mL/min'] }, doses: [{ time: 0, mg: dose, dur: 0.5 }], grid: grid(200, 1), summaries: [auc('Cp')] });
      // mg·h/L × 60 min/h ÷ 1000 mL/L = mg·min/mL.
      expect(rel(run.summary('Cp.auc') * 0.06, 5 * (crcl + 25) / (0.76 * crcl + 25))).toBeLessThan(1e-4);
    }
  });
});

describe('saturable PK models: linear limit and saturation', () => {
  const cases: { file: string; source: string; lin: PkSpec; cov?: Record<string, [number, string]>; clinical: { mg: number; dur: number } }[] = [
    {
      file: 'nab-paclitaxel-pk-chen2014.yaml',
      source: 'Chen 2014 Table 2: VMEL 8070 µg/h, KMEL 40.2 µg/L, VMTR 325000 µg/h, KMTR 4260 µg/L, V1 15.8, V2 1650, V3 75.4 L, Q2 41.6 L/h',
      cov: { ALB: [3.9, 'g/dL'] }, clinical: { mg: 260 * 1.8, dur: 0.5 },
      lin: { V: 15.8, k10: 8070 / 40.2 / 15.8, k12: 325000 / 4260 / 15.8, k21: 325000 / 4260 / 1650, k13: 41.6 / 15.8, k31: 41.6 / 75.4 },
    },
    {
      file: 'paclitaxel-pk-crombag2019.yaml',
      source: 'Crombag 2019 via Janssen 2023 Table 1: VMEL 33.8 µmol/h, KMEL 0.44 µmol/L, VMTR 177 µmol/h, KMTR 1.61 µmol/L, K21 1.21 1/h, V1 12, Q2 16.8 L/h, V3 268 L',
      clinical: { mg: 175 * 1.8, dur: 3 },
      lin: { V: 12, k10: 33.8 / 0.44 / 12, k12: 177 / 1.61 / 12, k21: 1.21, k13: 16.8 / 12, k31: 16.8 / 268 },
    },
  ];

  for (const c of cases) {
    it(`${c.file}: far below KM it is the linear 3-compartment model with CL = VMEL/KMEL (${c.source})`, async () => {
      const mg = 1e-5; // peak concentration ~1e-6 of KMEL: the Michaelis–Menten terms are linear to ~1e-6
      const t = grid(96, 0.5);
      const run = await runTypical(await libraryModel(c.file), { covariates: c.cov, doses: [{ time: 0, mg, dur: 0.5 }], grid: t, summaries: [auc('Cp')] });
      const cp = run.traj('Cp');
      for (const [g, tt] of t.entries()) if (tt > 0) expect(rel(cp[g], analyticC(3, c.lin, [{ time: 0, amount: mg, dur: 0.5 }], tt)), `Cp at ${tt} h`).toBeLessThan(1e-4);
    });

    it(`${c.file}: saturation raises the dose-normalised AUC at the clinical dose`, async () => {
      const model = await libraryModel(c.file);
      const low = await runTypical(model, { covariates: c.cov, doses: [{ time: 0, mg: 1e-3, dur: c.clinical.dur }], grid: grid(2000, 10), summaries: [auc('Cp')] });
      const high = await runTypical(model, { covariates: c.cov, doses: [{ time: 0, ...c.clinical }], grid: grid(2000, 10), summaries: [auc('Cp')] });
      const clLin = c.lin.k10 * c.lin.V;
      expect(rel(low.summary('Cp.auc'), 1e-3 / clLin), 'low dose: AUC = dose·KMEL/VMEL').toBeLessThan(1e-3);
      expect(high.summary('Cp.auc') / c.clinical.mg).toBeGreaterThan(1.2 * low.summary('Cp.auc') / 1e-3);
    });
  }
});

describe('capecitabine-5fu-pk: first-order chain mass balance (Blesch 2003 Table 1)', () => {
  it('AUC of 5′-DFUR, 5-FU and FBAL = dose / CL1, CL2, CL3 (covariates at reference, then CrCL 40 mL/min)', async () => {
    const model = await libraryModel('capecitabine-5fu-pk.yaml');
    const summaries = [auc('C_DFUR'), auc('Cp'), auc('C_FBAL')];
    for (const crcl of [80, 40]) {
      const run = await runTypical(model, {
        covariates: { BSA: [1.73, 'm^2'], CRCL: [crcl, 'mL/min'], ALP: [100, '1'], DPYD_AS: [2, '1'] },
        doses: [{ time: 0, mg: 1000 }], grid: grid(96, 0.25), summaries,
      });
      expect(rel(run.summary('C_DFUR.auc'), 1000 / 75.8)).toBeLessThan(1e-5);
      expect(rel(run.summary('Cp.auc'), 1000 / 1190)).toBeLessThan(1e-5);
      // CL3 = 27.5 L/h × (CrCL/80)^0.615 (CrCL 80 mL/min is the centring value assumed by nlmixr2lib).
      expect(rel(run.summary('C_FBAL.auc'), 1000 / (27.5 * (crcl / 80) ** 0.615))).toBeLessThan(1e-5);
    }
  });

  it('DPYD activity score: AUC(5-FU) = dose / (CL2 · (1 − (1 − 942/1749) · (2 − AS))); 5′-DFUR and FBAL unchanged', async () => {
    const model = await libraryModel('capecitabine-5fu-pk.yaml');
    // van Kuilenburg 2012: Vmax 942 mg/h in c.1905+1G>A heterozygotes (AS 1) vs 1749 mg/h in controls.
    const slope = 1 - 942 / 1749;
    for (const as of [2, 1.5, 1, 0.5, 0]) {
      const run = await runTypical(model, {
        covariates: { BSA: [1.73, 'm^2'], CRCL: [80, 'mL/min'], ALP: [100, '1'], DPYD_AS: [as, '1'] },
        doses: [{ time: 0, mg: 1000 }], grid: grid(400, 0.5), summaries: [auc('C_DFUR'), auc('Cp'), auc('C_FBAL')],
      });
      const cl2 = 1190 * (1 - slope * (2 - as));
      expect(rel(run.summary('Cp.auc'), 1000 / cl2), `AS ${as}`).toBeLessThan(2e-3);
      expect(rel(run.summary('C_DFUR.auc'), 1000 / 75.8)).toBeLessThan(1e-5);
      expect(rel(run.summary('C_FBAL.auc'), 1000 / 27.5)).toBeLessThan(1e-4);
    }
  });
});
