/**
 * Interactive fan charts with uPlot: per regimen the median line and the 50% (25–75%) and 90%
 * (5–95%) bands of one output from the engine's quantiles, plus CTCAE grade 3/4 lines for ANC.
 */
import uPlot from 'uplot';
import type { ScenarioResult } from '../../engine/common/scenario-result.js';
import { CTCAE_ANC, displayTime, fanSeries } from '../../engine/common/report/clinical-views.js';
import { regimenColour, withAlpha } from '../../engine/common/report/palette.js';

/** Draws the fan chart of `output` into `el` (replacing its content); returns a message if it cannot. */
export function fanPlot(el: HTMLElement, r: ScenarioResult, output: { name: string; unit: string }, title: string, width: number): string | undefined {
  el.replaceChildren();
  const fs = fanSeries(r, output.name);
  if (typeof fs === 'string') return fs;
  const tu = displayTime(r).unit;
  const data: uPlot.AlignedData = [Array.from(fs[0].t)];
  const series: uPlot.Series[] = [{ label: `Time (${tu})` }];
  const bands: uPlot.Band[] = [];
  fs.forEach((s, k) => {
    const c = regimenColour(k);
    const base = data.length;
    for (const [arr, label] of [[s.p95, '95th'], [s.p75, '75th'], [s.p50, 'median'], [s.p25, '25th'], [s.p05, '5th']] as const) {
      data.push(Array.from(arr));
      const median = label === 'median';
      series.push({ label: median ? `${s.regimen} (median)` : `${s.regimen} ${label} pct`, stroke: median ? c : withAlpha(c, 0.25), width: median ? 2 : 0.5, points: { show: false } });
    }
    bands.push({ series: [base, base + 4], fill: withAlpha(c, 0.12) }, { series: [base + 1, base + 3], fill: withAlpha(c, 0.25) });
  });
  const isAnc = /^anc$/i.test(output.name);
  const grades = isAnc ? CTCAE_ANC.filter((g) => g.grade >= 3) : [];
  for (const g of grades) {
    data.push(Array.from(r.grid, () => g.below));
    series.push({ label: `CTCAE grade ${g.grade} (< ${g.below})`, stroke: g.grade === 4 ? '#7a0000' : '#a33', dash: [6, 4], width: 1, points: { show: false } });
  }
  const plot = new uPlot({
    title, width, height: 320, series, bands,
    scales: { x: { time: false } },
    axes: [{ label: `Time (${tu})` }, { label: `${output.name} (${output.unit})`, size: 60 }],
    legend: { live: false },
  }, data, el);
  // Legend: one entry per regimen median and per CTCAE line; the percentile edges only colour the bands.
  const rows = plot.root.querySelectorAll<HTMLElement>('.u-legend .u-series');
  rows.forEach((row) => { if (/ pct$/.test(row.textContent?.trim() ?? '')) row.style.display = 'none'; });
  return undefined;
}
