import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ModelIR } from '../../../engine/common/ir.js';
import { loadModel } from '../../../engine/common/model/load-model.js';
import { NodeFileHost } from '../../../engine/node/node-file-host.js';
import { evalExpr, loadText, patientEnv, rhs } from './helpers.js';

const load = (name: string): Promise<ModelIR> => loadModel(fileURLToPath(new URL(`../../fixtures/models/${name}`, import.meta.url)), new NodeFileHost());

/** K must equal the Jacobian of the ODE right-hand sides on the subsystem (exact for linear ODEs). */
function expectKIsJacobian(m: ModelIR, env: Record<string, number>): void {
  const lin = m.linear!;
  const idx = lin.states.map((s) => m.states.findIndex((x) => x.name === s));
  const x0 = m.states.map((_, i) => 3 + i);
  const f0 = rhs(m, env, x0);
  const n = lin.states.length;
  for (let j = 0; j < n; j++) {
    const x1 = [...x0];
    x1[idx[j]] += 1;
    const f1 = rhs(m, env, x1);
    for (let i = 0; i < n; i++) {
      const k = evalExpr(lin.k[i * n + j], env);
      expect(k).toBeCloseTo(f1[idx[i]] - f0[idx[i]], 9);
    }
  }
}

describe('linear subsystem detection', () => {
  it('finds 1-, 2- and 3-compartment PK and oral depots', async () => {
    for (const [file, states, vals] of [
      ['pk-1cmt-iv.yaml', ['A'], { WT: 8e7, 'eta.CL': 0.2 }],
      ['pk-2cmt.yaml', ['A1', 'A2'], {}],
      ['pk-3cmt.yaml', ['A1', 'A2', 'A3'], {}],
      ['pk-oral-lag.yaml', ['DEPOT', 'CENT'], { SEX: 1, CRCL: 5 }],
      ['pk-pd-composed.yaml', ['pk.A1', 'pk.A2'], {}],
    ] as const) {
      const m = await load(file);
      expect(m.linear?.states, file).toEqual(states);
      expectKIsJacobian(m, patientEnv(m, vals));
    }
  });

  it('gives the 3-compartment micro-constant matrix (Bruno docetaxel values)', async () => {
    const m = await load('pk-3cmt.yaml');
    const K = m.linear!.k.map((e) => evalExpr(e, patientEnv(m)));
    const [k10, k12, k21, k13, k31] = [5.2, 1.06, 1.51, 1.26, 0.084];
    const want = [-(k10 + k12 + k13), k21, k31, k12, -k21, 0, k13, 0, -k31];
    K.forEach((v, i) => expect(v).toBeCloseTo(want[i], 12));
  });

  it('excludes saturable elimination and what it feeds, keeps the linear depot', async () => {
    const m = await load('mm-elimination.yaml');
    expect(m.linear?.states).toEqual(['GUT']);
  });

  const base = (odes: string, extra = '') => `model: x
parameters: { k: { value: 1, unit: 1/h }, l: { value: 0.1, unit: 1/h }, R0: { value: 2, unit: mg/h }, c: { value: 1, unit: 1/mg/h } }
states: { A: { unit: mg }, B: { unit: mg } }
${extra}odes: { ${odes} }
`;

  it('rejects time-varying coefficients, zero-order inputs and products of states', async () => {
    expect((await loadText(base('A: -k*exp(-l*t)*A, B: k*A - k*B'))).linear).toBeUndefined();
    expect((await loadText(base('A: R0 - k*A, B: k*A - k*B'))).linear).toBeUndefined();
    expect((await loadText(base('A: -c*A*B, B: -k*B'))).linear?.states).toEqual(['B']);
  });

  it('excludes states fed by states outside the subsystem', async () => {
    const m = await loadText(base('A: -c*A*A, B: k*A - k*B'));
    expect(m.linear).toBeUndefined();
  });

  it('sees through derived quantities and treats covariate-dependent coefficients as constant', async () => {
    const m = await loadText(`model: x
covariates: { WT: { unit: kg } }
parameters: { CL: { value: 1, unit: L/h }, V: { value: 10, unit: L }, WTr: { value: 70, unit: kg } }
covariate_effects: [{ parameter: CL, covariate: WT, model: power, exponent: 0.75, reference: WTr }]
states: { A: { unit: mg } }
derived: { C: { expr: A / V, unit: mg/L } }
odes: { A: -CL * C }
`);
    expect(m.linear?.states).toEqual(['A']);
    const m2 = await loadText(`model: x
parameters: { CL: { value: 1, unit: L/h }, V: { value: 10, unit: L } }
states: { A: { unit: mg } }
derived: { CLX: { expr: "CL * (t > 0 ? 1 : 2)", unit: L/h } }
odes: { A: -CLX * A / V }
`);
    expect(m2.linear).toBeUndefined();
  });
});
