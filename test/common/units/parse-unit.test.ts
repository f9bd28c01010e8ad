import { describe, expect, it } from 'vitest';
import { InputError } from '../../../engine/common/errors.js';
import { describeDim, dimOf, formatDim } from '../../../engine/common/units/dimension.js';
import { expectDim, fromInternalScale, internalScale, parseUnit, toInternal } from '../../../engine/common/units/parse-unit.js';

const where = { file: 'm.yaml', line: 4, col: 10 };

describe('parseUnit', () => {
  it('reads compound units, Unicode forms and shorthands', () => {
    expect(parseUnit('mg/m^2').dim).toEqual(dimOf({ mass: 1, length: -2 }));
    expect(parseUnit('mg/m²').factor).toBeCloseTo(parseUnit('mg/m^2').factor, 18);
    expect(parseUnit('µmol/L').factor).toBeCloseTo(parseUnit('umol/L').factor, 15);
    expect(parseUnit('mL/min').dim).toEqual(dimOf({ length: 3, time: -1 }));
    expect(parseUnit('(ng/mL)^-1/day').dim).toEqual(dimOf({ mass: -1, length: 3, time: -1 }));
    expect(parseUnit('1/(ng/mL)/day').factor).toBeCloseTo(parseUnit('(ng/mL)^-1/day').factor, 6);
    expect(parseUnit('1e9/L').dim).toEqual(dimOf({ length: -3 }));
    for (const t of ['h', 'd', 'day', 'wk', 'week', 'yr', 'min']) expect(parseUnit(t).dim).toEqual(dimOf({ time: 1 }));
    expect(parseUnit('wk').factor).toBe(7 * 86400);
    expect(parseUnit('yr').factor).toBe(365.25 * 86400);
    expect(parseUnit('1').dim).toEqual(dimOf({}));
    expect(parseUnit('').factor).toBe(1);
    expect(parseUnit(undefined).text).toBe('1');
    expect(parseUnit('%').factor).toBe(0.01);
  });

  it('reports an unknown unit at its column with a suggestion', () => {
    try {
      parseUnit('mg/Lx', where);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      const d = (e as InputError).diagnostics[0];
      expect([d.file, d.line, d.col]).toEqual(['m.yaml', 4, 13]);
      expect(d.message).toContain("unknown unit 'Lx'");
      expect(d.hint).toBe("did you mean 'L'?");
    }
  });

  it('reports syntax errors at the offending character', () => {
    try {
      parseUnit('mg/(L', where);
      expect.unreachable();
    } catch (e) {
      expect((e as InputError).diagnostics[0].col).toBe(15);
    }
  });
});

describe('internal unit system (mg, L, µmol, model time unit)', () => {
  it('converts concentrations: 1 mg/L = 1000 ng/mL', () => {
    expect(toInternal(1, 'mg/L', 'h')).toBe(1);
    expect(toInternal(1000, 'ng/mL', 'h')).toBe(1);
    expect(fromInternalScale('ng/mL', 'h')).toBe(1000);
  });

  it('converts the Simeoni k2 0.000629 (ng/mL)^-1 day^-1 into per (mg/L) per hour', () => {
    // 1 ng/mL = 1e-3 mg/L, so per (ng/mL) = 1000 per (mg/L); per day = 1/24 per hour.
    expect(toInternal(0.000629, '(ng/mL)^-1/day', 'h')).toBeCloseTo((0.000629 * 1000) / 24, 15);
    expect(toInternal(0.000629, '1/(ng/mL)/day', 'h')).toBeCloseTo((0.000629 * 1000) / 24, 15);
  });

  it('keeps time in the model time unit', () => {
    expect(toInternal(38.5, 'L/h', 'h')).toBe(38.5);
    expect(toInternal(1, '1/day', 'h')).toBeCloseTo(1 / 24, 15);
    expect(toInternal(1, '1/h', 'd')).toBe(24);
    expect(toInternal(0.015, '1/week', 'd')).toBeCloseTo(0.015 / 7, 15);
    expect(toInternal(30, 'min', 'h')).toBe(0.5);
  });

  it('uses mg for mass, dm for length, µmol for amount', () => {
    expect(toInternal(75, 'mg/m^2', 'h')).toBe(0.75); // 1 m² = 100 dm²
    expect(toInternal(1.8, 'm^2', 'h')).toBe(180);
    expect(toInternal(70, 'kg', 'h')).toBe(7e7);
    expect(toInternal(807.88, 'g/mol', 'h')).toBeCloseTo(0.80788, 12); // mg per µmol
    expect(toInternal(5, 'umol/L', 'h')).toBe(5);
    expect(toInternal(100, 'mL/min', 'h')).toBe(6);
    expect(internalScale('1e9/L', 'h')).toBe(1e9);
  });

  it('names dimensions in messages', () => {
    expect(formatDim(dimOf({ mass: 1, length: -3 }), 'h')).toBe('mg/L');
    expect(formatDim(dimOf({ length: 3, time: -1 }), 'd')).toBe('L/d');
    expect(formatDim(dimOf({ time: -1 }), 'h')).toBe('1/h');
    expect(describeDim(dimOf({ length: 3 }))).toBe('a unit of volume (e.g. L)');
    try {
      expectDim(parseUnit('mg/L'), dimOf({ length: 3 }), where, 'V1');
      expect.unreachable();
    } catch (e) {
      expect((e as InputError).diagnostics[0].message).toBe('V1: expected a unit of volume (e.g. L), got mg/L');
    }
  });
});

describe('numbers in units (issue 15, item 5)', () => {
  const problem = (u: string) => {
    try { parseUnit(u, where); } catch (e) { return (e as InputError).diagnostics[0]; }
    return undefined;
  };

  it('a bare number is not a unit: it would silently scale the value', () => {
    expect(problem('4294967296')).toMatchObject({ col: 10, message: "unit '4294967296' is a bare number, not a unit" });
    expect(problem('2^32')?.message).toMatch(/bare number/);
    expect(problem('1/100')?.message).toMatch(/bare number/);
    expect(problem('1')).toBeUndefined();
    expect(problem('%')).toBeUndefined();
  });

  it('a number scaling a unit stays within 1e-15 … 1e15', () => {
    expect(problem('1e9/L')).toBeUndefined();
    expect(problem('1e12/L')).toBeUndefined();
    expect(problem('1e300 mg')).toMatchObject({ col: 10, message: expect.stringMatching(/number 1e300 in unit '1e300 mg' is outside/) });
    expect(problem('mg/1e-20')).toMatchObject({ col: 13 });
  });
});
