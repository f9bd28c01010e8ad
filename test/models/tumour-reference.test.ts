/**
 * The tumour models of models/ against closed-form solutions of their published equations, with the
 * published parameter values written here (research/models.md §2, §3), not read from the YAML:
 *
 * Simeoni 2004 (λ0 0.273 /day, λ1 0.814 g/day, ψ 20, k2 0.000629 (ng/mL)⁻¹day⁻¹, k1 0.968 /day):
 * growth λ0·x1 / (1 + (λ0·w/λ1)^ψ)^(1/ψ) is exponential (w = w0·e^(λ0·t)) while λ0·w ≪ λ1 and linear
 * (w = w0 + λ1·t) while λ0·w ≫ λ1 — the two unperturbed phases of the paper; with a constant drug
 * concentration c in the exponential phase, x1 = w0·e^((λ0 − k2·c)·t) and the damaged cells pass
 * through three transit stages of rate k1 (total w from the exact linear solution).
 *
 * Claret 2009 (KL 0.015 /week, KD0 0.058 /g/week, λ 0.042 /week; [S]): dSLD/dt = KL·SLD − KD0·e^(−λt)·E·SLD
 * gives SLD = SLD0·exp(KL·t − KD0·E·(1 − e^(−λt))/λ) for a constant exposure E, and SLD0·e^(KL·t) without drug.
 *
 * Zecchin 2016 (DDMODEL00000217: KG 0.611/1000 /day, KD0 0.0497/1000 /day per E0, KD1 0.0164/100
 * /day per E1, IBASE 71.3 mm; exposure scales CE0 1.503 µg/L and GE1 7.94 mg/m²/day, K-PD rate
 * 1.386 /day): ln SLD is linear in the exposures, so SLD = SLD0·e^(KG·t) without drug,
 * SLD0·exp((KG − KD0·C/CE0)·t) for a constant carboplatin concentration C, and
 * SLD0·exp(KG·t − KD1·(D/BSA)/GE1·(1 − e^(−k·t))) after one gemcitabine dose D.
 *
 * Struemper 2025 docetaxel arm (TSb 86.07 mm at 3 target lesions, ×(1 + 0.288·(n − 3)); kg 0.01822 /wk
 * × (LDH/225.5)^0.474; ks 0.03566 /wk): the Stein curve TS = TSb·(e^(kg·t) + e^(−ks·t) − 1), its
 * minimum at (ln ks − ln kg)/(kg + ks); with exposure-linked shrinkage and a constant concentration
 * f·CREF the same curve with ks·f, and pure growth TSb·e^(kg·t) without drug.
 */
import { describe, expect, it } from 'vitest';
import { grid, libraryModel, probeModel, runTypical } from './reference-job.js';

const rel = (a: number, b: number) => Math.abs(a / b - 1);
const L0 = 0.273, L1 = 0.814, K1 = 0.968, K2 = 0.000629;

