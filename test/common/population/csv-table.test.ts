import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../engine/common/errors.js';
import { buildPopulation } from '../../../engine/common/population/build-population.js';
import { parseCsvTable } from '../../../engine/common/population/csv-table.js';
import { splitSeed } from '../../../engine/common/rng/uniform.js';
import { populationSpec } from '../yaml/yaml-helpers.js';
import { evalPatient, testModel } from '../scenario/test-model.js';

const dir = new URL('../../fixtures/populations/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, dir), 'utf8');

function inputError(f: () => unknown): InputError {
  try { f(); } catch (e) { if (e instanceof InputError) return e; throw e; }
  throw new Error('expected an InputError');
}

describe('CSV patient tables', () => {
  it('reads numbers, quoted cells and level names; skips blank lines', () => {
    const t = parseCsvTable(read('patients.csv'), 'patients.csv', new Map([['SEX', ['F', 'M']]]));
    expect(t.columns).toEqual(['ID', 'WT', 'HT', 'SEX', 'eta.CL']);
    expect(t.rows).toBe(3);
    expect(Array.from(t.data.subarray(t.rows, 2 * t.rows))).toEqual([70, 82.5, 55]);
    expect(Array.from(t.data.subarray(3 * t.rows, 4 * t.rows))).toEqual([0, 1, 0]);
  });

  it('a bad cell is an error at its line and column', () => {
    const e = inputError(() => parseCsvTable('ID,WT\n1,70\n2,7O\n', 'p.csv'));
    expect(e.diagnostics[0]).toMatchObject({ file: 'p.csv', line: 3, col: 3 });
    expect(e.message).toMatch(/'7O' is not a number/);
    const lv = inputError(() => parseCsvTable(read('patients.csv'), 'patients.csv', new Map([['SEX', ['F', 'X']]])));
    expect(lv.diagnostics[0]).toMatchObject({ line: 3, col: 14 });
  });

  it('a categorical column without declared levels gets a hint', () => {
    const e = inputError(() => parseCsvTable(read('patients.csv'), 'patients.csv'));
    expect(e.diagnostics[0]).toMatchObject({ line: 2, col: 10 });
    expect(e.diagnostics[0].hint).toMatch(/levels/);
  });

  it('becomes table refs with values in internal units, codes in the model\'s level order, and eta overrides', () => {
    const spec = populationSpec('table: { file: patients.csv, levels: { SEX: [F, M] } }\n', 's.yaml');
    const csv = parseCsvTable(read('patients.csv'), 'patients.csv', spec.table!.levels);
    const pop = buildPopulation(spec, testModel(), { csv, file: 'patients.csv' });
    expect(pop.tableRows).toBe(3);
    expect(pop.program.assigns.find((a) => a.name === 'WT')!.expr).toEqual({ k: 'ref', name: 'table.WT' });
    const p1 = evalPatient(pop.program, splitSeed(5), 1);
    expect(p1.get('WT')).toBeCloseTo(82.5e6, 3); // kg (the model's unit) → mg
    expect(p1.get('SEX')).toBe(0); // M is level 0 in the model
    expect(p1.get('eta.CL')).toBe(-0.2); // table column overrides the eta
    expect(pop.program.draws).toBe(2); // etas still take their draws
  });

  it('a missing column the model needs is an error at the CSV header', () => {
    const spec = populationSpec('table: { file: no-weight.csv, levels: { SEX: [F, M] } }\n', 's.yaml');
    const csv = parseCsvTable(read('no-weight.csv'), 'no-weight.csv', spec.table!.levels);
    const e = inputError(() => buildPopulation(spec, testModel(), { csv, file: 'no-weight.csv' }));
    expect(e.diagnostics[0]).toMatchObject({ file: 'no-weight.csv', line: 1, col: 1 });
    expect(e.message).toMatch(/WT/);
  });
});

describe('a file that is not a patient table (issue 15, item 13)', () => {
  const passwd = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n';

  it('says what a table looks like and repeats at most a short excerpt of its first line', () => {
    const e = inputError(() => parseCsvTable(passwd, '/etc/passwd'));
    expect(e.diagnostics[0]).toMatchObject({ file: '/etc/passwd', line: 1, col: 1 });
    expect(e.diagnostics[0].message).toBe("line 1 is not a header of column names: cell 1 ('root:x:0:0:r…') is not a name");
    expect(e.diagnostics[0].hint).toMatch(/first line names its columns/);
    expect(e.message).not.toContain('/bin/bash');
  });

  it('binary content is refused without quoting it', () => {
    const e = inputError(() => parseCsvTable('\x89PNG\r\n\x1a\n\0\0\0\rIHDR', 'img.png'));
    expect(e.diagnostics[0].message).toBe('this is not a text file, so not a patient table');
  });

  it('quoted cells are short and cannot carry terminal escapes', () => {
    const e = inputError(() => parseCsvTable(`ID,WT\n1,\x1b[2J\x1b[31m${'x'.repeat(500)}\n`, 'p.csv'));
    expect(e.diagnostics[0].message).toBe("column WT: '\\u{1b}[2J\\u{1b}[31mxxxxxxxxxxxxxxx…' is not a number");
  });

  it('a column named like a built-in property is an error, not a crash', () => {
    const e = inputError(() => parseCsvTable('ID,constructor\n1,2\n', 'p.csv'));
    expect(e.diagnostics[0]).toMatchObject({ line: 1, col: 4, message: expect.stringContaining("column name 'constructor' cannot be used") });
    const t = inputError(() => parseCsvTable('ID,true\n1,2\n', 'p.csv'));
    expect(t.diagnostics[0].message).toContain("'true' is a constant or operator");
  });
});
