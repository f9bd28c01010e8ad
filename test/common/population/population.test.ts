import { describe, expect, it } from 'vitest';
import { InputError } from '../../../engine/common/errors.js';
import { buildPopulation } from '../../../engine/common/population/build-population.js';
import { pnorm, qnorm } from '../../../engine/common/rng/normal.js';
import { splitSeed } from '../../../engine/common/rng/uniform.js';
import { populationSpec } from '../yaml/yaml-helpers.js';
import { evalPatient, testModel } from '../scenario/test-model.js';

const KG = 1e6; // internal mass is mg
const CM = 0.1; // internal length is dm

function build(yaml: string) {
  return buildPopulation(populationSpec(yaml), testModel());
}

const POP = `
size: 20000
covariates:
  WT:  { distribution: lognormal, median: 75, cv: 0.2, unit: kg, truncate: [40, 150] }
  HT:  { distribution: normal, mean: 170, sd: 9, unit: cm, truncate: [140, 200] }
  SEX: { distribution: categorical, levels: { F: 0.3, M: 0.7 } }
  SCR: { distribution: normal, mean: 1, sd: 0.5, unit: mg/dL, truncate: [0.6, 1.2] }
  AGE: { distribution: uniform, min: 20, max: 80, unit: yr }
  CYC: { distribution: fixed, value: 3 }
correlations:
  - { between: [WT, HT], r: 0.5 }
`;

const mean = (x: number[]): number => x.reduce((a, b) => a + b, 0) / x.length;
const sd = (x: number[]): number => { const m = mean(x); return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1)); };
const cov = (x: number[], y: number[]): number => { const mx = mean(x), my = mean(y); return x.reduce((a, xi, i) => a + (xi - mx) * (y[i] - my), 0) / (x.length - 1); };

describe('population sampling (N = 20000, reference interpreter)', () => {
  const { program } = build(POP);
  const seed = splitSeed(20261122);
  const n = 20000;
  const cols: Record<string, number[]> = { WT: [], HT: [], SEX: [], SCR: [], AGE: [], CYC: [], 'eta.CL': [], 'eta.V': [] };
  for (let i = 0; i < n; i++) {
    const v = evalPatient(program, seed, i);
    for (const k of Object.keys(cols)) cols[k].push(v.get(k)!);
  }
  const wtKg = cols.WT.map((w) => w / KG);
  const htCm = cols.HT.map((h) => h / CM);
  // Tolerances: 4 standard errors of the statistic at N = 20000 (false-failure rate < 1e-4 each).
  const se = (s: number): number => (4 * s) / Math.sqrt(n);

  it('assigns one draw per random covariate (file order) and one per eta', () => {
    expect(program.draws).toBe(5 + 2);
    expect(program.report).toEqual(['WT', 'HT', 'SEX', 'SCR', 'AGE', 'CYC']);
  });

  it('lognormal WT: log-mean = log(median), log-sd = sqrt(log(1+cv²)), bounds respected', () => {
    const lw = wtKg.map(Math.log);
    expect(Math.abs(mean(lw) - Math.log(75))).toBeLessThan(se(0.198));
    expect(sd(lw) / Math.sqrt(Math.log(1.04))).toBeCloseTo(1, 1);
    expect(Math.min(...wtKg)).toBeGreaterThanOrEqual(40);
    expect(Math.max(...wtKg)).toBeLessThanOrEqual(150);
  });

  it('normal HT: mean and sd (truncation at ±3.3 sd barely matters), internal unit dm', () => {
    expect(Math.abs(mean(htCm) - 170)).toBeLessThan(se(9));
    expect(Math.abs(sd(htCm) - 9) / 9).toBeLessThan(0.03);
  });

  it('Gaussian copula: corr(log WT, HT) ≈ 0.5', () => {
    const lw = wtKg.map(Math.log);
    const r = cov(lw, htCm) / (sd(lw) * sd(htCm));
    // SE of r ≈ (1 − r²)/√N.
    expect(Math.abs(r - 0.5)).toBeLessThan(se(0.75));
  });

  it('categorical SEX: frequencies, coded in the model\'s level order (M = 0, F = 1)', () => {
    const pF = cols.SEX.filter((s) => s === 1).length / n;
    expect(cols.SEX.every((s) => s === 0 || s === 1)).toBe(true);
    expect(Math.abs(pF - 0.3)).toBeLessThan(se(Math.sqrt(0.3 * 0.7)));
  });

  it('tightly truncated SCR stays in bounds and has the truncated-normal mean', () => {
    const scr = cols.SCR.map((s) => s / 10); // mg/dL → internal mg/L is ×10
    expect(Math.min(...scr)).toBeGreaterThanOrEqual(0.6);
    expect(Math.max(...scr)).toBeLessThanOrEqual(1.2);
    const a = -0.8, b = 0.4, phi = (x: number) => Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
    const z = pnorm(b) - pnorm(a);
    const tm = 1 + 0.5 * (phi(a) - phi(b)) / z;
    expect(Math.abs(mean(scr) - tm)).toBeLessThan(se(0.5 * 0.35)); // truncated sd < 0.35 × 0.5
  });

  it('uniform AGE and fixed CYC', () => {
    const yr = 8766; // hours per Julian year
    const age = cols.AGE.map((a) => a / yr);
    expect(Math.abs(mean(age) - 50)).toBeLessThan(se(60 / Math.sqrt(12)));
    expect(Math.min(...age)).toBeGreaterThanOrEqual(20);
    expect(cols.CYC.every((c) => c === 3)).toBe(true);
  });

  it('eta covariance ≈ omega', () => {
    // SE of a sample variance ≈ σ²·sqrt(2/N); of a covariance ≈ sqrt((σ1²σ2² + c²)/N).
    expect(Math.abs(sd(cols['eta.CL']) ** 2 - 0.09)).toBeLessThan(4 * 0.09 * Math.sqrt(2 / n));
    expect(Math.abs(sd(cols['eta.V']) ** 2 - 0.1)).toBeLessThan(4 * 0.1 * Math.sqrt(2 / n));
    expect(Math.abs(cov(cols['eta.CL'], cols['eta.V']) - 0.03)).toBeLessThan(4 * Math.sqrt((0.09 * 0.1 + 0.03 ** 2) / n));
  });

  it('patient i is the same whether generated alone or within the population', () => {
    const again = evalPatient(program, seed, 12345);
    expect(again.get('WT')).toBe(cols.WT[12345]);
    expect(again.get('eta.V')).toBe(cols['eta.V'][12345]);
  });
});

