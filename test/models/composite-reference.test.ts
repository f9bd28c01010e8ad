/**
 * The composed models of models/ against an independent implementation of the same published
 * parameter sets: the right-hand sides are written here in plain JavaScript from research/models.md
 * (§1 Friberg/Kloft/Chen, §2 Simeoni, §4 Koolen/Friberg-bundle/Chen PK; molecular weights docetaxel
 * 807.88, paclitaxel 853.9 g/mol) and integrated with the npm package ode-rk4 at a fine fixed step.
 * This checks the composition itself: module bindings, the mg/L → µmol/L and mg/L → ng/mL
 * conversions, dose routing and each module's equations, on one cycle of a clinical dose.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { friberg, nabPaclitaxelChen2014, NAB_CIRC0 } from './independent-rhs.js';
import { grid, libraryModel, runTypical } from './reference-job.js';

type Rk4 = { y: number[]; t: number; steps(n: number): void };
const rk4 = createRequire(import.meta.url)('ode-rk4') as (y0: number[], f: (d: number[], y: number[], t: number) => void, t0: number, dt: number) => Rk4;

/** Koolen 2010 docetaxel PK (CL = 80·113/193 L/h, V 9.8/7.5/376 L, Q 6.9/15.7 L/h) on y[0..2], mg. */
function koolen(d: number[], y: number[], rate: number): number {
  const cl = 80 * 113 / 193, v1 = 9.8, c = y[0] / v1;
  d[0] = rate - cl * c - 6.9 * c + 6.9 * y[1] / 7.5 - 15.7 * c + 15.7 * y[2] / 376;
  d[1] = 6.9 * c - 6.9 * y[1] / 7.5;
  d[2] = 15.7 * c - 15.7 * y[2] / 376;
  return c; // mg/L
}

/** Simeoni 2004 (λ0 0.273/day, λ1 0.814 g/day, k1 0.968/day, k2 0.000629 (ng/mL)⁻¹day⁻¹, ψ 20) on y[i..i+3], per hour. */
function simeoni(d: number[], y: number[], i: number, ngml: number): void {
  const l0 = 0.273 / 24, l1 = 0.814 / 24, k1 = 0.968 / 24, k2 = 0.000629 / 24;
  const w = y[i] + y[i + 1] + y[i + 2] + y[i + 3];
  d[i] = l0 * y[i] / (1 + (l0 / l1 * w) ** 20) ** (1 / 20) - k2 * ngml * y[i];
  d[i + 1] = k2 * ngml * y[i] - k1 * y[i + 1];
  d[i + 2] = k1 * (y[i + 1] - y[i + 2]);
  d[i + 3] = k1 * (y[i + 2] - y[i + 3]);
}

interface Case {
  file: string; source: string; covariates?: Record<string, [number, string]>;
  mg: number; dur: number; y0: number[];
  rhs: (d: number[], y: number[], rate: number) => void;
  /** Output name → value from the reference state. */
  outputs: Record<string, (y: number[]) => number>;
}

const KLOFT_M = { circ0: 5.21965, mtt: 84.1791, gamma: 0.144543 };
const FRIBERG_DTX = { circ0: 5.05, mtt: 89.3, gamma: 0.163 };
const TS0 = 20;

