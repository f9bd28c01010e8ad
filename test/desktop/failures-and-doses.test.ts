/**
 * Failed virtual patients are counted wherever the desktop shows rates, with how they were treated
 * (desktop/common/failure-summary.ts); implausible doses are flagged against the model's declared
 * studied range, or as a probable typing slip when it declares none (desktop/common/dose-range.ts,
 * desktop/renderer/dose-notes.ts). Reproducer: the default scenario with the weekly dose typed as
 * 3500 mg/m² — most patients fail under it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../engine/run-scenario.js';
import type { ScenarioResult } from '../../engine/common/scenario-result.js';
import { comparisonTable } from '../../engine/common/report/clinical-views.js';
import { tableCsv } from '../../engine/common/report/table-format.js';
import { completedInBoth, doneStatus, failureRows, failureWarning, chartFailureNote } from '../../desktop/common/failure-summary.js';
import { doseWarnings, moduleFiles, studiedDosesOf } from '../../desktop/common/dose-range.js';
import { setDoseAmount } from '../../desktop/common/scenario-doc.js';
import { DoseNotes } from '../../desktop/renderer/dose-notes.js';

const DEFAULT = readFileSync('scenarios/docetaxel-schedules-translational.yaml', 'utf8');

describe('failed patients are shown with how they were treated', () => {
  let r: ScenarioResult;
  beforeAll(async () => {
    const yaml = setDoseAmount(DEFAULT, 1, 3500).replace('../models/', `${join(process.cwd(), 'models')}/`);
    const file = join(mkdtempSync(join(tmpdir(), 'oncotwin-overdose-')), 'overdose.yaml');
    writeFileSync(file, yaml);
    r = await runScenario(file, { backend: 'cpu', threads: 1, nPatients: 60 });
  }, 120_000);

  it('the run has failures under the overdose and none under 75 mg/m²', () => {
    expect(r.regimens[0].failures.total).toBe(0);
    expect(r.regimens[1].failures.total).toBeGreaterThan(10);
  });

  it('the table starts with patients completed and failed, the paired column with patients completed under both', () => {
    const [completed, failed] = failureRows(r);
    const nFail = r.regimens[1].failures.total;
    expect(completed.values.map((v) => v?.est)).toEqual([60, 60 - nFail]);
    expect(failed.values.map((v) => v?.est)).toEqual([0, nFail]);
    expect(completed.diffs[1]?.est).toBe(completedInBoth(r, 1));
    // The engine's paired differences rest on exactly those patients.
    const grade4 = comparisonTable(r).find((row) => row.metric.startsWith('Grade 4 neutropenia'))!;
    expect(grade4.diffs[1]?.n).toBe(completedInBoth(r, 1));
    expect(grade4.values[1]?.n).toBe(60 - nFail);
    const csv = tableCsv([...failureRows(r), ...comparisonTable(r)], r.regimens.map((g) => g.name)).split('\n');
    expect(csv[2]).toMatch(new RegExp(`^Virtual patients whose simulation failed \\(left out of every row below\\),patients,0,,,0,${nFail},,,${nFail},`));
  });

  it('the warning, the chart note and the status say how many failed, why, and how they were treated', () => {
    const nFail = r.regimens[1].failures.total;
    const w = failureWarning(r)!;
    expect(w).toContain(`${nFail} of 60 virtual patients`);
    expect(w).toContain('stepUnderflow');
    expect(w).toMatch(/left out: each regimen’s rates and means count only its own completed patients/);
    expect(w).toContain(`(${completedInBoth(r, 1)} for “35 mg/m² weekly d1,8,15 q4w”)`);
    expect(chartFailureNote(r)).toBe(`Leaves out the failed patients: ${nFail} of 60 under “35 mg/m² weekly d1,8,15 q4w”.`);
    expect(doneStatus(r, 1.5)).toMatch(new RegExp(`^Done in 1\\.5 s .* — but ${nFail} of 120 patient-regimens failed`));
  });
});

describe('implausible doses', () => {
  const range = `validity:\n  dose_ranges:\n    - { drug: docetaxel, unit: mg/m^2, min: 20, max: 100, source: "label: 20-100 mg/m2" }\n`;

  it('reads declared ranges and says what is wrong with unusable entries', () => {
    expect(studiedDosesOf(range, 'm.yaml').ranges).toEqual([{ drug: 'docetaxel', unit: 'mg/m^2', min: 20, max: 100, source: 'label: 20-100 mg/m2', file: 'm.yaml' }]);
    expect(studiedDosesOf('validity:\n  dose_ranges:\n    - { unit: mg, min: 5, max: 1, source: s }\n', 'x.yaml').problems).toEqual(['x.yaml: validity.dose_ranges[0] needs unit, min ≤ max and source (drug optional); ignored']);
    expect(studiedDosesOf('model: m\n', 'm.yaml')).toEqual({ ranges: [], problems: [] });
    expect(moduleFiles('modules:\n  pk: { file: pk.yaml }\n  pd: { file: ../pd.yaml }\n')).toEqual(['pk.yaml', '../pd.yaml']);
  });

  it('a dose outside the declared range is flagged with the range and its source', () => {
    const { ranges } = studiedDosesOf(range, 'm.yaml');
    const w = doseWarnings(setDoseAmount(DEFAULT, 1, 3500), DEFAULT, ranges);
    expect(w[0]).toBeUndefined();
    expect(w[1]).toBe('3500 mg/m² is outside the doses this model was studied at (20–100 mg/m²; label: 20-100 mg/m2): its results are extrapolation.');
    expect(doseWarnings(setDoseAmount(DEFAULT, 1, 10), DEFAULT, ranges)[1]).toMatch(/^10 mg\/m² is outside the doses/);
    expect(doseWarnings(setDoseAmount(DEFAULT, 1, 100), DEFAULT, ranges)).toEqual([undefined, undefined]);
  });

  it('without a declared range, a dose far from the scenario\'s own is flagged as a probable typing slip, labelled so', () => {
    expect(doseWarnings(setDoseAmount(DEFAULT, 1, 3500), DEFAULT, [])[1]).toBe('3500 mg/m² is 100× the 35 mg/m² this scenario was written with — check for a typing slip (a check of the edit, not a clinical limit: this model declares no studied dose range).');
    expect(doseWarnings(setDoseAmount(DEFAULT, 1, 3.5), DEFAULT, [])[1]).toMatch(/^3\.5 mg\/m² is 1\/10 of the 35 mg\/m²/);
    expect(doseWarnings(setDoseAmount(DEFAULT, 1, 70), DEFAULT, [])).toEqual([undefined, undefined]);
  });

  describe('the page finds ranges in the model file and its modules', () => {
    let server: Server;
    let origin: string;
    const files: Record<string, string> = {
      '/models/composite.yaml': 'model: composite\nmodules:\n  pk: { file: pk.yaml }\n  pd: { file: pd.yaml }\n',
      '/models/pk.yaml': `model: pk\n${range}`,
      '/models/pd.yaml': 'model: pd\nvalidity:\n  dose_ranges: nope\n',
    };
    beforeAll(async () => {
      server = createServer((q, s) => (files[q.url ?? ''] ? s.writeHead(200).end(files[q.url!]) : s.writeHead(404).end()));
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      const a = server.address();
      origin = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    });
    afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

    it('follows modules, warns from the declared range, and reports an unusable entry', async () => {
      const text = setDoseAmount(DEFAULT.replace('../models/docetaxel-kloft-simeoni.yaml', '../models/composite.yaml'), 0, 150);
      const w = await new DoseNotes(origin, () => undefined).warnings(text, '/scenarios/default.yaml', DEFAULT);
      expect(w.notes[0]).toMatch(/^150 mg\/m² is outside the doses this model was studied at \(20–100 mg\/m²/);
      expect(w.notes[1]).toBeUndefined();
      expect(w.problems).toEqual(['/models/pd.yaml: validity.dose_ranges must be a list']);
    });
  });
});
