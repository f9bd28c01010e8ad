/**
 * The desktop's views of a real engine result (default scenario, 100 patients, CPU backend): every
 * number in the comparison table is the engine's own, and the charts draw from the engine's curves.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO, runScenario } from '../../engine/run-scenario.js';
import type { ScenarioResult } from '../../engine/common/scenario-result.js';
import { kaplanMeier } from '../../engine/common/stats/index.js';
import { atRiskAt, bestPctChange, comparisonTable, fanSeries, pfsCurve, tumourOutput, ancOutput, waterfallOrder, nadirHistogram, ancNadir } from '../../engine/common/report/clinical-views.js';
import { allChartsSvg, perCycleRiskSvg, waterfallSvg } from '../../engine/common/report/svg-charts.js';
import { tableCsv } from '../../engine/common/report/table-format.js';
import { reportHtml } from '../../engine/common/report/report-html.js';

let r: ScenarioResult;
beforeAll(async () => {
  r = await runScenario(DEFAULT_SCENARIO, { backend: 'cpu', threads: 1, nPatients: 100 });
}, 60_000);

describe('comparisonTable on the default scenario', () => {
  it('shows the engine endpoints unchanged (ORR, DCR, CTCAE rates, paired differences)', () => {
    const rows = comparisonTable(r);
    const row = (m: RegExp) => rows.find((x) => m.test(x.metric))!;
    const rec = r.endpoints!.recist!;
    const neu = r.endpoints!.neutropenia!;
    expect(row(/^ORR/).values.map((v) => v!.est)).toEqual(rec.regimens.map((g) => g.orr.p));
    expect(row(/^DCR/).values.map((v) => v!.lo)).toEqual(rec.regimens.map((g) => g.dcr.lo));
    expect(row(/grade 4/).values.map((v) => v!.est)).toEqual(neu.regimens.map((g) => g.grade4.p));
    expect(row(/grade ≥3/).diffs[1]!.est).toBe(neu.comparisons[0].grade3plus.diff);
    expect(row(/^ORR/).diffs[0]).toBeUndefined();
    // The model runs in hours; the table shows days.
    expect(row(/^Median time/)).toMatchObject({ unit: 'd' });
    expect(row(/^Median time/).values[0]!.est).toEqual(rec.regimens[0].ttpMedian.median / 24);
    // Grade 4 is covered by the neutropenia endpoint, so the scenario's own grade4 event is not repeated.
    expect(rows.filter((x) => /grade 4/.test(x.metric))).toHaveLength(1);
  });

  it('agrees with the published direction: q3w 75 mg/m² gives more grade-4 neutropenia than weekly 35 (Di Maio 2007)', () => {
    const g4 = comparisonTable(r).find((x) => /grade 4/.test(x.metric))!;
    expect(g4.values[0]!.est).toBeGreaterThan(g4.values[1]!.est);
    expect(g4.diffs[1]!.est).toBeLessThan(0);
  });

  it('lists summary means with the engine paired differences, and the CSV carries them', () => {
    const rows = comparisonTable(r);
    const auc = rows.find((x) => x.metric === 'Mean auc')!;
    expect(auc.values[0]!.est).toBe(r.regimens[0].summaries.auc.mean);
    expect(auc.diffs[1]!.est).toBe(r.comparisons[0].summaries.auc.meanDiff);
    const csv = tableCsv(rows, r.regimens.map((g) => g.name));
    expect(csv.split('\n')[0]).toContain('75 mg/m² q3w estimate');
    expect(csv).toContain(`Mean auc,${r.regimens[0].summaries.auc.unit},${Number(r.regimens[0].summaries.auc.mean.toPrecision(10))}`);
  });
});

describe('chart data', () => {
  it('finds the tumour and ANC outputs and the 5–95% fan bands in order', () => {
    expect(tumourOutput(r)?.name).toBe('TS');
    expect(ancOutput(r)?.name).toBe('ANC');
    const fs = fanSeries(r, 'ANC');
    if (typeof fs === 'string') throw new Error(fs);
    expect(fs).toHaveLength(2);
    for (let g = 0; g < r.grid.length; g += 10) {
      const s = fs[0];
      expect(s.p05[g]).toBeLessThanOrEqual(s.p25[g]);
      expect(s.p25[g]).toBeLessThanOrEqual(s.p50[g]);
      expect(s.p50[g]).toBeLessThanOrEqual(s.p75[g]);
      expect(s.p75[g]).toBeLessThanOrEqual(s.p95[g]);
    }
  });

  it('uses the engine Kaplan–Meier curve; at-risk counts fall from n', () => {
    const c = pfsCurve(r, 0);
    if (typeof c === 'string') throw new Error(c);
    expect(c.curve).toBe(r.endpoints!.recist!.regimens[0].progressionFree);
    const rec = r.endpoints!.recist!.regimens[0];
    expect(c.curve.survival).toEqual(kaplanMeier(rec.patientTtp, rec.patientProgressed).survival);
    const ar = atRiskAt(c, [0, 42, 126]);
    expect(ar[0].n).toBe(c.curve.n);
    expect(ar[1].n).toBeLessThanOrEqual(ar[0].n);
    expect(ar[2].n).toBeLessThanOrEqual(ar[1].n);
  });

  it('best % change is 100·(min/baseline − 1), waterfall sorted descending, histogram sums to 1', () => {
    const b = bestPctChange(r.regimens[0]);
    if (typeof b === 'string') throw new Error(b);
    const s = r.regimens[0].raw.summaries;
    expect(b[3]).toBeCloseTo(100 * (s.ts_min[3] / s.ts_d0[3] - 1), 10);
    const w = waterfallOrder(b);
    for (let i = 1; i < w.length; i++) expect(w[i]).toBeLessThanOrEqual(w[i - 1]);
    const h = nadirHistogram(ancNadir(r.regimens[0]) as Float64Array, 20);
    expect(h.frac.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 12);
  });

  it('draws every chart (no placeholder) for the default scenario', () => {
    for (const c of allChartsSvg(r)) {
      expect(c.svg, c.id).toMatch(/^<svg/);
      expect(c.svg, c.id).not.toMatch(/needs |no quantiles|Not available/);
    }
  });

  it('per-cycle risk: two points (grade ≥3, grade 4) per regimen and started cycle, placed at the engine rates', () => {
    const svg = perCycleRiskSvg(r);
    const neu = r.endpoints!.neutropenia!;
    const started = neu.regimens.flatMap((g) => g.perCycle.filter((c) => c.grade3plus.n > 0));
    expect(started.length).toBe(6 + 4); // q3w × 6 cycles, weekly × 4 cycles (scenarios/default.yaml)
    const cy = Array.from(svg.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)"/g), (m) => Number(m[1]));
    expect(cy).toHaveLength(2 * started.length);
    // Plot area: y = 40 (100%) … 308 (0%) for the 640×360 frame with margins t 40, b 52.
    const expected = started.flatMap((c) => [c.grade3plus.p, c.grade4.p]).map((p) => 40 + 268 * (1 - p));
    cy.forEach((y, i) => expect(y).toBeCloseTo(expected[i], 0));
    expect(svg).toContain('Neutropenia risk per cycle');
  });

  it('waterfall says so when no tumour shrank, and still draws a sliver per patient', () => {
    const grew = { ...r, regimens: r.regimens.map((g) => ({ ...g, raw: { ...g.raw, summaries: { ...g.raw.summaries, best_pct_change: new Float64Array(50) } } })) };
    const svg = waterfallSvg(grew);
    expect(svg).toContain('No tumour shrank below its baseline');
    expect((svg.match(/V[\d.]+h-/g) ?? []).length).toBe(2 * 50);
  });
});

describe('reportHtml', () => {
  it('is self-contained: a script-forbidding CSP, no scripts, no external references; provenance included', () => {
    const html = reportHtml(r, { generatedAt: new Date('2026-01-01T00:00:00Z') });
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/<script|\s(src|href)="(https?:)?\/\//i);
    expect(html).toContain(r.provenance.scenarioSha256);
    expect(html).toContain('2026-01-01T00:00:00.000Z');
    expect((html.match(/<svg/g) ?? []).length).toBe(7);
  });
});
