/**
 * Interactive fan charts with uPlot: per regimen the median line and the 50% (25–75%) and 90%
 * (5–95%) bands of one output from the engine's quantiles, plus CTCAE grade 3/4 lines for ANC.
 * A re-run with the same regimens and output updates the data in place (no redraw from empty) and
 * keeps the user's time zoom.
 */
import uPlot from 'uplot';
import type { ScenarioResult } from '../../engine/common/scenario-result.js';
import { CTCAE_ANC, displayTime, fanSeries } from '../../engine/common/report/clinical-views.js';
import { regimenColour, withAlpha } from '../../engine/common/report/palette.js';
import type { LegendItem } from './chart-export.js';

interface Built {
  data: uPlot.AlignedData;
  series: uPlot.Series[];
  bands: uPlot.Band[];
  timeUnit: string;
  legend: LegendItem[];
}

function build(r: ScenarioResult, output: { name: string; unit: string }): Built | string {
  const fs = fanSeries(r, output.name);
  if (typeof fs === 'string') return fs;
  const data: uPlot.AlignedData = [Array.from(fs[0].t)];
  const timeUnit = displayTime(r).unit;
  const series: uPlot.Series[] = [{ label: `Time (${timeUnit})` }];
  const bands: uPlot.Band[] = [];
  const legend: LegendItem[] = [];
  fs.forEach((s, k) => {
    const c = regimenColour(k);
    legend.push({ label: `${s.regimen} (median, 50% and 90% bands)`, colour: c });
    const base = data.length;
    for (const [arr, label] of [[s.p95, '95th'], [s.p75, '75th'], [s.p50, 'median'], [s.p25, '25th'], [s.p05, '5th']] as const) {
      data.push(Array.from(arr));
      const median = label === 'median';
      series.push({ label: median ? `${s.regimen} (median)` : `${s.regimen} ${label} pct`, stroke: median ? c : withAlpha(c, 0.25), width: median ? 2 : 0.5, points: { show: false } });
    }
    bands.push({ series: [base, base + 4], fill: withAlpha(c, 0.12) }, { series: [base + 1, base + 3], fill: withAlpha(c, 0.25) });
  });
  if (/^anc$/i.test(output.name)) {
    for (const g of CTCAE_ANC.filter((x) => x.grade >= 3)) {
      data.push(Array.from(fs[0].t, () => g.below));
      const stroke = g.grade === 4 ? '#7a0000' : '#a33';
      series.push({ label: `CTCAE grade ${g.grade} (< ${g.below})`, stroke, dash: [6, 4], width: 1, points: { show: false } });
      legend.push({ label: `CTCAE grade ${g.grade} (< ${g.below})`, colour: stroke });
    }
  }
  return { data, series, bands, timeUnit, legend };
}

/** One fan chart slot on the page; `show` draws or updates it. */
export class FanPlot {
  private plot: uPlot | undefined;
  private key = '';
  /** Title and legend of the chart shown, for PNG export. */
  shown: { title: string; legend: LegendItem[] } | undefined;

  constructor(private readonly el: HTMLElement) {}

  /** The chart's canvas (for PNG export), when a chart is shown. */
  get canvas(): HTMLCanvasElement | undefined {
    return this.plot?.ctx.canvas;
  }

  /** Draws `output` of `r`; returns a message instead when it cannot (the slot then shows nothing). */
  show(r: ScenarioResult, output: { name: string; unit: string }, title: string, width: number): string | undefined {
    const b = build(r, output);
    if (typeof b === 'string') { this.clear(); return b; }
    const shown = { title, legend: b.legend };
    const key = JSON.stringify([title, width, output, b.series.map((s) => s.label), b.data[0].length, b.data[0][b.data[0].length - 1]]);
    if (this.plot && key === this.key) {
      const x = this.plot.scales.x;
      const full = b.data[0];
      const zoomed = x.min !== undefined && x.max !== undefined && (x.min > full[0] || x.max < full[full.length - 1]);
      const keep = zoomed ? { min: x.min!, max: x.max! } : undefined;
      this.plot.setData(b.data);
      if (keep) this.plot.setScale('x', keep);
      this.shown = shown;
      return undefined;
    }
    this.clear();
    this.key = key;
    this.shown = shown;
    this.plot = new uPlot({
      title, width, height: 320, series: b.series, bands: b.bands,
      scales: { x: { time: false } },
      axes: [{ label: `Time (${b.timeUnit})` }, { label: `${output.name} (${output.unit})`, size: 60 }],
      legend: { live: false },
    }, b.data, this.el);
    // Legend: one entry per regimen median and per CTCAE line; the percentile edges only colour the bands.
    this.plot.root.querySelectorAll<HTMLElement>('.u-legend .u-series').forEach((row) => {
      if (/ pct$/.test(row.textContent?.trim() ?? '')) row.style.display = 'none';
    });
    return undefined;
  }

  /** Removes the chart (and anything else) from the slot. */
  clear(): void {
    this.plot?.destroy();
    this.plot = undefined;
    this.key = '';
    this.shown = undefined;
    this.el.replaceChildren();
  }
}
