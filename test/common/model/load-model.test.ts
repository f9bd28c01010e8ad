import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { sha256Hex } from '../../../engine/common/hash.js';
import type { ModelIR } from '../../../engine/common/ir.js';
import { loadModel } from '../../../engine/common/model/load-model.js';
import { NodeFileHost } from '../../../engine/node/node-file-host.js';
import { evalExpr, loadText, patientEnv, rhs } from './helpers.js';

const dir = fileURLToPath(new URL('../../fixtures/models', import.meta.url));
const load = (name: string): Promise<ModelIR> => loadModel(`${dir}/${name}`, new NodeFileHost());

describe('one-compartment IV fixture', () => {
  it('converts parameters to internal units and builds individual parameters', async () => {
    const m = await load('pk-1cmt-iv.yaml');
    expect(m.name).toBe('pk-1cmt-iv');
    expect(m.timeUnit).toBe('h');
    expect(m.params.map((p) => [p.name, p.value, p.unit])).toEqual([['tv.CL', 5, 'L/h'], ['tv.V', 50, 'L'], ['tv.WT_ref', 7e7, 'kg']]);
    expect(m.covariates).toEqual([{ name: 'WT', unit: 'kg', description: 'Body weight' }]);
    // Covariates arrive in internal units (mg): 35 kg → CL = 5 * 0.5^0.75; eta.CL = 0.1 multiplies by e^0.1.
    const env = patientEnv(m, { WT: 35e6, 'eta.CL': 0.1 });
    expect(env.CL).toBeCloseTo(5 * 0.5 ** 0.75 * Math.exp(0.1), 12);
    expect(env.V).toBe(50);
    expect(m.states).toEqual([{ name: 'A', unit: 'mg', init: { k: 'num', v: 0 }, atol: 1e-6 }]);
    expect(m.outputs).toMatchObject([{ name: 'Cp', unit: 'ng/mL', scale: 1000 }]);
    expect(m.doseTargets).toEqual([{ name: 'iv', state: 'A', bioavailability: { k: 'num', v: 1 }, lag: { k: 'num', v: 0 } }]);
    // dA/dt = -CL * A/V
    expect(rhs(m, env, [100])[0]).toBeCloseTo((-env.CL * 100) / 50, 12);
  });

  it('has a full eta covariance from cv, omega2 and a correlation', async () => {
    const m = await load('pk-1cmt-iv.yaml');
    const w = Math.log(1 + 0.3 ** 2);
    expect(m.variability.etas).toEqual(['eta.CL', 'eta.V']);
    const [a, b, c, d] = m.variability.omega;
    expect(a).toBeCloseTo(w, 15);
    expect(b).toBeCloseTo(0.5 * Math.sqrt(w * 0.04), 15);
    expect(c).toBe(b);
    expect(d).toBe(0.04);
  });

  it('records provenance hashes', async () => {
    const m = await load('pk-1cmt-iv.yaml');
    const fileHash = sha256Hex(readFileSync(`${dir}/pk-1cmt-iv.yaml`, 'utf8'));
    expect(m.files).toEqual([{ path: `${dir}/pk-1cmt-iv.yaml`, sha256: fileHash }]);
    expect(m.sourceHash).toBe(sha256Hex(fileHash));
  });
});

describe('oral fixture with lag, F, an omega block and categorical/linear covariates', () => {
  it('builds dosing targets, logit-normal F and the block', async () => {
    const m = await load('pk-oral-lag.yaml');
    expect(m.variability.etas).toEqual(['eta.KA', 'eta.CL', 'eta.F']);
    expect(m.variability.omega).toEqual([0.16, 0.02, 0, 0.02, 0.09, 0, 0, 0, 0.25]);
    const env = patientEnv(m, { SEX: 0, CRCL: 6 });
    expect(env.F).toBeCloseTo(0.6, 14);
    const envF = patientEnv(m, { SEX: 1, CRCL: 6, 'eta.F': 0.5 });
    const logit = Math.log(0.6 / 0.4) + 0.5;
    expect(envF.F).toBeCloseTo(1 / (1 + Math.exp(-logit)), 14);
    expect(env.V).toBeCloseTo(0.88 * 80, 12);
    expect(envF.V).toBe(80);
    // CRCL 160 mL/min = 9.6 L/h; coefficient 0.005 per mL/min → CL = 12 * (1 + 0.005*60).
    expect(patientEnv(m, { SEX: 1, CRCL: 9.6 }).CL).toBeCloseTo(12 * 1.3, 12);
    expect(m.covariates.find((c) => c.name === 'SEX')?.levels).toEqual(['F', 'M']);
    const [oral, iv] = m.doseTargets;
    expect(oral.state).toBe('DEPOT');
    expect(evalExpr(oral.lag, env)).toBe(0.5); // 30 min in hours
    expect(evalExpr(oral.bioavailability, env)).toBeCloseTo(0.6, 14);
    expect(iv).toMatchObject({ state: 'CENT', lag: { k: 'num', v: 0.25 } });
  });
});