describe('simeoni-tgi (Simeoni 2004 Table 2, paclitaxel experiment 1)', () => {
  it('unperturbed: exponential phase w0·e^(λ0·t) for a small tumour', async () => {
    const w0 = 0.01, t = grid(10, 0.5); // w(10 d) ≈ 0.15 g: (λ0·w/λ1)^20 < 1e-25
    const ts = (await runTypical(await libraryModel('simeoni-tgi.yaml'), { covariates: { TS0: [w0, 'g'] }, grid: t })).traj('TS');
    t.forEach((tt, g) => expect(rel(ts[g], w0 * Math.exp(L0 * tt)), `t = ${tt} d`).toBeLessThan(1e-7));
  });

  it('unperturbed: linear phase w0 + λ1·t for a large tumour', async () => {
    const w0 = 50, t = grid(30, 1); // λ1/(λ0·w) ≤ 0.06: (0.06)^20 ≈ 4e-25
    const ts = (await runTypical(await libraryModel('simeoni-tgi.yaml'), { covariates: { TS0: [w0, 'g'] }, grid: t })).traj('TS');
    t.forEach((tt, g) => expect(rel(ts[g], w0 + L1 * tt), `t = ${tt} d`).toBeLessThan(1e-7));
  });

  it('constant drug in the exponential phase: proliferating mass w0·e^((λ0 − k2·c)·t), damage through three k1 stages', async () => {
    const w0 = 0.01, c = 200; // ng/mL: k2·c = 0.126 /day
    const model = await probeModel('simeoni-tgi.yaml', { CONC: [c, 'ng/mL'] }, { Conc: 'CONC' },
      { TS: ['m.W', 'g'], X1: ['m.X1', 'g'] }, 'd');
    const t = grid(10, 0.5);
    const run = await runTypical(model, { covariates: { TS0: [w0, 'g'] }, grid: t });
    const a = L0 - K2 * c, kc = K2 * c;
    // Exact solution of x2..x4 (zero at t = 0) driven by kc·x1 = kc·w0·e^(a·t) through j−1 stages of rate k1:
    // x_j(t) = kc·w0·k1^(j−2)·[e^(a·t)/(a+k1)^(j−1) − e^(−k1·t)·Σ_{m<j−1} t^m/m!/(a+k1)^(j−1−m)].
    const x = (j: number, tt: number) => {
      const n = j - 1;
      let tail = 0;
      for (let m = 0; m < n; m++) tail += tt ** m / factorial(m) / (a + K1) ** (n - m);
      return kc * w0 * K1 ** (n - 1) * (Math.exp(a * tt) / (a + K1) ** n - Math.exp(-K1 * tt) * tail);
    };
    t.forEach((tt, g) => {
      const x1 = w0 * Math.exp(a * tt);
      expect(rel(run.traj('X1')[g], x1), `x1 at ${tt} d`).toBeLessThan(1e-7);
      if (tt > 0) expect(rel(run.traj('TS')[g], x1 + x(2, tt) + x(3, tt) + x(4, tt)), `w at ${tt} d`).toBeLessThan(1e-7);
    });
  });
});

function factorial(n: number): number {
  return n <= 1 ? 1 : n * factorial(n - 1);
}

describe('claret-tgi (Claret 2009, 5-FU phase III arm, via the Pumas exercise [S])', () => {
  const KL = 0.015 / 7, KD0 = 0.058 / 7, LAMBDA = 0.042 / 7; // per day

  it('without drug: SLD0·e^(KL·t)', async () => {
    const t = grid(364, 7);
    const sld = (await runTypical(await libraryModel('claret-tgi.yaml'), { covariates: { SLD0: [80, 'mm'] }, grid: t })).traj('SLD');
    t.forEach((tt, g) => expect(rel(sld[g], 80 * Math.exp(KL * tt)), `t = ${tt} d`).toBeLessThan(1e-7));
  });

  it('constant weekly exposure E: SLD0·exp(KL·t − KD0·E·(1 − e^(−λt))/λ)', async () => {
    const E = 3.825; // g/week: 5-FU 425 mg/m² × 1.8 m² × 5 days, as in the exercise
    const model = await probeModel('claret-tgi.yaml', { EXPO: [E, 'g'] }, { E: 'EXPO' }, { SLD: ['m.Y', 'mm'] }, 'd');
    const t = grid(364, 7);
    const sld = (await runTypical(model, { covariates: { SLD0: [80, 'mm'] }, grid: t })).traj('SLD');
    t.forEach((tt, g) => expect(rel(sld[g], 80 * Math.exp(KL * tt - KD0 * E * (1 - Math.exp(-LAMBDA * tt)) / LAMBDA)), `t = ${tt} d`).toBeLessThan(1e-7));
  });
});

