/**
 * The desktop's reading and editing of combination regimens and the new schedule forms
 * (desktop/common/scenario-doc.ts, schedule-form.ts, regimen-names.ts): each drug's dose and
 * schedule is read, a drug's dose edit lands in that drug's YAML and takes the regimen name and the
 * title along (issue 15 item 11 for combinations), and a name that no longer states a drug's dose
 * is reported.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readRegimens, setSchedule } from '../../desktop/common/scenario-doc.js';
import { nameMismatch, setDoseFollowingNames, titleMismatch } from '../../desktop/common/regimen-names.js';
import { checkDays } from '../../desktop/common/field-checks.js';

const OVARIAN = readFileSync('scenarios/ovarian-carboplatin-vs-carboplatin-gemcitabine.yaml', 'utf8');
const CAPE = readFileSync('scenarios/capecitabine-1250-vs-1000.yaml', 'utf8');

describe('combination regimens in the form', () => {
  it('reads each drug: dose, unit, route and its schedule with the shared cycle', () => {
    const [mono, combo] = readRegimens(OVARIAN);
    expect(mono.drugs).toEqual([]);
    expect(mono).toMatchObject({ doseKind: 'auc', amount: 5 });
    expect(combo.amount).toBeUndefined();
    expect(combo.drugs.map((d) => [d.drug, d.doseKind, d.amount, d.unit, d.route, d.scheduleText])).toEqual([
      ['gemcitabine', 'amount', 1000, 'mg/m^2', 'infusion', 'days 1,8 every 21 d × 6'],
      ['carboplatin', 'auc', 4, 'AUC mg/mL*min', 'infusion', 'days 1 every 21 d × 6'],
    ]);
  });

  it('a drug\'s dose edit changes that drug only, and the name and title follow it', () => {
    const gem = setDoseFollowingNames(OVARIAN, 1, 800, 0);
    const doc = parse(gem);
    expect(doc.regimens[1].drugs[0].dose.amount).toBe(800);
    expect(doc.regimens[1].drugs[1].dose.auc.target).toBe(4);
    expect(doc.regimens[1].name).toBe('Gemcitabine 800 mg/m² d1,8 + carboplatin AUC 4 q3w × 6');
    const carbo = parse(setDoseFollowingNames(gem, 1, 3, 1));
    expect(carbo.regimens[1].drugs[1].dose.auc.target).toBe(3);
    expect(carbo.regimens[1].name).toBe('Gemcitabine 800 mg/m² d1,8 + carboplatin AUC 3 q3w × 6');
    expect(carbo.title).toBe('Recurrent ovarian cancer: carboplatin AUC 5 vs gemcitabine + carboplatin AUC 3 (Pfisterer 2006)');
    expect(titleMismatch(setDoseFollowingNames(gem, 1, 3, 1))).toBeUndefined();
  });

  it('a name that no longer states a drug\'s dose is reported', () => {
    const edited = OVARIAN.replace('amount: 1000, unit: mg/m^2', 'amount: 900, unit: mg/m^2');
    expect(nameMismatch(readRegimens(edited)[1])).toBe('the name says 1000 mg/m² but the doses are 900 mg/m² + AUC 4');
    expect(nameMismatch(readRegimens(OVARIAN)[1])).toBeUndefined();
  });
});

describe('schedules with ranges and times of day in the form', () => {
  it('reads days: [1-14] with at:, and a days edit keeps the times of day', () => {
    const [r] = readRegimens(CAPE);
    expect(r.schedule).toMatchObject({ kind: 'cycles', days: ['1-14'], at: ['00:00', '12:00'], cycleLength: '21 d', cycles: 4 });
    expect(r.scheduleText).toBe('days 1-14 at 00:00, 12:00 every 21 d × 4');
    const days = checkDays('1-7, 15');
    expect(days).toEqual(['1-7', 15]);
    const out = parse(setSchedule(CAPE, 0, { ...(r.schedule as Extract<typeof r.schedule, { kind: 'cycles' }>), days: days as (number | string)[] }));
    expect(out.regimens[0].schedule).toEqual({ days: ['1-7', 15], at: ['00:00', '12:00'], cycle_length: '21 d', cycles: 4 });
  });

  it('refuses days that are not increasing whole days or ranges', () => {
    for (const bad of ['14-1', '0', '1-14, 10', 'd1-14', '8, 1']) expect(checkDays(bad), bad).toHaveProperty('invalid');
  });
});