describe('composition', () => {
  it('prefixes module symbols, binds inputs with unit conversion and rescales days to hours', async () => {
    const m = await load('pk-pd-composed.yaml');
    expect(m.states.map((s) => s.name)).toEqual(['pk.A1', 'pk.A2', 'pd.R']);
    expect(m.files.map((f) => f.path.split('/').pop())).toEqual(['pk-pd-composed.yaml', 'pk-2cmt.yaml', 'pd-effect-days.yaml']);
    expect(m.params.find((p) => p.name === 'pd.tv.KOUT')?.value).toBeCloseTo(0.48 / 24, 15);
    expect(m.params.find((p) => p.name === 'pd.tv.KIN')?.value).toBeCloseTo((2.4e9) / 24, 3);
    const names = m.derived.map((d) => d.name);
    expect(names.indexOf('pk.C')).toBeLessThan(names.indexOf('pd.Conc'));
    expect(names.indexOf('pd.Conc')).toBeLessThan(names.indexOf('pd.INH'));
    const env = patientEnv(m);
    // Steady state of the PD module: R = KIN/KOUT = 5e9 per L whatever the time unit.
    const r0 = evalExpr(m.states[2].init, env);
    expect(r0).toBeCloseTo(5e9, 0);
    // 20 mg in V1 = 20 L → 1 mg/L; / 800 g/mol = 1.25 µmol/L; INH = 1.25/(0.5+1.25).
    const e: Record<string, number> = { ...env, t: 0, 'pk.A1': 20, 'pk.A2': 0, 'pd.R': r0 };
    for (const d of m.derived) e[d.name] = evalExpr(d.expr, e);
    expect(e['pd.Conc']).toBeCloseTo(1.25, 12);
    const dR = rhs(m, env, [20, 0, r0])[2];
    expect(dR).toBeCloseTo((2.4e9 / 24) * (1 - 1.25 / 1.75) - (0.48 / 24) * r0, 0);
    expect(m.outputs.map((o) => [o.name, o.scale])).toEqual([['pk.Cp', 1], ['pd.Resp', 1e-9], ['Cp', 1000], ['Resp', 1e-9]]);
    expect(m.doseTargets.map((d) => [d.name, d.state])).toEqual([['pk.iv', 'pk.A1'], ['iv', 'pk.A1']]);
    expect(m.variability.etas).toEqual(['pk.eta.CL']);
    expect(m.linear?.states).toEqual(['pk.A1', 'pk.A2']);
  });

  it('uses an input default when nothing binds it', async () => {
    const m = await load('pd-effect-days.yaml');
    expect(m.timeUnit).toBe('d');
    expect(m.derived[0]).toEqual({ name: 'Conc', expr: { k: 'num', v: 0 } });
    expect(m.params.find((p) => p.name === 'tv.KOUT')?.value).toBe(0.48);
  });

  it('converts a module literal lag from the module time unit', async () => {
    const mod = 'model: m\ntime_unit: d\nstates: { A: { unit: mg } }\nodes: { A: 0 }\ndosing: { po: { state: A, lag: 1 } }\n';
    const m = await loadText('model: top\ntime_unit: h\nmodules: { sub: { file: sub.yaml } }\ndosing: { po: { module: sub, target: po } }\n', { 'sub.yaml': mod });
    expect(m.doseTargets.map((d) => [d.name, d.state, d.lag])).toEqual([['sub.po', 'sub.A', { k: 'num', v: 24 }], ['po', 'sub.A', { k: 'num', v: 24 }]]);
  });

  it('shares covariates between modules and composes eta blocks block-diagonally', async () => {
    const a = 'model: a\ncovariates: { WT: { unit: kg } }\nparameters: { K: { value: 1, unit: 1/h } }\nvariability: { K: { distribution: lognormal, omega2: 0.1 } }\nstates: { X: { unit: mg } }\nodes: { X: -K*X }\n';
    const b = 'model: b\ncovariates: { WT: { unit: g } }\nparameters: { K: { value: 2, unit: 1/h }, L: { value: 3, unit: 1/h } }\nvariability: { K: { distribution: lognormal, omega2: 0.2 }, L: { distribution: normal, sd: 0.5 } }\ncorrelations: [{ between: [K, L], r: -0.5 }]\nstates: { X: { unit: mg } }\nodes: { X: -K*X }\n';
    const m = await loadText('model: top\nmodules: { a: { file: a.yaml }, b: { file: b.yaml } }\n', { 'a.yaml': a, 'b.yaml': b });
    expect(m.covariates.map((c) => c.name)).toEqual(['WT']);
    expect(m.variability.etas).toEqual(['a.eta.K', 'b.eta.K', 'b.eta.L']);
    const c = -0.5 * Math.sqrt(0.2 * 0.25);
    expect(m.variability.omega.map((x) => +x.toFixed(12))).toEqual([0.1, 0, 0, 0, 0.2, +c.toFixed(12), 0, +c.toFixed(12), 0.25]);
    expect(m.individual.find((x) => x.name === 'b.L')?.expr).toEqual({ k: 'op', op: '+', a: { k: 'ref', name: 'b.tv.L' }, b: { k: 'ref', name: 'b.eta.L' } });
  });
});
