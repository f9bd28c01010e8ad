/**
 * Test helpers: a hand-built one-compartment ModelIR (the real model loader is injected, not used),
 * an in-memory FileHost, and a population evaluator over the IR interpreter.
 */
import { InputError } from '../../../engine/common/errors.js';
import type { FileHost } from '../../../engine/common/host.js';
import { ir, type ModelIR } from '../../../engine/common/ir.js';
import { evalAssigns } from '../../../engine/common/ir-eval.js';
import type { PopulationProgram } from '../../../engine/common/job.js';
import { patientUniforms, type Seed } from '../../../engine/common/rng/uniform.js';

/** One-compartment PK with oral depot; CL ~ WT, etas on CL and V with a covariance. */
export function testModel(): ModelIR {
  const { num, ref, op } = ir;
  return {
    name: 'test-1cmt',
    sourceHash: '0'.repeat(64),
    files: [],
    timeUnit: 'h',
    params: [{ name: 'tv.CL', value: 10, unit: 'L/h' }, { name: 'tv.V', value: 50, unit: 'L' }],
    covariates: [{ name: 'WT', unit: 'kg' }, { name: 'SEX', unit: '1', levels: ['M', 'F'] }],
    variability: { etas: ['eta.CL', 'eta.V'], omega: [0.09, 0.03, 0.03, 0.1] },
    individual: [
      { name: 'CL', expr: op('*', ref('tv.CL'), ir.call('exp', ref('eta.CL'))) },
      { name: 'V', expr: op('*', ref('tv.V'), ir.call('exp', ref('eta.V'))) },
    ],
    states: [{ name: 'DEPOT', unit: 'mg', init: num(0) }, { name: 'A1', unit: 'mg', init: num(0) }, { name: 'E', unit: 'ng/mL', init: num(0), atol: 1e-7 }],
    derived: [{ name: 'C', expr: op('/', ref('A1'), ref('V')) }],
    odes: [op('*', num(-1), ref('DEPOT')), op('-', ref('DEPOT'), op('*', op('/', ref('CL'), ref('V')), ref('A1'))), num(0)],
    outputs: [{ name: 'Cp', expr: ref('C'), unit: 'mg/L', scale: 1 }],
    doseTargets: [
      { name: 'iv', state: 'A1', bioavailability: num(1), lag: num(0) },
      { name: 'oral', state: 'DEPOT', bioavailability: num(0.8), lag: num(0) },
    ],
  };
}

/** An in-memory host with POSIX-style paths. */
export function memoryHost(files: Record<string, string>): FileHost & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async readText(path, from) {
      reads.push(path);
      const t = files[path];
      if (t === undefined) throw InputError.at(from?.file ?? path, from?.line ?? 1, from?.col ?? 1, `cannot read ${path}`);
      return t;
    },
    resolve(fromFile, relative) {
      if (relative.startsWith('/')) return relative;
      const parts = fromFile.split('/').slice(0, -1);
      for (const seg of relative.split('/')) {
        if (seg === '..') parts.pop();
        else if (seg !== '.') parts.push(seg);
      }
      return parts.join('/');
    },
  };
}

/** Every assigned value of patient i (internal units), evaluated with the reference interpreter. */
export function evalPatient(p: PopulationProgram, seed: Seed, i: number): Map<string, number> {
  const u = patientUniforms(seed, i, p.draws);
  const vals = new Map<string, number>();
  if (p.table) p.table.columns.forEach((c, j) => vals.set(`table.${c}`, p.table!.data[j * p.table!.rows + i]));
  return evalAssigns(p.assigns, vals, (k) => {
    if (k >= p.draws) throw new Error(`draw ${k} ≥ declared ${p.draws}`);
    return u[k];
  });
}
