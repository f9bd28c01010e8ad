/**
 * Subgroup results in the CLI's outputs: summary.json carries them as computed, the terminal report
 * prints one table per subgroup and event with the share outside the validity domain, and a scenario
 * file edited during the run leaves them out with a note instead of mislabelling them.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { styleFor } from '../../engine/cli/io.js';
import { buildSummary } from '../../engine/cli/summary-json.js';
import { renderComparison } from '../../engine/cli/table.js';
import type { SubgroupReport } from '../../engine/common/stats/subgroup-types.js';
import { runScenario } from '../../engine/run-scenario.js';
import { fakeResult } from './fake-engine.js';

const plainStyle = styleFor({ write: () => true, isTTY: false }, {});
const rate = (count: number, n: number) => ({ count, n, p: count / n, lo: 0, hi: 1 });
const report: SubgroupReport = {
  tables: [
    {
      name: 'SEX', axes: ['SEX'], rows: [
        { label: 'F', levels: ['F'], n: 2, outside: rate(1, 2), regimens: [{ name: 'A', failed: 0, events: { toxic: rate(1, 2) }, summaries: {} }, { name: 'B', failed: 0, events: { toxic: rate(0, 2) }, summaries: {} }], comparisons: [] },
      ],
    },
    { name: 'WT', axes: ['WT'], note: 'WT takes more than 20 distinct values: give cuts', rows: [] },
  ],
  validity: {
    domains: [{ model: 'fake-model', file: 'm.yaml', n: 36, tumourTypes: ['solid tumours'], criteria: [{ text: 'WT 40–120 kg', outside: 1 }, { text: 'CRCL ≥ 30 mL/min', reason: 'the scenario does not define CRCL' }], genotypes: [], notReported: ['age range'],
      doseRanges: [{ regimen: 'B', dose: '150 mg/m²', inside: false, range: '60–100 mg/m²', sources: ['label §2.1'] }] }],
    outside: rate(1, 4),
  },
};

describe('subgroups in the CLI outputs', () => {
  it('summary.json carries the report; without one there is no key', () => {
    const result = fakeResult('/x/s.yaml', { nPatients: 4 });
    expect('subgroups' in buildSummary(result)).toBe(false);
    result.subgroups = report;
    expect(buildSummary(result).subgroups).toEqual(report);
  });

  it('the terminal report prints each group with its size, share outside the domain and rates; notes and unchecked criteria say why', () => {
    const result = fakeResult('/x/s.yaml', { nPatients: 4 });
    result.subgroups = report;
    const text = renderComparison(result, plainStyle);
    expect(text).toMatch(/by SEX: P\(toxic\) \[95% CI\] n events\s+patients\s+outside domain\s+A\s+B/);
    expect(text).toMatch(/F\s+2\s+50\.0%\s+50\.0% \[0\.0%–100\.0%\] 1\s+0\.0% \[0\.0%–100\.0%\] 0/);
    expect(text).toContain('by WT: WT takes more than 20 distinct values: give cuts');
    expect(text).toContain('Validity domain of fake-model: 36 patients, solid tumours');
    expect(text).toContain('  WT 40–120 kg: 1 virtual patients outside');
    expect(text).toContain('  CRCL ≥ 30 mL/min: not checked (the scenario does not define CRCL)');
    expect(text).toContain('not reported by the source: age range');
    expect(text).toContain('  B: 150 mg/m² is OUTSIDE the doses this model was studied at (60–100 mg/m²; label §2.1) — its results are extrapolation');
    expect(text).toContain('Outside the validity domain: 25.0% [0.0%–100.0%] of virtual patients (1 of 4)');
  });

  it('a run of a scenario that declares subgroups carries them (computed when the result is assembled)', async () => {
    const path = fileURLToPath(new URL('../../scenarios/capecitabine-dpyd-genotype-guided.yaml', import.meta.url));
    const result = await runScenario(path, { backend: 'cpu', threads: 0, nPatients: 40 });
    expect(result.subgroups?.tables.length).toBeGreaterThan(0);
  }, 120_000);
});
