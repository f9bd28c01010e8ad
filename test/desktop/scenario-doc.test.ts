import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPopulation, readRegimens, setDoseAmount, setPopulationField, yamlDiagnostics } from '../../desktop/common/scenario-doc.js';

const DEFAULT = readFileSync(new URL('../../scenarios/default.yaml', import.meta.url), 'utf8');

describe('scenario-doc on the built-in default scenario', () => {
  it('reads both regimens with their doses', () => {
    const regs = readRegimens(DEFAULT);
    expect(regs.map((r) => r.amount)).toEqual([75, 35]);
    expect(regs[1].schedule).toBe('days 1,8,15 every 28 d × 4');
    expect(readPopulation(DEFAULT)).toEqual({ size: 2000, seed: 20261122 });
  });

  it('edits a dose in place: only that value changes, every comment is kept', () => {
    const edited = setDoseAmount(DEFAULT, 1, 40);
    expect(readRegimens(edited).map((r) => r.amount)).toEqual([75, 40]);
    const comments = (t: string): string[] => t.split('\n').filter((l) => l.includes('#')).map((l) => l.slice(l.indexOf('#')).trim());
    expect(comments(edited)).toEqual(comments(DEFAULT));
    const changed = DEFAULT.split('\n').filter((l, i) => edited.split('\n')[i] !== l);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toContain('amount: 35');
  });

  it('sets population size without touching the rest', () => {
    const edited = setPopulationField(DEFAULT, 'size', 200);
    expect(readPopulation(edited)).toEqual({ size: 200, seed: 20261122 });
    expect(edited.split('\n').length).toBe(DEFAULT.split('\n').length);
  });

  it('ignores out-of-range regimen indices and non-finite amounts', () => {
    expect(setDoseAmount(DEFAULT, 5, 10)).toBe(DEFAULT);
    expect(setDoseAmount(DEFAULT, 0, NaN)).toBe(DEFAULT);
  });
});

describe('yamlDiagnostics', () => {
  it('is empty for valid YAML', () => {
    expect(yamlDiagnostics(DEFAULT, 'default.yaml')).toEqual([]);
  });

  it('reports an unclosed flow mapping at its 1-based line:col and refuses edits', () => {
    const text = 'scenario: x\nregimens:\n  - name: a\n    dose: { amount: 75, unit: mg\n';
    const d = yamlDiagnostics(text, 's.yaml');
    expect(d.length).toBeGreaterThan(0);
    expect(d[0].file).toBe('s.yaml');
    expect(d[0].line).toBeGreaterThanOrEqual(4);
    expect(setDoseAmount(text, 0, 10)).toBe(text);
    expect(readRegimens(text)).toEqual([]);
  });

  it('points at the exact line and column of a bad indentation', () => {
    const text = 'a: 1\nb:\n  c: 2\n d: 3\n';
    const d = yamlDiagnostics(text, 's.yaml');
    expect(d[0]).toMatchObject({ line: 4, col: 1, message: 'All mapping items must start at the same column' });
  });
});
