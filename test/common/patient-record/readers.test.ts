import { describe, expect, it } from 'vitest';
import { InputError } from '../../../engine/common/errors.js';
import type { FileHost } from '../../../engine/common/host.js';
import { readPatientFile } from '../../../engine/common/patient-record/read-patient-file.js';
import { readFhirRecord, ucumToUnit } from '../../../engine/common/patient-record/read-fhir.js';

/** Files in memory, resolved against the referencing file's folder. */
function host(files: Record<string, string>): FileHost {
  return {
    async readText(path, from) {
      if (files[path] !== undefined) return files[path];
      throw InputError.at(from?.file ?? path, from?.line ?? 1, from?.col ?? 1, `${path}: file not found`);
    },
    resolve: (from, rel) => (from.includes('/') ? from.slice(0, from.lastIndexOf('/') + 1) : '') + rel,
  };
}

async function errorOf(p: Promise<unknown>): Promise<{ at: string; message: string; hint?: string; count: number }> {
  try { await p; } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const d = e.diagnostics[0];
    return { at: `${d.file}:${d.line}:${d.col}`, message: d.message, hint: d.hint, count: e.diagnostics.length };
  }
  throw new Error('expected an InputError');
}

const YAML = `patient: P1
start: 2026-03-02T09:00
covariates:
  SEX: F
  WT: 68 kg
  HT: { value: 165, unit: cm }
doses:
  - { date: 2026-03-02T09:00, amount: 132 mg, duration: 1 h, target: iv }
  - { time: 21 d, amount: 120, unit: mg, duration: 60 min }
observations:
  - { date: 2026-03-02T08:30, output: ANC, value: 4.6, unit: 1e9/L }
  - { time: 7 d, output: ANC, value: 0.9 1e9/L }
  - { time: 2 h, output: Cp, bql: true, lloq: 0.0005, unit: mg/L }
`;