const CASES: Case[] = [
  {
    file: 'docetaxel-kloft2006.yaml', source: 'Koolen 2010 + Kloft 2006 (DDMODEL00000224), male', covariates: { SEX: [1, '1'] },
    mg: 135, dur: 1, y0: [0, 0, 0, ...Array(5).fill(KLOFT_M.circ0)],
    rhs: (d, y, rate) => { const c = koolen(d, y, rate); friberg(d, y, 3, KLOFT_M, 15.5711 * c / 807.88 * 1000); },
    outputs: { Cp: (y) => y[0] / 9.8, ANC: (y) => y[7] },
  },
  {
    file: 'docetaxel-friberg-simeoni.yaml', source: 'Koolen 2010 + Friberg 2002 Emax (83.9, EC50 7.17 µM) + Simeoni 2004', covariates: { TS0: [TS0, 'g'] },
    mg: 135, dur: 1, y0: [0, 0, 0, ...Array(5).fill(FRIBERG_DTX.circ0), TS0, 0, 0, 0],
    rhs: (d, y, rate) => {
      const c = koolen(d, y, rate), um = c / 807.88 * 1000;
      friberg(d, y, 3, FRIBERG_DTX, 83.9 * um / (7.17 + um));
      simeoni(d, y, 8, c * 1000);
    },
    outputs: { Cp: (y) => y[0] / 9.8, ANC: (y) => y[7], TS: (y) => y[8] + y[9] + y[10] + y[11] },
  },
  {
    file: 'docetaxel-kloft-simeoni.yaml', source: 'Koolen 2010 + Kloft 2006 + Simeoni 2004, female (Circ0 ×0.878549)',
    covariates: { SEX: [0, '1'], TS0: [TS0, 'g'] },
    mg: 135, dur: 1, y0: [0, 0, 0, ...Array(5).fill(KLOFT_M.circ0 * 0.878549), TS0, 0, 0, 0],
    rhs: (d, y, rate) => {
      const c = koolen(d, y, rate);
      friberg(d, y, 3, { ...KLOFT_M, circ0: KLOFT_M.circ0 * 0.878549 }, 15.5711 * c / 807.88 * 1000);
      simeoni(d, y, 8, c * 1000);
    },
    outputs: { ANC: (y) => y[7], TS: (y) => y[8] + y[9] + y[10] + y[11] },
  },
  {
    file: 'paclitaxel-friberg.yaml', source: 'DDMODEL00000186: PK CL 285, V1 290, V2 995 L, Q 204 L/h; WBC Circ0 7.21, MTT 124 h, γ 0.239, slope 28.9 L/µmol',
    mg: 315, dur: 3, y0: [0, 0, ...Array(5).fill(7.21)],
    rhs: (d, y, rate) => {
      const c = y[0] / 290;
      d[0] = rate - 285 * c - 204 * c + 204 * y[1] / 995;
      d[1] = 204 * c - 204 * y[1] / 995;
      friberg(d, y, 2, { circ0: 7.21, mtt: 124, gamma: 0.239 }, 28.9 * c / 853.9 * 1000);
    },
    outputs: { Cp: (y) => y[0] / 290, WBC: (y) => y[6] },
  },
  {
    file: 'nab-paclitaxel-chen2014.yaml', source: 'Chen 2014 Table 2 (PK and ANC), age 70, albumin 3.5 g/dL',
    covariates: { AGE: [70, 'yr'], ALB: [3.5, 'g/dL'] },
    mg: 468, dur: 0.5, y0: [0, 0, 0, ...Array(5).fill(NAB_CIRC0)],
    rhs: nabPaclitaxelChen2014,
    outputs: { Cp: (y) => y[0] / 15.8, ANC: (y) => y[7] },
  },
  {
    file: 'carboplatin-gemcitabine-zecchin2016.yaml',
    source: 'Zandvliet 2008 (CL = 0.76·CrCL + 1.5 L/h, V1 15.5, Q 3.46, V2 9.86) + Zecchin 2016 SLD (KG 0.000611, KD0 4.97e-5 /d per E0 = C/1.503 µg/L), CrCL 90 mL/min',
    covariates: { CRCL: [90, 'mL/min'], BSA: [1.8, 'm^2'] },
    mg: 575, dur: 0.5, y0: [0, 0, 71.3, 0],
    rhs: (d, y, rate) => {
      const cl = 0.76 * 90 * 0.06 + 1.5, c = y[0] / 15.5;
      d[0] = rate - cl * c - 3.46 * c + 3.46 * y[1] / 9.86;
      d[1] = 3.46 * c - 3.46 * y[1] / 9.86;
      d[2] = (0.000611 - 4.97e-5 * c / 0.001503) / 24 * y[2];
      d[3] = -1.386 / 24 * y[3];
    },
    outputs: { Cp: (y) => y[0] / 15.5, SLD: (y) => y[2] },
  },
  {
    file: 'docetaxel-kloft-struemper2025.yaml',
    source: 'Koolen 2010 + Kloft 2006 (male) + Struemper 2025 docetaxel arm (TSb 86.07 mm, kg 0.01822, ks 0.03566 /wk × C/0.005721 mg/L)',
    covariates: { SEX: [1, '1'], LDH: [225.5, '1'], NTARGET: [3, '1'], LINK: [1, '1'] },
    mg: 135, dur: 1, y0: [0, 0, 0, ...Array(5).fill(KLOFT_M.circ0), 86.07, 86.07],
    rhs: (d, y, rate) => {
      const c = koolen(d, y, rate);
      friberg(d, y, 3, KLOFT_M, 15.5711 * c / 807.88 * 1000);
      d[8] = (0.01822 / 168) * y[8];
      d[9] = -(0.03566 / 168) * (c / 0.005721) * y[9];
    },
    outputs: { ANC: (y) => y[7], TS: (y) => y[8] + y[9] - 86.07 },
  },
];

describe.each(CASES)('$file', (c) => {
  it(`one 21-day cycle equals an independent RK4 integration (${c.source})`, async () => {
    const t = grid(504, 6); // the first grid time after 0 is past every infusion end
    const run = await runTypical(await libraryModel(c.file), { covariates: c.covariates, doses: [{ time: 0, mg: c.mg, dur: c.dur }], grid: t });
    // Piecewise: RK4 over the infusion with its rate, then on with rate 0 (the infusion end is a
    // multiple of dt, so no step straddles the switch).
    const dt = 2e-3;
    let rate = c.mg / c.dur;
    const sol = rk4(c.y0.slice(), (d, y) => c.rhs(d, y, rate), 0, dt);
    sol.steps(Math.round(c.dur / dt));
    rate = 0;
    for (const [g, tt] of t.entries()) {
      if (tt < c.dur) continue;
      sol.steps(Math.round((tt - sol.t) / dt));
      for (const [name, f] of Object.entries(c.outputs)) {
        const want = f(sol.y), got = run.traj(name)[g];
        expect(Math.abs(got - want) / Math.max(Math.abs(want), 1e-6), `${name} at ${tt} h: ${got} vs ${want}`).toBeLessThan(1e-5);
      }
    }
  });
});
