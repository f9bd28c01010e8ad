/** Shared pieces of the twin tests: records built in code, models loaded from files. */
import { fileURLToPath } from 'node:url';
import { loadModel } from '../../engine/common/model/load-model.js';
import type { ModelIR } from '../../engine/common/ir.js';
import type { PatientRecord, RecordObservation } from '../../engine/common/patient-record/record.js';
import { NodeFileHost } from '../../engine/node/node-file-host.js';

export const here = (rel: string): string => fileURLToPath(new URL(rel, import.meta.url));
export const builtinModel = (id: string): Promise<ModelIR> => loadModel(here(`../../models/${id}.yaml`), new NodeFileHost());
export const fixtureModel = (file: string): Promise<ModelIR> => loadModel(here(`fixtures/${file}`), new NodeFileHost());

const pos = { file: 'test-record', line: 1, col: 1 };

export function record(parts: Partial<PatientRecord> & { obs?: [number, string, number, string][] }): PatientRecord {
  const observations: RecordObservation[] = parts.observations ?? (parts.obs ?? []).map(([time, output, value, unit]) => ({ time, output, value, unit, bql: false, pos }));
  return { id: 'test', file: 'test-record', covariates: [], doses: [], ...parts, observations };
}

export const at = pos;
