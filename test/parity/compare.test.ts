/** The parity suite's comparisons flag what differs: a suite built on them cannot pass on a wrong backend. */
import { describe, expect, it } from 'vitest';
import { compareColumn, compareEvent } from './compare.js';
import { KIND_TOLERANCE } from './parity-data.js';

const col = (...v: number[]) => Float64Array.from(v);

describe('parity comparisons', () => {
  it('compareColumn passes f32-sized differences and flags a patient outside the tolerance', () => {
    const tol = KIND_TOLERANCE.auc; // rel 5e-3
    const cpu = col(100, 50, 10, NaN);
    expect(compareColumn('auc', cpu, col(100.1, 50.05, 10.001, NaN), tol)).toMatchObject({ outside: 0, n: 4 });
    const off = compareColumn('auc', cpu, col(100.1, 51, 10.001, NaN), tol);
    expect(off).toMatchObject({ outside: 1, example: 'patient 1: cpu 50, other 51' });
  });

  it('a value on one backend only, or skipped patients, are counted as they should be', () => {
    const tol = KIND_TOLERANCE.auc;
    expect(compareColumn('auc', col(1, NaN), col(1, 2), tol).outside).toBe(1);
    expect(compareColumn('auc', col(1, 5), col(1, 9), tol, (i) => i === 1).outside).toBe(0);
  });

  it('compareEvent counts patients whose event flag flips and the rate difference', () => {
    expect(compareEvent(col(0.4, 0.6, 2), col(0.6, 0.6, 2), 0.5)).toEqual({ flips: 1, rateDiff: 1 / 3 });
    expect(compareEvent(col(0.4, 0.6), col(0.4, 0.6), undefined, 0.5)).toEqual({ flips: 0, rateDiff: 0 });
  });
});
