import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../engine/common/errors.js';
import { buildPopulation } from '../../../engine/common/population/build-population.js';
import { parseCsvTable } from '../../../engine/common/population/csv-table.js';
import { parsePopulation } from '../../../engine/common/population/population-spec.js';
import { splitSeed } from '../../../engine/common/rng/uniform.js';
import { YamlCursor } from '../../../engine/common/scenario/yaml-cursor.js';
import { evalPatient, testModel } from '../scenario/test-model.js';

const dir = new URL('../../fixtures/populations/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, dir), 'utf8');

function inputError(f: () => unknown): InputError {
  try { f(); } catch (e) { if (e instanceof InputError) return e; throw e; }
  throw new Error('expected an InputError');
}

describe('CSV patient tables', () => {
  it('reads numbers, quoted cells and level names; skips blank lines', () => {
    const t = parseCsvTable(read('patients.csv'), 'patients.csv', { SEX: ['F', 'M'] });
    expect(t.columns).toEqual(['ID', 'WT', 'HT', 'SEX', 'eta_CL']);
    expect(t.rows).toBe(3);
    expect(Array.from(t.data.subarray(t.rows, 2 * t.rows))).toEqual([70, 82.5, 55]);
    expect(Array.from(t.data.subarray(3 * t.rows, 4 * t.rows))).toEqual([0, 1, 0]);
  });

  it('a bad cell is an error at its line and column', () => {
    const e = inputError(() => parseCsvTable('ID,WT\n1,70\n2,7O\n', 'p.csv'));
    expect(e.diagnostics[0]).toMatchObject({ file: 'p.csv', line: 3, col: 3 });
    expect(e.message).toMatch(/'7O' is not a number/);
    const lv = inputError(() => parseCsvTable(read('patients.csv'), 'patients.csv', { SEX: ['F', 'X'] }));
    expect(lv.diagnostics[0]).toMatchObject({ line: 3, col: 14 });
  });

  it('a categorical column without declared levels gets a hint', () => {
    const e = inputError(() => parseCsvTable(read('patients.csv'), 'patients.csv'));
    expect(e.diagnostics[0]).toMatchObject({ line: 2, col: 10 });
    expect(e.diagnostics[0].hint).toMatch(/levels/);
  });

  it('becomes table refs with values in internal units, codes in the model\'s level order, and eta overrides', () => {
    const spec = parsePopulation(YamlCursor.parse('table: { file: patients.csv, levels: { SEX: [F, M] } }\n', 's.yaml'));
    const csv = parseCsvTable(read('patients.csv'), 'patients.csv', spec.table!.levels);
    const pop = buildPopulation(spec, testModel(), { csv, file: 'patients.csv' });
    expect(pop.tableRows).toBe(3);
    expect(pop.program.assigns.find((a) => a.name === 'WT')!.expr).toEqual({ k: 'ref', name: 'table.WT' });
    const p1 = evalPatient(pop.program, splitSeed(5), 1);
    expect(p1.get('WT')).toBeCloseTo(82.5e6, 3); // kg (the model's unit) → mg
    expect(p1.get('SEX')).toBe(0); // M is level 0 in the model
    expect(p1.get('eta_CL')).toBe(-0.2); // table column overrides the eta
    expect(pop.program.draws).toBe(2); // etas still take their draws
  });

  it('a missing column the model needs is an error at the CSV header', () => {
    const spec = parsePopulation(YamlCursor.parse('table: { file: no-weight.csv, levels: { SEX: [F, M] } }\n', 's.yaml'));
    const csv = parseCsvTable(read('no-weight.csv'), 'no-weight.csv', spec.table!.levels);
    const e = inputError(() => buildPopulation(spec, testModel(), { csv, file: 'no-weight.csv' }));
    expect(e.diagnostics[0]).toMatchObject({ file: 'no-weight.csv', line: 1, col: 1 });
    expect(e.message).toMatch(/WT/);
  });
});
