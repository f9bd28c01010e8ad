/**
 * Form ↔ YAML round trips of desktop/common/scenario-doc.ts on the built-in scenarios: every edit must
 * parse back to exactly the intended data, change only the lines it is about, and keep every comment.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  addRegimen, addRule, NEW_RULE, readPopulation, readRegimens, removeRegimen, removeRule, setDoseAmount, setDoseUnit,
  setPopulationField, setRegimenName, setRule, setSchedule, uniqueName, yamlDiagnostics,
} from '../../desktop/common/scenario-doc.js';

const read = (f: string): string => readFileSync(new URL(`../../scenarios/${f}`, import.meta.url), 'utf8');
const DEFAULT = read('docetaxel-schedules-translational.yaml');
const RULES = read('docetaxel-dose-modification.yaml');
const CARBO = read('carboplatin-auc5-vs-auc6.yaml');
const CAPE = read('capecitabine-1250-vs-1000.yaml');

const comments = (t: string): string[] => t.split('\n').filter((l) => /(^|\s)#/.test(l)).map((l) => l.slice(l.search(/(^|\s)#/)).trim());
const changedLines = (a: string, b: string): string[] => {
  const x = a.split('\n');
  const y = b.split('\n');
  return y.filter((l, i) => x[i] !== l);
};
const js = (t: string): { regimens: Record<string, unknown>[] } & Record<string, unknown> => parse(t) as { regimens: Record<string, unknown>[] };

describe('reading the form from the built-in scenarios', () => {
  it('default: two regimens, doses, cycles schedules, population', () => {
    const regs = readRegimens(DEFAULT);
    expect(regs.map((r) => [r.name, r.amount, r.unit, r.doseKind])).toEqual([['75 mg/m² q3w', 75, 'mg/m^2', 'amount'], ['35 mg/m² weekly d1,8,15 q4w', 35, 'mg/m^2', 'amount']]);
    expect(regs[1].schedule).toEqual({ kind: 'cycles', days: [1, 8, 15], cycleLength: '28 d', cycles: 4 });
    expect(regs[1].scheduleText).toBe('days 1,8,15 every 28 d × 4');
    expect(regs[0].rules).toEqual([]);
    expect(readPopulation(DEFAULT)).toEqual({ size: 2000, seed: 20261122 });
  });

  it('rules, AUC doses and explicit times', () => {
    expect(readRegimens(RULES)[1].rules).toEqual([
      { when: 'ANC < 1.5', action: 'delay', by: '7 d', max: 2, after: undefined },
      { when: 'grade4_days > 7', action: 'reduce', by: undefined, max: undefined, after: undefined },
    ]);
    expect(readRegimens(CARBO).map((r) => [r.doseKind, r.amount, r.unit])).toEqual([['auc', 5, 'AUC mg/mL*min'], ['auc', 6, 'AUC mg/mL*min']]);
    const times = readRegimens(DEFAULT.replace('schedule: { days: [1], cycle_length: 21 d, cycles: 6 }', 'schedule: { times: [0, 12, 24, 36], unit: h }'))[0].schedule;
    expect(times?.kind).toBe('times');
    expect(times?.kind === 'times' && times.times.slice(0, 3)).toEqual([0, 12, 24]);
    expect(readRegimens(CAPE)[0].schedule).toMatchObject({ kind: 'cycles', days: ['1-14'], at: ['00:00', '12:00'] });
  });
});

describe('edits keep the rest of the file', () => {
  it('a dose edit changes one value on one line, every comment is kept', () => {
    const edited = setDoseAmount(DEFAULT, 1, 40);
    expect(readRegimens(edited).map((r) => r.amount)).toEqual([75, 40]);
    expect(comments(edited)).toEqual(comments(DEFAULT));
    const changed = changedLines(DEFAULT, edited);
    expect(changed).toEqual([DEFAULT.split('\n').find((l) => l.includes('amount: 35'))!.replace('amount: 35', 'amount: 40')]);
  });

  it('an AUC dose edit sets the Calvert target', () => {
    const edited = setDoseAmount(CARBO, 0, 4.5);
    expect((js(edited).regimens[0].dose as { auc: { target: number } }).auc.target).toBe(4.5);
    expect(changedLines(CARBO, edited)).toHaveLength(1);
  });

  it('name and unit: quoted when needed, plain otherwise, one line each', () => {
    let t = setRegimenName(DEFAULT, 0, 'q3w: 60 mg/m², reduced');
    expect(js(t).regimens[0].name).toBe('q3w: 60 mg/m², reduced');
    t = setDoseUnit(t, 0, 'mg/kg');
    expect((js(t).regimens[0].dose as { unit: string }).unit).toBe('mg/kg');
    expect(changedLines(DEFAULT, t)).toHaveLength(2);
    expect(comments(t)).toEqual(comments(DEFAULT));
    expect(setDoseUnit(CARBO, 0, 'mg')).toBe(CARBO);
    expect(setRegimenName(DEFAULT, 0, '  ')).toBe(DEFAULT);
  });

  it('schedule fields within a flow map, keeping the trailing comment', () => {
    const t = setSchedule(DEFAULT, 1, { kind: 'cycles', days: [1, 8], cycleLength: '21 d', cycles: 6 });
    expect(js(t).regimens[1].schedule).toEqual({ days: [1, 8], cycle_length: '21 d', cycles: 6 });
    const changed = changedLines(DEFAULT, t);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toContain('# 12 doses (420 mg/m²) in 112 d');
  });

  it('switching a schedule to explicit times and back', () => {
    const t = setSchedule(DEFAULT, 0, { kind: 'times', times: [0, 168, 336], unit: 'h' });
    expect(js(t).regimens[0].schedule).toEqual({ times: [0, 168, 336], unit: 'h' });
    expect(changedLines(DEFAULT, t)).toHaveLength(1);
    const back = setSchedule(t, 0, { kind: 'cycles', days: [1], cycleLength: '21 d', cycles: 6 });
    expect(back).toBe(DEFAULT);
    // Within the cycles kind only the changed keys are written: capecitabine's times of day stay.
    const c = setSchedule(CAPE, 1, { kind: 'cycles', days: [1], cycleLength: '21 d', cycles: 4 });
    expect(js(c).regimens[1].schedule).toEqual({ days: [1], at: ['00:00', '12:00'], cycle_length: '21 d', cycles: 4 });
    expect(js(c).regimens[0]).toEqual(js(CAPE).regimens[0]);
    expect(comments(c)).toEqual(comments(CAPE));
  });

  it('removing and adding the cycles key', () => {
    const t = setSchedule(DEFAULT, 0, { kind: 'cycles', days: [1], cycleLength: '21 d' });
    expect(js(t).regimens[0].schedule).toEqual({ days: [1], cycle_length: '21 d' });
    expect(setSchedule(t, 0, { kind: 'cycles', days: [1], cycleLength: '21 d', cycles: 6 })).toBe(DEFAULT);
  });

  it('population size without touching the rest', () => {
    const edited = setPopulationField(DEFAULT, 'size', 200);
    expect(readPopulation(edited)).toEqual({ size: 200, seed: 20261122 });
    expect(changedLines(DEFAULT, edited)).toEqual(['  size: 200']);
  });

  it('ignores out-of-range indices and non-finite values', () => {
    expect(setDoseAmount(DEFAULT, 5, 10)).toBe(DEFAULT);
    expect(setDoseAmount(DEFAULT, 0, NaN)).toBe(DEFAULT);
    expect(setSchedule(DEFAULT, 2, { kind: 'times', times: [0], unit: 'h' })).toBe(DEFAULT);
    expect(setRule(DEFAULT, 0, 0, { when: 'ANC < 1' })).toBe(DEFAULT);
  });
});

describe('adding and removing regimens', () => {
  it('adds a copy of the last regimen with a unique name, layout and comment included, and removes it again', () => {
    const added = addRegimen(DEFAULT);
    const regs = js(added).regimens;
    expect(regs).toHaveLength(3);
    expect(regs[2]).toEqual({ ...regs[1], name: '35 mg/m² weekly d1,8,15 q4w (2)' });
    expect(comments(added).filter((c) => c.startsWith('# 12 doses'))).toHaveLength(2);
    expect(added.split('\n').length).toBe(DEFAULT.split('\n').length + 4);
    expect(readRegimens(addRegimen(added)).map((r) => r.name).slice(2)).toEqual(['35 mg/m² weekly d1,8,15 q4w (2)', '35 mg/m² weekly d1,8,15 q4w (3)']);
    expect(removeRegimen(added, 2)).toBe(DEFAULT);
  });

  it('removes the first regimen and never the last remaining one', () => {
    const t = removeRegimen(DEFAULT, 0);
    expect(readRegimens(t).map((r) => r.name)).toEqual(['35 mg/m² weekly d1,8,15 q4w']);
    expect(comments(t)).toEqual(comments(DEFAULT));
    expect(removeRegimen(t, 0)).toBe(t);
  });

  it('uniqueName', () => {
    expect(uniqueName('a', ['b'])).toBe('a');
    expect(uniqueName('a', ['a', 'a (2)'])).toBe('a (3)');
    expect(uniqueName('a (2)', ['a', 'a (2)'])).toBe('a (3)');
  });
});

describe('protocol rules', () => {
  it('edits a threshold in place, keeping the quotes and the comment', () => {
    const t = setRule(RULES, 1, 0, { when: 'ANC < 1.0', max: 3 });
    expect(readRegimens(t)[1].rules[0]).toMatchObject({ when: 'ANC < 1.0', max: 3 });
    const changed = changedLines(RULES, t);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toContain('{ when: "ANC < 1.0", at: dose, action: delay, by: 7 d, max: 3 }');
    expect(changed[0]).toContain('# hold, re-check weekly');
  });

  it('changing the action drops delay-only fields; back to delay adds a default `by`', () => {
    const t = setRule(RULES, 1, 0, { action: 'discontinue' });
    expect((js(t).regimens[1].rules as unknown[])[0]).toEqual({ when: 'ANC < 1.5', at: 'dose', action: 'discontinue' });
    const d = setRule(t, 1, 0, { action: 'delay' });
    expect((js(d).regimens[1].rules as unknown[])[0]).toEqual({ when: 'ANC < 1.5', at: 'dose', action: 'delay', by: '7 d' });
    expect(setRule(RULES, 1, 0, { action: 'explode' })).toBe(RULES);
  });

  it('adds rules to a regimen without any, then removes them to the original text', () => {
    const t = addRule(DEFAULT, 0);
    expect(js(t).regimens[0].rules).toEqual([NEW_RULE]);
    const t2 = addRule(t, 0);
    expect(js(t2).regimens[0].rules).toEqual([NEW_RULE, NEW_RULE]);
    expect(removeRule(removeRule(t2, 0, 1), 0, 0)).toBe(DEFAULT);
    expect(comments(t2)).toEqual(comments(DEFAULT));
  });

  it('removes one rule of a block list, keeping the other and its comment', () => {
    const t = removeRule(RULES, 1, 0);
    expect(readRegimens(t)[1].rules.map((r) => r.when)).toEqual(['grade4_days > 7']);
    expect(t).toContain('# at 60 mg/m² no level is left: discontinue');
    expect(RULES.split('\n').length - t.split('\n').length).toBe(1);
  });
});

describe('bad YAML', () => {
  const BROKEN = 'scenario: x\nregimens:\n  - name: a\n    dose: { amount: 75, unit: mg\n';

  it('is reported at its 1-based line:col, and every editor leaves the text alone', () => {
    const d = yamlDiagnostics(BROKEN, 's.yaml');
    expect(d.length).toBeGreaterThan(0);
    expect(d[0].file).toBe('s.yaml');
    expect(d[0].line).toBeGreaterThanOrEqual(4);
    for (const edit of [
      (t: string) => setDoseAmount(t, 0, 10), (t: string) => setRegimenName(t, 0, 'b'), (t: string) => addRegimen(t), (t: string) => removeRegimen(t, 0),
      (t: string) => addRule(t, 0), (t: string) => setPopulationField(t, 'size', 10), (t: string) => setSchedule(t, 0, { kind: 'times', times: [0], unit: 'h' }),
    ]) expect(edit(BROKEN)).toBe(BROKEN);
    expect(readRegimens(BROKEN)).toEqual([]);
    expect(readPopulation(BROKEN)).toEqual({});
  });

  it('points at the exact line and column of a bad indentation', () => {
    expect(yamlDiagnostics('a: 1\nb:\n  c: 2\n d: 3\n', 's.yaml')).toEqual([{ file: 's.yaml', line: 4, col: 2, message: 'bad indentation: this line starts at column 2, line 3 next to it at column 3', hint: 'indent it by 2 spaces to line it up with line 3' }]);
    expect(yamlDiagnostics(DEFAULT, 'default.yaml')).toEqual([]);
  });
});
