/**
 * Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008, "Color Universal Design"), ordered so the
 * first two regimens (the usual comparison) are blue and vermillion, distinguishable in all common
 * colour-vision deficiencies and in greyscale by lightness.
 */
export const OKABE_ITO = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442', '#000000'] as const;

/** Colour of regimen `k` (cycles after eight regimens). */
export function regimenColour(k: number): string {
  return OKABE_ITO[k % OKABE_ITO.length];
}

/** `#rrggbb` with an alpha in [0,1] as `rgba(...)`, for bands. */
export function withAlpha(hex: string, alpha: number): string {
  const v = parseInt(hex.slice(1), 16);
  return `rgba(${(v >> 16) & 255},${(v >> 8) & 255},${v & 255},${alpha})`;
}

/** CTCAE grade band fills (light, neutral-to-warm) for ANC charts: grade 1..4. */
export const GRADE_FILLS = ['#fff7e0', '#ffe8b3', '#ffd0a0', '#ffb3a0'] as const;