describe('YAML patient file', () => {
  it('reads covariates, doses and measurements with dates and relative times', async () => {
    const r = await readPatientFile('p.yaml', host({ 'p.yaml': YAML }));
    expect(r.id).toBe('P1');
    expect(r.origin).toBe('2026-03-02T09:00:00.000Z');
    expect(r.covariates.map((c) => [c.name, c.value, c.unit])).toEqual([['SEX', 'F', undefined], ['WT', 68, 'kg'], ['HT', 165, 'cm']]);
    expect(r.doses.map((d) => [d.time, d.amount, d.unit, d.duration, d.target])).toEqual([[0, 132, 'mg', 1, 'iv'], [504, 120, 'mg', 1, undefined]]);
    expect(r.observations.map((o) => [o.time, o.output, o.value, o.unit, o.bql, o.lloq])).toEqual([
      [-0.5, 'ANC', 4.6, '1e9/L', false, undefined], [168, 'ANC', 0.9, '1e9/L', false, undefined], [2, 'Cp', undefined, 'mg/L', true, 0.0005],
    ]);
    expect(r.observations[1].pos).toMatchObject({ file: 'p.yaml', line: 12, col: 5 });
  });

  it('reports every bad item at its line and column, never dropping one silently', async () => {
    const bad = YAML.replace('value: 4.6', 'valeu: 4.6').replace('time: 7 d', 'time: 7 parsecs').replace('amount: 120, unit: mg', 'amount: 120');
    const e = await errorOf(readPatientFile('p.yaml', host({ 'p.yaml': bad })));
    expect(e.count).toBeGreaterThanOrEqual(3);
    expect(e.at).toBe('p.yaml:9:27');
    expect(e.message).toBe('the dose amount needs a unit');
    try { await readPatientFile('p.yaml', host({ 'p.yaml': bad })); } catch (err) {
      const msgs = (err as InputError).diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`);
      expect(msgs).toContain("11:44 unknown key 'valeu'");
      expect(msgs.some((m) => m.startsWith('12:13') && m.includes("'parsecs' is not a time unit"))).toBe(true);
    }
  });

  it('a measurement without a value must say it is below the limit of quantification', async () => {
    const e = await errorOf(readPatientFile('p.yaml', host({ 'p.yaml': 'patient: x\nobservations:\n  - { time: 1 d, output: ANC, unit: 1e9/L }\n' })));
    expect(e).toMatchObject({ at: 'p.yaml:3:5', message: 'the measurement has no value' });
  });

  it('relative times need a dated time zero when other items are dated', async () => {
    const e = await errorOf(readPatientFile('p.yaml', host({ 'p.yaml': 'patient: x\ndoses:\n  - { time: 0 h, amount: 10 mg }\nobservations:\n  - { date: 2026-01-02, output: ANC, value: 1, unit: 1e9/L }\n' })));
    expect(e.message).toContain('time zero is not a date');
  });
});

describe('CSV patient file', () => {
  const CSV = `kind,time,date,name,value,unit,duration,target,bql,lloq
covariate,,,SEX,F,,,,,
covariate,,,WT,68,kg,,,,
dose,,2026-03-02T09:00,docetaxel,132,mg,1 h,iv,,
observation,7 d,,ANC,0.9,1e9/L,,,,
observation,,2026-03-02T11:00,Cp,,mg/L,,,yes,0.0005
`;
  it('reads one item per row', async () => {
    const r = await readPatientFile('p.csv', host({ 'p.csv': CSV }));
    expect(r.covariates.map((c) => [c.name, c.value])).toEqual([['SEX', 'F'], ['WT', 68]]);
    expect(r.doses).toMatchObject([{ time: 0, amount: 132, unit: 'mg', duration: 1, target: 'iv', drug: 'docetaxel' }]);
    expect(r.observations.map((o) => [o.time, o.output, o.value, o.bql, o.lloq])).toEqual([[168, 'ANC', 0.9, false, undefined], [2, 'Cp', undefined, true, 0.0005]]);
  });
  it('names the row and column of a bad cell and an unknown column at the header', async () => {
    expect(await errorOf(readPatientFile('p.csv', host({ 'p.csv': CSV.replace('0.9,1e9/L', 'high,1e9/L') })))).toMatchObject({ at: 'p.csv:5:22', message: "amount must be a number, got 'high'".replace('amount', 'value') });
    expect(await errorOf(readPatientFile('p.csv', host({ 'p.csv': CSV.replace('lloq', 'loq') })))).toMatchObject({ at: 'p.csv:1:52', message: "unknown column 'loq'" });
    expect(await errorOf(readPatientFile('p.csv', host({ 'p.csv': CSV.replace('observation,7 d', 'measure,7 d') })))).toMatchObject({ at: 'p.csv:5:1' });
  });
});

describe('NONMEM-style data set', () => {
  const DATA = `ID,TIME,AMT,RATE,DV,EVID,MDV,CMT,ADDL,II,BLQ,WT,SEX
1,0,100,100,.,1,1,1,2,24,0,70,1
1,2,.,.,1.8,0,0,2,.,.,0,70,1
1,6,.,.,0.0004,0,0,2,.,.,1,70,1
1,8,.,.,0.9,0,1,2,.,.,0,70,1
2,0,50,.,.,1,1,1,.,.,0,55,2
`;
  const spec = (extra = '') => `patient: one
nonmem:
  file: data.csv
  id: 1
  amount_unit: mg
  compartments: { 1: { dose: iv }, 2: { output: Cp, unit: mg/L } }
  covariates: { WT: kg, SEX: { 1: M, 2: F } }
${extra}`;
  it('reads the subject: ADDL/II doses, RATE → duration, BLQ → M3, MDV = 1 noted, covariates', async () => {
    const r = await readPatientFile('p.yaml', host({ 'p.yaml': spec(), 'data.csv': DATA }));
    expect(r.doses.map((d) => [d.time, d.amount, d.duration, d.target])).toEqual([[0, 100, 1, 'iv'], [24, 100, 1, 'iv'], [48, 100, 1, 'iv']]);
    expect(r.observations.map((o) => [o.time, o.value, o.bql, o.lloq])).toEqual([[2, 1.8, false, undefined], [6, undefined, true, 0.0004]]);
    expect(r.notes?.some((n) => n.includes('data.csv:5') && n.includes('MDV = 1'))).toBe(true);
    expect(r.covariates.map((c) => [c.name, c.value])).toEqual([['WT', 70], ['SEX', 'M']]);
  });
  it('refuses what it cannot honour, at the cell', async () => {
    expect(await errorOf(readPatientFile('p.yaml', host({ 'p.yaml': spec(), 'data.csv': DATA.replace('1,0,100,100,.,1', '1,0,100,100,.,4') })))).toMatchObject({ at: 'data.csv:2:15', message: 'EVID 4 (reset) is not supported' });
    expect(await errorOf(readPatientFile('p.yaml', host({ 'p.yaml': spec(), 'data.csv': DATA.replace('1,2,.,.,1.8', '1,2,.,.,1,8') })))).toMatchObject({ message: expect.stringContaining('fields') });
    expect(await errorOf(readPatientFile('p.yaml', host({ 'p.yaml': spec().replace('  id: 1\n', ''), 'data.csv': DATA })))).toMatchObject({ at: 'p.yaml:3:3', message: expect.stringContaining('holds 2 subjects') });
  });
  it('a bare data set is refused with the patient file it needs', async () => {
    expect(await errorOf(readPatientFile('data.csv', host({ 'data.csv': DATA })))).toMatchObject({ message: expect.stringContaining('NONMEM-style data set'), hint: expect.stringContaining('nonmem: { file: data.csv') });
  });
});

const bundle = (entries: unknown[]) => JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: entries.map((resource) => ({ resource })) }, null, 2);
const patient = { resourceType: 'Patient', id: 'fhir-7', gender: 'female', birthDate: '1966-03-02' };
const admin = { resourceType: 'MedicationAdministration', status: 'completed', medicationCodeableConcept: { text: 'docetaxel' }, effectivePeriod: { start: '2026-03-02T09:00:00Z', end: '2026-03-02T10:00:00Z' }, dosage: { dose: { value: 132, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } } };
const anc = (date: string, value: number, extra: Record<string, unknown> = {}) => ({ resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '751-8' }] }, effectiveDateTime: date, valueQuantity: { value, unit: '10^9/L', system: 'http://unitsofmeasure.org', code: '10*9/L', ...extra } });

describe('FHIR R4 Bundle', () => {
  it('reads Patient, MedicationAdministration and LOINC-coded Observations', () => {
    const r = readFhirRecord('b.json', bundle([patient, admin, anc('2026-03-09T09:00:00Z', 0.9), anc('2026-03-12T09:00:00Z', 0.1, { comparator: '<' }),
      { resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] }, effectiveDateTime: '2026-03-01', valueQuantity: { value: 68, code: 'kg' } }]));
    expect(r.id).toBe('fhir-7');
    expect(r.doses).toMatchObject([{ time: 0, amount: 132, unit: 'mg', duration: 1, drug: 'docetaxel' }]);
    expect(r.observations.map((o) => [o.time, o.output, o.value, o.unit, o.bql, o.lloq])).toEqual([[168, 'ANC', 0.9, '1e9/L', false, undefined], [240, 'ANC', undefined, '1e9/L', true, 0.1]]);
    expect(r.covariates.map((c) => [c.name, c.unit])).toEqual([['SEX', undefined], ['AGE', 'yr'], ['WT', 'kg']]);
    expect(r.covariates[1].value).toBeCloseTo(60, 2);
  });
  it('lists what it does not read or must not use in the notes', () => {
    const r = readFhirRecord('b.json', bundle([admin, anc('2026-03-09T09:00:00Z', 0.9, {}), { ...anc('2026-03-10T09:00:00Z', 0.2), status: 'entered-in-error' },
      { resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '718-7' }] }, effectiveDateTime: '2026-03-03', valueQuantity: { value: 12, code: 'g/dL' } }]));
    expect(r.observations).toHaveLength(1);
    expect(r.notes).toEqual([expect.stringContaining("status 'entered-in-error' is not used"), expect.stringContaining('718-7 is not read')]);
  });
  it('a bad resource is an error at its line:col with its JSON path', async () => {
    const text = bundle([admin, anc('2026-03-09T09:00:00Z', 0.9), { ...anc('2026-03-10', 1), valueQuantity: { value: 'low', code: '10*9/L' } }]);
    const e = await errorOf(Promise.resolve().then(() => readFhirRecord('b.json', text)));
    expect(e.message).toContain('at entry[2].resource.valueQuantity.value');
    const line = text.split('\n').findIndex((l) => l.includes('"low"')) + 1;
    expect(e.at).toBe(`b.json:${line}:20`);
    expect(await errorOf(Promise.resolve().then(() => readFhirRecord('b.json', '{"resourceType": "Patient"}')))).toMatchObject({ message: expect.stringContaining('expected a FHIR Bundle') });
    expect((await errorOf(Promise.resolve().then(() => readFhirRecord('b.json', '{"resourceType": "Bundle",\n "entry": [ }'))))).toMatchObject({ at: expect.stringMatching(/^b\.json:2:/), message: expect.stringContaining('not valid JSON') });
  });
  it('UCUM units become the unit parser\'s', () => {
    expect(ucumToUnit('10*9/L')).toBe('1e9/L');
    expect(ucumToUnit('10^3/uL')).toBe('1e3/uL');
    expect(ucumToUnit('mg/dL')).toBe('mg/dL');
  });
});
