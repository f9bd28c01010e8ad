/**
 * The ovarian combination scenario and the combination example of docs/FORMATS.md load on the real
 * composed model (models/carboplatin-gemcitabine-zecchin2016.yaml): each drug's doses go into its
 * own dose target at its own days, cycles follow the common 21-day cycle, and the example's reduce
 * rule acts on gemcitabine alone.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../../engine/run-scenario.js';

const FILE = resolve('scenarios/ovarian-carboplatin-vs-carboplatin-gemcitabine.yaml');

describe('combination regimens on the composed carboplatin + gemcitabine model', () => {
  it('the ovarian scenario: gemcitabine d1,8 and carboplatin d1 of six 21-day cycles into their own targets', async () => {
    const s = await loadScenarioFile(FILE);
    const targets = s.model.doseTargets.map((t) => t.name);
    const [mono, combo] = s.regimens;
    expect(mono.doses.map((d) => [d.time / 24, targets[d.target], d.cycle])).toEqual([0, 21, 42, 63, 84, 105].map((t, k) => [t, 'carboplatin', k + 1]));
    expect(combo.description).toBe('gemcitabine + carboplatin');
    expect(combo.doses.map((d) => [d.time / 24, targets[d.target], d.cycle])).toEqual([0, 21, 42, 63, 84, 105].flatMap((t, k) => [[t, 'gemcitabine', k + 1], [t, 'carboplatin', k + 1], [t + 7, 'gemcitabine', k + 1]]));
  });

  it('the docs/FORMATS.md combination example (rules naming drugs) is valid as written', async () => {
    const doc = readFileSync('docs/FORMATS.md', 'utf8');
    const example = /```yaml\nregimens:\n(  - name: Gemcitabine 1000[\s\S]*?)```/.exec(doc)![1];
    const text = readFileSync(FILE, 'utf8').replace(/^regimens:\n[\s\S]*?(?=^summaries:)/m, `regimens:\n${example}`)
      .replaceAll('../models/', `${resolve('models')}/`);
    const file = join(mkdtempSync(join(tmpdir(), 'oncotwin-combo-')), 'example.yaml');
    writeFileSync(file, text);
    const [r] = (await loadScenarioFile(file)).regimens;
    const gem = (await loadScenarioFile(FILE)).model.doseTargets.findIndex((t) => t.name === 'gemcitabine');
    expect(r.rules!.rules.map((q) => [q.action, q.targets])).toEqual([['reduce', [gem]], ['discontinue', undefined]]);
    expect(r.levels).toHaveLength(3); // gemcitabine 1000 and 800 mg/m², carboplatin AUC 4
  });
});
