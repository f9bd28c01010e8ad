/**
 * Names and titles that state a dose follow a dose edited in the form; names that no longer describe
 * their regimen (dose or cycle) are reported (desktop/common/regimen-names.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readRegimens, setSchedule } from '../../desktop/common/scenario-doc.js';
import { nameMismatch, setDoseFollowingNames, titleMismatch } from '../../desktop/common/regimen-names.js';

const read = (f: string): string => readFileSync(`scenarios/${f}`, 'utf8');
const data = (t: string) => parse(t) as { title: string; regimens: { name: string; dose: { amount?: number; auc?: { target: number } } }[] };

describe('names follow the dose', () => {
  it('75 → 100 mg/m²: the regimen name and the title follow, nothing else changes', () => {
    const text = read('docetaxel-schedules-translational.yaml');
    const out = setDoseFollowingNames(text, 0, 100);
    const d = data(out);
    expect(d.regimens[0].name).toBe('100 mg/m² q3w');
    expect(d.regimens[0].dose.amount).toBe(100);
    expect(d.title).toBe('Docetaxel 100 mg/m² q3w vs 35 mg/m² weekly (d1,8,15 q4w), xenograft tumour model (translational)');
    expect(d.regimens[1].name).toBe('35 mg/m² weekly d1,8,15 q4w');
    const changed = out.split('\n').filter((l, k) => l !== text.split('\n')[k]);
    expect(changed).toHaveLength(3);
    expect(readRegimens(out).map(nameMismatch)).toEqual([undefined, undefined]);
    expect(titleMismatch(out)).toBeUndefined();
  });

  it('typing digit by digit keeps the name in step, and a weekly dose of 3500 is named so', () => {
    let t = read('docetaxel-schedules-translational.yaml');
    for (const v of [3, 35, 350, 3500]) t = setDoseFollowingNames(t, 1, v);
    expect(data(t).regimens[1].name).toBe('3500 mg/m² weekly d1,8,15 q4w');
    expect(data(t).title).toBe('Docetaxel 75 mg/m² q3w vs 3500 mg/m² weekly (d1,8,15 q4w), xenograft tumour model (translational)');
  });

  it('Calvert AUC targets and a title with a bare number (capecitabine "1250 vs 1000 mg/m²")', () => {
    const carbo = setDoseFollowingNames(read('carboplatin-auc5-vs-auc6.yaml'), 1, 7);
    expect(data(carbo).regimens[1].name).toBe('AUC 7 q3w');
    expect(data(carbo).regimens[1].dose.auc?.target).toBe(7);
    expect(data(carbo).title).toBe('Carboplatin Calvert AUC 5 vs AUC 7 (q3w)');
    const cape = setDoseFollowingNames(read('capecitabine-1250-vs-1000.yaml'), 0, 1500);
    expect(data(cape).regimens[0].name).toBe('1500 mg/m² BID d1-14 q21d');
    expect(data(cape).title).toBe('Capecitabine 1500 vs 1000 mg/m² BID d1-14 q21d');
  });

  it('a title naming the same dose for two regimens is left alone and reported', () => {
    const text = read('docetaxel-dose-modification.yaml');
    const out = setDoseFollowingNames(text, 0, 60);
    expect(data(out).regimens[0].name).toBe('60 mg/m² q3w as planned');
    expect(data(out).title).toBe(data(text).title);
    expect(titleMismatch(out)).toBeUndefined(); // 75 mg/m² is still the second regimen's dose
    // Once no other regimen has 75 mg/m², the title follows the second edit.
    expect(data(setDoseFollowingNames(out, 1, 60)).title).toBe(data(text).title.replace('75', '60'));
    // Edited by hand in the YAML, the title cannot follow: it is reported.
    const byHand = text.replaceAll('amount: 75,', 'amount: 80,');
    expect(titleMismatch(byHand)).toBe('the title says 75 mg/m², which no regimen has (80 mg/m², 80 mg/m²)');
  });
});

describe('names that no longer describe their regimen are reported', () => {
  it('a hand-written name with the wrong dose, and a q3w name on a 14-day cycle', () => {
    const text = read('docetaxel-schedules-translational.yaml').replace('amount: 75,', 'amount: 80,');
    expect(nameMismatch(readRegimens(text)[0])).toBe('the name says 75 mg/m² but the dose is 80 mg/m²');
    const s = readRegimens(read('docetaxel-schedules-translational.yaml'))[0].schedule!;
    const twoWeekly = setSchedule(read('docetaxel-schedules-translational.yaml'), 0, { ...s, kind: 'cycles', cycleLength: '14 d' } as typeof s);
    expect(nameMismatch(readRegimens(twoWeekly)[0])).toBe('the name says q3w but the cycle is 14 d');
    expect(readRegimens(read('capecitabine-1250-vs-1000.yaml')).map(nameMismatch)).toEqual([undefined, undefined]);
  });

  it('every built-in scenario is consistent as shipped', () => {
    for (const f of ['default.yaml', 'docetaxel-schedules-translational.yaml', 'carboplatin-auc5-vs-auc6.yaml', 'capecitabine-1250-vs-1000.yaml', 'docetaxel-dose-modification.yaml', 'docetaxel-neutropenia-kloft2006.yaml', 'docetaxel-schedules.yaml', 'nab-paclitaxel-q3w-vs-weekly.yaml', 'paclitaxel-q3w-vs-weekly.yaml']) {
      const t = read(f);
      expect(readRegimens(t).map(nameMismatch), f).toEqual(readRegimens(t).map(() => undefined));
      expect(titleMismatch(t), f).toBeUndefined();
    }
  });
});
