/**
 * The desktop's views of a real engine result (default scenario, 100 patients, CPU backend): every
 * number in the comparison table is the engine's own, and the charts draw from the engine's curves.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO, runScenario } from '../../engine/run-scenario.js';
import type { ScenarioResult } from '../../engine/common/scenario-result.js';
import { kaplanMeier } from '../../engine/common/stats/index.js';
import { atRiskAt, bestPctChange, comparisonTable, fanSeries, pfsCurve, tumourOutput, ancOutput, waterfallOrder, nadirHistogram, ancNadir } from '../../engine/common/report/clinical-views.js';
import { allChartsSvg, osSvg, perCycleRiskSvg, waterfallSvg } from '../../engine/common/report/svg-charts.js';
import { overallSurvival, recistBestChange } from '../../engine/common/report/survival-views.js';
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
    expect(row(/^Objective response/).values.map((v) => v!.est)).toEqual(rec.regimens.map((g) => g.orr.p));
    expect(row(/^Disease control/).values.map((v) => v!.lo)).toEqual(rec.regimens.map((g) => g.dcr.lo));
    expect(row(/grade 4/i).values.map((v) => v!.est)).toEqual(neu.regimens.map((g) => g.grade4.p));
    expect(row(/grade ≥3/i).diffs[1]!.est).toBe(neu.comparisons[0].grade3plus.diff);
    expect(row(/^Objective response/).diffs[0]).toBeUndefined();
    // Survival: medians in months from the engine's days, the paired HR in each later regimen's column.
    const sv = r.endpoints!.survival!;
    expect(row(/^Median overall survival/)).toMatchObject({ unit: 'months' });
    expect(row(/^Median overall survival/).values[1]!.est).toBe(sv.regimens[1].os.median.median / 30.4375);
    expect(row(/^Hazard ratio of death/).values[0]).toBeUndefined();
    expect(row(/^Hazard ratio of death/).values[2]!.est).toBe(sv.comparisons[1].os.hr);
    expect(row(/^Median progression-free/).values[0]!.est).toBe(rec.regimens[0].pfs!.median.median / 30.4375);
    // Grade 4 is covered by the neutropenia endpoint, so the scenario's own grade4 event is not repeated.
    expect(rows.filter((x) => /grade 4/i.test(x.metric))).toHaveLength(1);
  });

  it('agrees with the published direction: q3w 75 mg/m² gives more grade-4 neutropenia than weekly 35 (Di Maio 2007)', () => {
    const g4 = comparisonTable(r).find((x) => /grade 4/i.test(x.metric))!;
    expect(g4.values[0]!.est).toBeGreaterThan(g4.values[2]!.est);
    expect(g4.diffs[2]!.est).toBeLessThan(0);
  });

  it('lists summary means under clinical names and units, with the engine paired differences, and the CSV carries them', () => {
    const rows = comparisonTable(r);
    const nadir = rows.find((x) => x.metric === 'Mean ANC nadir')!;
    expect(nadir.unit).toBe('×10⁹/L');
    expect(nadir.values[0]!.est).toBe(r.regimens[0].summaries.anc_nadir.mean);
    expect(nadir.diffs[1]!.est).toBe(r.comparisons[0].summaries.anc_nadir.meanDiff);
    // Time below 0.5 ×10⁹/L: the model runs in hours, the table shows days.
    const g4 = rows.find((x) => x.metric === 'Mean time with ANC < 0.5 ×10⁹/L')!;
    expect(g4.unit).toBe('days');
    expect(g4.values[0]!.est).toBeCloseTo(r.regimens[0].summaries.t_grade4.mean / 24, 12);
    const csv = tableCsv(rows, r.regimens.map((g) => g.name));
    expect(csv.split('\n')[0]).toContain('75 mg/m² q3w estimate');
    expect(csv).toContain(`Mean ANC nadir,×10⁹/L,${Number(r.regimens[0].summaries.anc_nadir.mean.toPrecision(10))}`);
  });
});

describe('chart data', () => {
  it('finds the tumour and ANC outputs and the 5–95% fan bands in order', () => {
    expect(tumourOutput(r)?.name).toBe('TS');
    expect(ancOutput(r)?.name).toBe('ANC');
    const fs = fanSeries(r, 'ANC');
    if (typeof fs === 'string') throw new Error(fs);
    expect(fs).toHaveLength(3);
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
    expect(started.length).toBe(6 + 6 + 4); // 75 and 60 q3w × 6 cycles, weekly × 4 cycles (scenarios/default.yaml)
    const cy = Array.from(svg.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)"/g), (m) => Number(m[1]));
    expect(cy).toHaveLength(2 * started.length);
    // Plot area: y = 40 (100%) … 308 (0%) for the 640×360 frame with margins t 40, b 52.
    const expected = started.flatMap((c) => [c.grade3plus.p, c.grade4.p]).map((p) => 40 + 268 * (1 - p));
    cy.forEach((y, i) => expect(y).toBeCloseTo(expected[i], 0));
    expect(svg).toContain('Neutropenia risk per cycle');
  });

  it('waterfall says so when no tumour shrank, and still draws a sliver per patient', () => {
    const grew = { ...r, endpoints: undefined, regimens: r.regimens.map((g) => ({ ...g, raw: { ...g.raw, summaries: { ...g.raw.summaries, best_pct_change: new Float64Array(50) } } })) };
    const svg = waterfallSvg(grew);
    expect(svg).toContain('No tumour shrank below its baseline');
    expect((svg.match(/V[\d.]+h-/g) ?? []).length).toBe(3 * 50);
  });
});

describe('survival and RECIST views', () => {
  it('the waterfall uses the RECIST assessments and colours each bar by the engine best response', () => {
    const rc = recistBestChange(r, 0);
    if (typeof rc === 'string') throw new Error(rc);
    const s = r.regimens[0].raw.summaries;
    const times = r.endpoints!.recist!.times.length;
    let min = Infinity;
    for (let j = 1; j < times; j++) min = Math.min(min, s[`recist.${j}`][5]);
    expect(rc.change[5]).toBeCloseTo(100 * (min / s['recist.0'][5] - 1), 10);
    // Every patient with a confirmed PR/CR shrank at least 30% at some assessment; PD patients cannot have.
    rc.best.forEach((b, i) => { if (b === 'PR' || b === 'CR') expect(rc.change[i]).toBeLessThanOrEqual(-30); });
    const svg = waterfallSvg(r);
    const barsOf = (fill: string): number => (new RegExp(`<path d="([^"]*)" fill="${fill}"/>`).exec(svg.split('</g>')[0])?.[1].match(/Z/g) ?? []).length;
    const best = r.endpoints!.recist!.regimens[0].best;
    expect(barsOf('#56B4E9')).toBe(best.PR);
    expect(barsOf('#D55E00')).toBe(best.PD);
  });

  it('the OS chart shows the engine medians and numbers at risk (every 6 months)', () => {
    const os = overallSurvival(r, 24);
    if (typeof os === 'string') throw new Error(os);
    const g = r.endpoints!.survival!.regimens[1].os;
    expect(os[1].median.median).toBeCloseTo(g.median.median / 30.4375, 12);
    // At-risk at 6 months = patients whose OS time (days) is at least 6 × 30.4375 days.
    expect(os[1].atRisk.find((a) => a.time === 6)!.atRisk).toBe(Array.from(g.time).filter((t) => t >= 6 * 30.4375).length);
    const svg = osSvg(r);
    expect(svg).toContain('Number at risk');
    expect(svg).toContain(`>${os[1].atRisk.find((a) => a.time === 6)!.atRisk}<`);
  });
});

describe('reportHtml', () => {
  it('is self-contained: a script-forbidding CSP, no scripts, no external references; provenance included', () => {
    const html = reportHtml(r, { generatedAt: new Date('2026-01-01T00:00:00Z') });
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/<script|\s(src|href)="(https?:)?\/\//i);
    expect(html).toContain(r.provenance.scenarioSha256);
    expect(html).toContain('2026-01-01T00:00:00.000Z');
    expect((html.match(/<svg/g) ?? []).length).toBe(allChartsSvg(r).length);
  });
});
