import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../../../engine/common/model/load-model.js';
import { NodeFileHost } from '../../../engine/node/node-file-host.js';
import { patientEnv } from './helpers.js';

// Resolved from this file, not the working directory: started elsewhere, the suite still checks every model.
const dir = fileURLToPath(new URL('../../../models/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

describe('every built-in model loads', () => {
  it('finds the built-in models', () => {
    expect(files.length).toBeGreaterThanOrEqual(18);
  });

  it.each(files)('models/%s', async (file) => {
    const m = await loadModel(`${dir}${file}`, new NodeFileHost());
    expect(m.states.length).toBeGreaterThan(0);
    expect(m.odes).toHaveLength(m.states.length);
    expect(m.outputs.length).toBeGreaterThan(0);
    for (const p of m.params) expect(Number.isFinite(p.value), p.name).toBe(true);
    for (const o of m.outputs) expect(o.scale, o.name).toBeGreaterThan(0);
    expect(m.variability.omega).toHaveLength(m.variability.etas.length ** 2);
    // Every individual parameter is computable for a patient with unit covariates (no unbound refs).
    const covs = Object.fromEntries(m.covariates.map((c) => [c.name, 1]));
    const env = patientEnv(m, covs);
    for (const a of m.individual) expect(env[a.name], a.name).not.toBeUndefined();
  });
});
