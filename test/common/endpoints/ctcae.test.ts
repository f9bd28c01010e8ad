import { describe, expect, it } from 'vitest';
import { neutrophilGrade, neutrophilGrades, worstGrade } from '../../../engine/common/endpoints/ctcae-neutrophils.js';

// CTCAE v5.0 neutrophil count decreased: G1 <LLN-1.5, G2 <1.5-1.0, G3 <1.0-0.5, G4 <0.5 ×10⁹/L.
describe('CTCAE neutrophil grade', () => {
  it('puts values exactly on a cut-off in the milder grade', () => {
    expect(neutrophilGrade(0.5)).toBe(3);
    expect(neutrophilGrade(1.0)).toBe(2);
    expect(neutrophilGrade(1.5)).toBe(1);
    expect(neutrophilGrade(2.0)).toBe(0);
  });
  it('grades values just below each cut-off', () => {
    expect(neutrophilGrade(0.4999)).toBe(4);
    expect(neutrophilGrade(0.9999)).toBe(3);
    expect(neutrophilGrade(1.4999)).toBe(2);
    expect(neutrophilGrade(1.9999)).toBe(1);
    expect(neutrophilGrade(0)).toBe(4);
  });
  it('uses the lower limit of normal for grade 1', () => {
    expect(neutrophilGrade(1.9, 1.8)).toBe(0);
    expect(neutrophilGrade(1.7, 1.8)).toBe(1);
    expect(() => neutrophilGrade(1, 0)).toThrow(RangeError);
  });
  it('keeps failed patients visible as NaN', () => {
    expect(Number.isNaN(neutrophilGrade(NaN))).toBe(true);
    const g = neutrophilGrades([3, 0.2, NaN]);
    expect(Array.from(g.slice(0, 2))).toEqual([0, 4]);
    expect(Number.isNaN(g[2])).toBe(true);
  });
  it('takes the worst grade over cycles', () => {
    const w = worstGrade([new Float64Array([1, 0, 2]), new Float64Array([3, 0, NaN]), new Float64Array([2, 4, 0])]);
    expect(w[0]).toBe(3);
    expect(w[1]).toBe(4);
    expect(Number.isNaN(w[2])).toBe(true);
  });
});
