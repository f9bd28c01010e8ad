/**
 * Clinical labels of summary columns: a windowed extremum or AUC names its window in days or
 * cycles, so that it does not read like the whole-course column beside it (nab-paclitaxel's
 * scenario reports the ANC nadir over the course and over days 0–21).
 */
import { describe, expect, it } from 'vitest';
import { summaryLabel } from '../../../engine/common/report/summary-label.js';
import type { ModelIR } from '../../../engine/common/ir.js';

const model = {
  timeUnit: 'h',
  outputs: [{ name: 'ANC', unit: '1e9/L' }, { name: 'Cp', unit: 'mg/L' }],
} as unknown as ModelIR;

describe('summary labels', () => {
  it('name the window of a windowed extremum or AUC; the whole course has none', () => {
    expect(summaryLabel({ kind: 'min', name: 'n', output: 'ANC' }, model)).toBe('ANC nadir');
    expect(summaryLabel({ kind: 'min', name: 'n', output: 'ANC', from: 0, to: 21 * 24 }, model)).toBe('ANC nadir, days 0–21');
    expect(summaryLabel({ kind: 'min', name: 'n', output: 'ANC', cycle: 2 }, model)).toBe('ANC nadir, cycle 2');
    expect(summaryLabel({ kind: 'max', name: 'c', output: 'Cp', to: 24 }, model)).toBe('Cmax (Cp), days 0–1');
    expect(summaryLabel({ kind: 'auc', name: 'a', output: 'Cp', from: 7 * 24 }, model)).toBe('AUC of Cp, from day 7');
    expect(summaryLabel({ kind: 'auc', name: 'a', output: 'Cp' }, model)).toBe('AUC of Cp');
  });
});