describe('typical mode', () => {
  it('uses medians, the most likely level and zero etas, without draws', () => {
    const { program } = build(POP.replace('size: 20000', 'mode: typical'));
    expect(program.draws).toBe(0);
    const v = evalPatient(program, splitSeed(1), 0);
    // Median of the truncated lognormal: exp(μ + σ·qnorm((Φ(α) + Φ(β))/2)), slightly above 75 kg
    // because the bounds [40, 150] are not symmetric on the log scale.
    const s = Math.sqrt(Math.log(1.04)), m = Math.log(75);
    const mid = (pnorm((Math.log(40) - m) / s) + pnorm((Math.log(150) - m) / s)) / 2;
    expect(v.get('WT')! / KG).toBeCloseTo(Math.exp(m + s * qnorm(mid)), 9);
    expect(v.get('WT')! / KG).toBeCloseTo(75, 1);
    expect(v.get('HT')! / CM).toBeCloseTo(170, 10);
    expect(v.get('SEX')).toBe(0); // M, the most likely level, is code 0 in the model's order
    expect(v.get('AGE')! / 8766).toBeCloseTo(50, 10);
    expect(v.get('eta.CL')).toBe(0);
  });
});

describe('derived covariates', () => {
  const base = `
mode: typical
covariates:
  WT:  { distribution: fixed, value: 70, unit: kg }
  HT:  { distribution: fixed, value: 170, unit: cm }
  AGE: { distribution: fixed, value: 60, unit: yr }
  SCR: { distribution: fixed, value: 1.0, unit: mg/dL }
  SCRU: { distribution: fixed, value: 88.4, unit: umol/L }
  SEX: { distribution: categorical, levels: { F: 1, M: 0 } }
derived:
  BSA: { formula: mosteller }
  BSA_D: { formula: dubois }
  CRCL: { formula: cockcroft_gault }
  LBW: { expr: "0.5 * WT + HT / 10", unit: kg }
`;
  it('BSA (Mosteller 1987 NEJM; DuBois 1916) and Cockcroft–Gault (1976) known values', () => {
    const v = evalPatient(build(base).program, splitSeed(1), 0);
    // Mosteller: sqrt(170 · 70 / 3600) = 1.8181 m²; internal dm² (×100).
    expect(v.get('BSA')! / 100).toBeCloseTo(Math.sqrt((170 * 70) / 3600), 12);
    expect(v.get('BSA')! / 100).toBeCloseTo(1.818, 3);
    // DuBois: 0.007184 · 70^0.425 · 170^0.725 = 1.8097 m².
    expect(v.get('BSA_D')! / 100).toBeCloseTo(1.8097, 4);
    // CG female: (140 − 60) · 70 / (72 · 1.0) · 0.85 = 66.11 mL/min; internal L/h = ×0.06.
    expect(v.get('CRCL')! / 0.06).toBeCloseTo((80 * 70 / 72) * 0.85, 9);
    // Free expression in declared units: 0.5·70 + 17 = 52 kg.
    expect(v.get('LBW')! / KG).toBeCloseTo(52, 9);
  });

  it('Cockcroft–Gault: male, and SCR in µmol/L (88.4 µmol/L = 1 mg/dL)', () => {
    const male = base.replace('F: 1, M: 0', 'F: 0, M: 1');
    expect(evalPatient(build(male).program, splitSeed(1), 0).get('CRCL')! / 0.06).toBeCloseTo(80 * 70 / 72, 9);
    const molar = male.replace('SCR: { distribution: fixed, value: 1.0, unit: mg/dL }', 'SCR: { distribution: fixed, value: 88.402, unit: umol/L }');
    expect(evalPatient(build(molar).program, splitSeed(1), 0).get('CRCL')! / 0.06).toBeCloseTo(80 * 70 / 72, 3);
  });
});

