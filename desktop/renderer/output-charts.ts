/**
 * Fan charts of the model outputs the fixed charts do not cover — concentrations above all — so a
 * PK-only scenario (carboplatin, capecitabine: no ANC, no tumour) shows what it has: each output's
 * median with 50% and 90% bands per regimen, from the engine's quantiles. One slot per output, kept
 * across re-runs (updated in place, zoom kept); PNG export as on screen (the report's SVG charts do
 * not include these, so there is no SVG button).
 */
import type { ScenarioResult } from '../../engine/common/scenario-result.js';
import { framedCanvasPng, slug } from './chart-export.js';
import { FanPlot } from './fan-plot.js';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...kids: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids);
  return e;
}

/**
 * The outputs with quantile bands in every regimen, except those named in `skip`. A composed model
 * also lists its modules' outputs (`pk.Cp` beside `Cp`): those are left out when it has its own.
 */
export function otherOutputs(r: ScenarioResult, skip: string[]): { name: string; unit: string; description?: string }[] {
  const banded = r.outputs.filter((o) => r.regimens.every((g) => g.raw.quantiles.some((q) => q.output === o.name)));
  const own = banded.filter((o) => !o.name.includes('.'));
  return (own.length ? own : banded).filter((o) => !skip.includes(o.name));
}

export class OutputCharts {
  private readonly slots = new Map<string, { fig: HTMLElement; fan: FanPlot }>();

  /** `before`: the first fixed chart, these go ahead of it; `save` stores a PNG under a file name. */
  constructor(private readonly before: HTMLElement, private readonly save: (name: string, png: Uint8Array) => Promise<void>) {}

  /** Shows a fan chart for each of `outputs`, removing charts of outputs no longer there. */
  show(r: ScenarioResult, outputs: { name: string; unit: string; description?: string }[], width: number, stem: string): void {
    for (const [name, slot] of this.slots) {
      if (outputs.some((o) => o.name === name)) continue;
      slot.fan.clear();
      slot.fig.remove();
      this.slots.delete(name);
    }
    for (const o of outputs) {
      const title = `${o.description ? `${o.description} (${o.name})` : o.name} over time (median, 50% and 90% bands)`;
      const slot = this.slots.get(o.name) ?? this.add(o.name, stem);
      const message = slot.fan.show(r, { name: o.name, unit: o.unit }, title, width);
      slot.fig.querySelector('button')!.hidden = message !== undefined;
      slot.fig.querySelector('.note')?.remove();
      if (message) slot.fig.append(el('p', { className: 'note' }, `${title} — not shown: ${message}`));
    }
  }

  private add(name: string, stem: string): { fig: HTMLElement; fan: FanPlot } {
    const body = el('div', { className: 'plot' });
    const png = el('button', { type: 'button', className: 'small', textContent: 'PNG', title: 'Download as PNG (as on screen; no SVG for this chart)' });
    png.dataset.export = 'png';
    const fig = el('figure', { id: `fig-output-${slug(name)}`, className: 'chart wide' }, el('div', { className: 'chart-bar' }, png), body);
    const fan = new FanPlot(body);
    png.addEventListener('click', async () => {
      if (fan.canvas && fan.shown) await this.save(`${stem}-${slug(name)}-fan.png`, await framedCanvasPng(fan.canvas, fan.shown.title, fan.shown.legend));
    });
    this.before.before(fig);
    const slot = { fig, fan };
    this.slots.set(name, slot);
    return slot;
  }
}
