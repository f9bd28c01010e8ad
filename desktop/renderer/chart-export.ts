/**
 * PNG bytes for chart export: an SVG chart (engine/common/report/svg-charts.ts) rasterised at 2×, or
 * an interactive chart's canvas (uPlot, three.js) framed with its title and legend, on white.
 */

/** A legend entry drawn under a canvas chart. */
export interface LegendItem {
  label: string;
  colour: string;
}

const FONT = 'system-ui, sans-serif';

async function pngBytes(c: HTMLCanvasElement): Promise<Uint8Array> {
  const blob = await new Promise<Blob | null>((resolve) => c.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the browser could not encode the chart as PNG');
  return new Uint8Array(await blob.arrayBuffer());
}

/** Rasterises a standalone SVG document (with width/height attributes) to PNG at `scale`. */
export async function svgToPng(svg: string, scale = 2): Promise<Uint8Array> {
  const w = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1] ?? 640);
  const h = Number(/<svg[^>]*\sheight="([\d.]+)"/.exec(svg)?.[1] ?? 360);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const c = Object.assign(document.createElement('canvas'), { width: Math.round(w * scale), height: Math.round(h * scale) });
    const g = c.getContext('2d')!;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, c.width, c.height);
    g.drawImage(img, 0, 0, c.width, c.height);
    return await pngBytes(c);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The canvas `src` (drawn at its backing-store size) under `title`, with `legend` below, as PNG. */
export async function framedCanvasPng(src: HTMLCanvasElement, title: string, legend: LegendItem[]): Promise<Uint8Array> {
  const s = src.width / (src.clientWidth || src.width);
  const pad = 12 * s;
  const titleH = 34 * s;
  const rowH = 22 * s;
  const c = document.createElement('canvas');
  const g0 = c.getContext('2d')!;
  g0.font = `${13 * s}px ${FONT}`;
  // Legend entries flow left to right, wrapping at the canvas width.
  const items: { x: number; y: number; item: LegendItem }[] = [];
  let x = pad;
  let y = 0;
  for (const item of legend) {
    const w = 20 * s + g0.measureText(item.label).width + 18 * s;
    if (x + w > src.width - pad && x > pad) { x = pad; y += rowH; }
    items.push({ x, y, item });
    x += w;
  }
  c.width = src.width;
  c.height = Math.round(titleH + src.height + (legend.length ? y + rowH + pad : pad));
  const g = c.getContext('2d')!;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, c.width, c.height);
  g.fillStyle = '#1a1a1a';
  g.font = `600 ${15 * s}px ${FONT}`;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.fillText(title, c.width / 2, titleH / 2);
  g.drawImage(src, 0, titleH);
  g.textAlign = 'left';
  g.font = `${13 * s}px ${FONT}`;
  const top = titleH + src.height + pad / 2;
  for (const it of items) {
    g.fillStyle = it.item.colour;
    g.fillRect(it.x, top + it.y + 4 * s, 12 * s, 12 * s);
    g.fillStyle = '#1a1a1a';
    g.fillText(it.item.label, it.x + 18 * s, top + it.y + 10 * s);
  }
  return pngBytes(c);
}

/** A file-name-safe slug of `s`. */
export function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'chart';
}
