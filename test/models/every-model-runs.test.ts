/**
 * Every model in models/ loads, compiles and runs on the CPU backend (mrgsolve's test_lib habit):
 * a few patients with inter-individual variability, two doses into the model's first dose target
 * (or none for effect-only modules, whose inputs then sit at their defaults), every output finite.
 * Modules without a drug must stay at their steady-state baseline when undriven — a real property
 * of the Friberg model (states start at Circ0) that a wrong initial condition or ODE would break.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../engine/backends/cpu/cpu-backend.js';
import { loadModel } from '../../engine/common/model/load-model.js';
import { NodeFileHost } from '../../engine/node/node-file-host.js';
import { jobFor, modelFiles, root } from './model-job.js';

describe('every model in models/ loads, compiles and runs', () => {
  const backend = createCpuBackend({ threads: 0 });
  for (const file of modelFiles) {
    it(file, async () => {
      const model = await loadModel(join(root, 'models', file), new NodeFileHost());
      expect(model.outputs.length, 'a model exposes at least one output').toBeGreaterThan(0);
      const job = jobFor(model);
      const res = await backend.run(job);
      const r = res.regimens[0];
      expect([...r.failed], 'no patient fails').toEqual(new Array(job.nPatients).fill(0));
      for (const o of model.outputs) {
        for (const v of [...r.summaries[`${o.name}.max`], ...r.summaries[`${o.name}.min`]]) expect(Number.isFinite(v), `${o.name} finite`).toBe(true);
      }
      if (model.doseTargets.length > 0) {
        // A dosed model's exposure output rises above its pre-dose value.
        const exposure = model.outputs.find((o) => /^(Cp|C|Conc|C5FU|CFU)/i.test(o.name)) ?? model.outputs[0];
        const max = r.summaries[`${exposure.name}.max`];
        const min = r.summaries[`${exposure.name}.min`];
        for (let i = 0; i < job.nPatients; i++) expect(max[i]).toBeGreaterThan(min[i]);
      }
    });
  }
});

describe('undriven Friberg modules stay at their baseline', () => {
  const backend = createCpuBackend({ threads: 0 });
  for (const file of modelFiles.filter((f) => f.startsWith('friberg-'))) {
    it(file, async () => {
      const model = await loadModel(join(root, 'models', file), new NodeFileHost());
      const res = await backend.run(jobFor(model));
      const cells = model.outputs[0].name;
      const max = res.regimens[0].summaries[`${cells}.max`];
      const min = res.regimens[0].summaries[`${cells}.min`];
      for (let i = 0; i < max.length; i++) expect(Math.abs(max[i] - min[i]) / max[i]).toBeLessThan(1e-9);
    });
  }
});
