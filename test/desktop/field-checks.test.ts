/** What the form refuses, and the reason it gives (desktop/common/field-checks.ts). */
import { describe, expect, it } from 'vitest';
import { checkCount, checkCycles, checkDays, checkDose, checkName, checkPatients, checkPositive, checkSeed, checkTimes, isInvalid } from '../../desktop/common/field-checks.js';

describe('form field checks', () => {
  it('doses: a number ≥ 0; a negative, empty or non-numeric dose is refused with the reason', () => {
    expect(checkDose('100')).toBe(100);
    expect(checkDose('0')).toBe(0);
    expect(checkDose('-35')).toEqual({ invalid: 'a dose cannot be negative' });
    expect(checkDose('')).toEqual({ invalid: 'enter a dose' });
    expect(checkDose('7,5')).toEqual({ invalid: '“7,5” is not a number' });
  });

  it('patients and seed: whole numbers ≥ 1 and ≥ 0', () => {
    expect(checkPatients('200')).toBe(200);
    for (const v of ['0', '', '-3', '2.5']) expect(checkPatients(v), v).toEqual({ invalid: 'the number of patients is a whole number ≥ 1' });
    expect(checkSeed('0')).toBe(0);
    for (const v of ['-1', '', '1.5', '1e300']) expect(isInvalid(checkSeed(v)), v).toBe(true);
  });

  it('names, schedules and rule counts', () => {
    expect(checkName('A', ['B'])).toBe('A');
    expect(checkName(' ', [])).toEqual({ invalid: 'a regimen needs a name' });
    expect(checkName('B', ['B'])).toEqual({ invalid: 'another regimen already has this name' });
    expect(checkDays('1, 8,15')).toEqual([1, 8, 15]);
    expect(isInvalid(checkDays('0, 8'))).toBe(true);
    expect(isInvalid(checkDays('1.5'))).toBe(true);
    expect(checkTimes('0, 12.5')).toEqual([0, 12.5]);
    expect(isInvalid(checkTimes('-1'))).toBe(true);
    expect(checkCycles('')).toBeUndefined();
    expect(checkCycles('4')).toBe(4);
    expect(isInvalid(checkCycles('0'))).toBe(true);
    expect(checkPositive('0', 'cycle length')).toEqual({ invalid: 'the cycle length must be above 0' });
    expect(checkCount('0', 'the number of delays')).toEqual({ invalid: 'the number of delays is a whole number ≥ 1' });
  });
});