describe('zecchin2016-sld (Zecchin 2016, DDMODEL00000217)', () => {
  const KG = 0.000611, KD0 = 4.97e-5, KD1 = 1.64e-4, CE0 = 0.001503, GE1 = 7.94, K = 1.386, SLD0 = 71.3;
  const covariates = { BSA: [1.8, 'm^2'] as [number, string] };

  it('without drug: SLD0·e^(KG·t) from the published baseline', async () => {
    const t = grid(730, 30);
    const sld = (await runTypical(await libraryModel('zecchin2016-sld.yaml'), { covariates, grid: t })).traj('SLD');
    t.forEach((tt, g) => expect(rel(sld[g], SLD0 * Math.exp(KG * tt)), `t = ${tt} d`).toBeLessThan(1e-7));
  });

  it('constant carboplatin concentration: SLD0·exp((KG − KD0·C/CE0)·t)', async () => {
    const c = 0.1653; // mg/L: the cycle-average concentration of AUC 5 mg·min/mL over 21 days
    const model = await probeModel('zecchin2016-sld.yaml', { CC: [c, 'mg/L'] }, { C_CARBO: 'CC' }, { SLD: ['m.SLD', 'mm'] }, 'd');
    const t = grid(126, 7);
    const sld = (await runTypical(model, { covariates, grid: t })).traj('SLD');
    t.forEach((tt, g) => expect(rel(sld[g], SLD0 * Math.exp((KG - (KD0 * c) / CE0) * tt)), `t = ${tt} d`).toBeLessThan(1e-7));
  });

  it('one gemcitabine dose D: SLD0·exp(KG·t − KD1·(D/BSA)/GE1·(1 − e^(−k·t)))', async () => {
    const D = 1800, t = grid(21, 0.5); // 1000 mg/m² × 1.8 m²
    const sld = (await runTypical(await libraryModel('zecchin2016-sld.yaml'), { covariates, grid: t, doses: [{ time: 0, mg: D }] })).traj('SLD');
    t.forEach((tt, g) => {
      const want = SLD0 * Math.exp(KG * tt - ((KD1 * (D / 1.8)) / GE1) * (1 - Math.exp(-K * tt)));
      expect(rel(sld[g], want), `t = ${tt} d`).toBeLessThan(1e-7);
    });
  });
});

describe('struemper2025-ts (Struemper 2025 Table 2, docetaxel arm)', () => {
  const TSB = 86.07, KG = 0.01822, KS = 0.03566, CREF = 0.005721;
  const stein = (tsb: number, kg: number, ks: number, t: number) => tsb * (Math.exp(kg * t) + Math.exp(-ks * t) - 1);
  const cov = (link: number, ldh = 225.5, n = 3) => ({ LDH: [ldh, '1'] as [number, string], NTARGET: [n, '1'] as [number, string], LINK: [link, '1'] as [number, string] });

  it('arm rate: the Stein curve with the LDH and target-lesion covariates; minimum at (ln ks − ln kg)/(kg + ks)', async () => {
    const t = grid(104, 1);
    const kg = KG * (300 / 225.5) ** 0.474, tsb = TSB * (1 + 0.288 * (2 - 3));
    const run = await runTypical(await libraryModel('struemper2025-ts.yaml'), {
      covariates: cov(0, 300, 2), grid: t, summaries: [{ kind: 'min', name: 'nadir', output: 'TS' }],
    });
    t.forEach((tt, g) => expect(rel(run.traj('TS')[g], stein(tsb, kg, KS, tt)), `t = ${tt} wk`).toBeLessThan(1e-7));
    expect(run.summary('nadir.time')).toBeCloseTo(Math.log(KS / kg) / (kg + KS), 4);
  });

  it('exposure link: constant concentration f·CREF gives the curve with ks·f; no drug gives pure growth', async () => {
    const f = 1.7, t = grid(52, 2);
    const model = await probeModel('struemper2025-ts.yaml', { CC: [f * CREF, 'mg/L'] }, { Conc: 'CC' }, { TS: ['m.G + m.S - m.TSB', 'mm'] }, 'wk');
    const ts = (await runTypical(model, { covariates: cov(1), grid: t })).traj('TS');
    t.forEach((tt, g) => expect(rel(ts[g], stein(TSB, KG, KS * f, tt)), `t = ${tt} wk`).toBeLessThan(1e-7));
    const none = (await runTypical(await libraryModel('struemper2025-ts.yaml'), { covariates: cov(1), grid: t })).traj('TS');
    t.forEach((tt, g) => expect(rel(none[g], TSB * Math.exp(KG * tt)), `t = ${tt} wk`).toBeLessThan(1e-7));
  });
});