describe('population errors carry file:line:col', () => {
  const err = (yaml: string): InputError => {
    try { build(yaml); } catch (e) { if (e instanceof InputError) return e; throw e; }
    throw new Error('expected an InputError');
  };
  it('missing model covariate', () => {
    const e = err('size: 10\ncovariates:\n  WGT: { distribution: fixed, value: 70, unit: kg }\n  SEX: { distribution: categorical, levels: { F: 1 } }\n');
    expect(e.diagnostics[0]).toMatchObject({ file: 'pop.yaml', line: 1, col: 1 });
    expect(e.message).toMatch(/needs covariate WT/);
  });
  it('unknown distribution with a suggestion', () => {
    const e = err('size: 10\ncovariates:\n  WT: { distribution: lognormall, median: 70, cv: 0.2, unit: kg }\n');
    expect(e.diagnostics[0]).toMatchObject({ line: 3, col: 23 });
    expect(e.diagnostics[0].hint).toMatch(/lognormal/);
  });
  it('probabilities that do not sum to 1, and an inconsistent correlation', () => {
    expect(err('size: 1\ncovariates:\n  SEX: { distribution: categorical, levels: { F: 0.6, M: 0.6 } }\n').message).toMatch(/sum to 1.2/);
    const e = err(`size: 1
covariates:
  WT: { distribution: normal, mean: 70, sd: 10, unit: kg }
  HT: { distribution: normal, mean: 170, sd: 10, unit: cm }
  AGE: { distribution: normal, mean: 60, sd: 10, unit: yr }
  SEX: { distribution: categorical, levels: { F: 1 } }
correlations:
  - { between: [WT, HT], r: 0.9 }
  - { between: [WT, AGE], r: 0.9 }
  - { between: [HT, AGE], r: -0.9 }
`);
    expect(e.message).toMatch(/not positive definite/);
    expect(e.diagnostics[0].line).toBe(8);
  });
  it('absurd population size states the memory it would need', () => {
    const e = err('size: 1000000000\n');
    expect(e.message).toMatch(/GB/);
    expect(e.diagnostics[0]).toMatchObject({ line: 1, col: 7 });
  });
});
