/**
 * A one-line progress bar on stderr. It animates only on a terminal (see `styleFor`); elsewhere it
 * stays silent so logs and pipes get no carriage-return frames.
 */
import type { Sink, Style } from './io.js';

/** Redraw at most this often: terminals flicker and slow down with hundreds of redraws a second. */
const MIN_REDRAW_MS = 80;
const BAR_WIDTH = 28;

export class ProgressBar {
  private readonly startedAt: number;
  private lastDraw = -Infinity;
  private lastFraction = -1;
  private drawn = false;

  /**
   * @param now clock in ms, injectable for tests.
   */
  constructor(
    private readonly sink: Sink,
    private readonly style: Style,
    private readonly label: string,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  /** Reports progress `f` in [0, 1]; values outside are clamped, non-finite ones ignored. */
  update(f: number): void {
    if (!this.style.animate || !Number.isFinite(f)) return;
    const fraction = Math.min(1, Math.max(0, f));
    const t = this.now();
    if (t - this.lastDraw < MIN_REDRAW_MS && fraction < 1) return;
    if (fraction === this.lastFraction) return;
    this.lastDraw = t;
    this.lastFraction = fraction;
    this.sink.write(`\r${this.render(fraction, t)}\u001b[K`);
    this.drawn = true;
  }

  /** Clears the bar's line so the next output starts on a clean line. */
  finish(): void {
    if (this.drawn) this.sink.write('\r\u001b[K');
    this.drawn = false;
  }

  /** The text of the bar for fraction `f` at time `t` (without control characters). */
  render(f: number, t: number): string {
    const filled = Math.round(f * BAR_WIDTH);
    const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
    const elapsed = (t - this.startedAt) / 1000;
    const eta = f > 0.02 && f < 1 ? ` ETA ${formatSeconds((elapsed * (1 - f)) / f)}` : '';
    const pct = `${(f * 100).toFixed(0).padStart(3)}%`;
    return `${this.style.dim(this.label)} ${bar} ${pct} ${formatSeconds(elapsed)}${eta}`;
  }
}

/** "4.2s", "3m07s", "1h02m". */
export function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
