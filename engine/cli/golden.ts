/**
 * Golden files for `oncotwin regress`: the per-regimen summary statistics and event rates of a
 * reference run, the run settings (N, seed) that reproduce it, per-field tolerances for 64-bit and
 * 32-bit results, and the provenance it was made with.
 *
 * Tolerance rule: a field passes when |actual − golden| ≤ abs + rel·|golden|. Patterns are matched
 * against field paths such as `summaries.cmax.mean`, `summaries.auc.q95`, `events.grade4.p`,
 * `failureRate`; `*` matches any characters; the longest matching pattern wins, else `default`.
 */
import type { Provenance, ScenarioResult } from '../common/scenario-result.js';

export const GOLDEN_FORMAT = 'oncotwin-golden/1';

export interface Tolerance {
  abs: number;
  rel: number;
}

export interface ToleranceSet {
  default: Tolerance;
  fields: Record<string, Tolerance>;
}

export interface GoldenFile {
  format: typeof GOLDEN_FORMAT;
  scenario: string;
  /** Regress re-runs with exactly these settings so numbers are comparable. */
  run: { nPatients: number; seed: number };
  /** `precision64` applies to 64-bit (CPU) results, `precision32` to 32-bit (GPU) results. */
  tolerances: { precision64: ToleranceSet; precision32: ToleranceSet };
  /** Field path → value, per regimen name. NaN is stored as null. */
  regimens: Record<string, Record<string, number | null>>;
  provenance: Provenance;
}

/**
 * Default tolerances. 64-bit: the engine is deterministic (counter-based RNG, V8's portable libm), so
 * only last-digit drift from reordered floating-point sums is allowed. 32-bit: f32 integration with
 * rtol ≥ 1e-6 moves population statistics by ~1e-4 relative, spreads (sd, extreme quantiles) a bit more,
 * and can flip a patient sitting on an event threshold — 1 percentage point covers a few such patients
 * at N ≥ 500; failures may differ by 0.5% of patients (f32 step-size underflow on stiff patients).
 */
export function defaultTolerances(): GoldenFile['tolerances'] {
  return {
    precision64: {
      default: { abs: 1e-9, rel: 1e-6 },
      fields: { 'events.*.p': { abs: 1e-9, rel: 0 }, failureRate: { abs: 0, rel: 0 } },
    },
    precision32: {
      default: { abs: 1e-6, rel: 2e-3 },
      fields: {
        'summaries.*.sd': { abs: 1e-6, rel: 1e-2 },
        'events.*.p': { abs: 0.01, rel: 0 },
        failureRate: { abs: 0.005, rel: 0 },
      },
    },
  };
}

/** "q5", "q50", "q97_5": a quantile key without a dot, so it never splits a field path. */
export function quantileKey(p: number): string {
  return 'q' + String(Number((p * 100).toFixed(6))).replace('.', '_');
}

/** The comparable fields of every regimen of a result. */
export function flattenResult(result: ScenarioResult): GoldenFile['regimens'] {
  const out: GoldenFile['regimens'] = {};
  const n = result.provenance.nPatients;
  for (const r of result.regimens) {
    const f: Record<string, number | null> = {};
    for (const [name, s] of Object.entries(r.summaries)) {
      f[`summaries.${name}.mean`] = finite(s.mean);
      f[`summaries.${name}.sd`] = finite(s.sd);
      s.probs.forEach((p, j) => (f[`summaries.${name}.${quantileKey(p)}`] = finite(s.quantiles[j])));
    }
    for (const [name, e] of Object.entries(r.events)) f[`events.${name}.p`] = finite(e.p);
    f.failureRate = n > 0 ? r.failures.total / n : 0;
    out[r.name] = f;
  }
  return out;
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** A new golden from a result; tolerances kept from `previous` when updating an existing file. */
export function makeGolden(result: ScenarioResult, previous?: GoldenFile): GoldenFile {
  return {
    format: GOLDEN_FORMAT,
    scenario: result.scenario.id,
    run: { nPatients: result.provenance.nPatients, seed: result.provenance.seed },
    tolerances: previous?.tolerances ?? defaultTolerances(),
    regimens: flattenResult(result),
    provenance: result.provenance,
  };
}

export interface FieldDiff {
  regimen: string;
  field: string;
  golden: number | null | undefined;
  actual: number | null | undefined;
  tol?: Tolerance;
  ok: boolean;
}

/** The tolerance for `field`: the longest matching pattern, else the default. */
export function toleranceFor(field: string, set: ToleranceSet): Tolerance {
  let best: Tolerance = set.default;
  let bestLen = -1;
  for (const [pattern, tol] of Object.entries(set.fields)) {
    const re = new RegExp('^' + pattern.split('*').map(escapeRegExp).join('.*') + '$');
    if (re.test(field) && pattern.length > bestLen) {
      best = tol;
      bestLen = pattern.length;
    }
  }
  return best;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Every field that differs between golden and result (including ones within tolerance, marked ok),
 * plus structural differences (missing regimens or fields), which never pass.
 */
export function compareGolden(golden: GoldenFile, result: ScenarioResult): FieldDiff[] {
  const set = result.provenance.precision === 32 ? golden.tolerances.precision32 : golden.tolerances.precision64;
  const actual = flattenResult(result);
  const diffs: FieldDiff[] = [];
  const run = golden.run;
  if (result.provenance.nPatients !== run.nPatients) diffs.push({ regimen: '', field: 'run.nPatients', golden: run.nPatients, actual: result.provenance.nPatients, ok: false });
  if (result.provenance.seed !== run.seed) diffs.push({ regimen: '', field: 'run.seed', golden: run.seed, actual: result.provenance.seed, ok: false });
  const regimens = [...new Set([...Object.keys(golden.regimens), ...Object.keys(actual)])];
  for (const reg of regimens) {
    const g = golden.regimens[reg];
    const a = actual[reg];
    if (!g || !a) {
      diffs.push({ regimen: reg, field: '(regimen)', golden: g ? 1 : undefined, actual: a ? 1 : undefined, ok: false });
      continue;
    }
    for (const field of [...new Set([...Object.keys(g), ...Object.keys(a)])]) {
      const gv = g[field];
      const av = a[field];
      if (gv === av) continue;
      if (gv === undefined || av === undefined || gv === null || av === null) {
        diffs.push({ regimen: reg, field, golden: gv, actual: av, ok: false });
        continue;
      }
      const tol = toleranceFor(field, set);
      diffs.push({ regimen: reg, field, golden: gv, actual: av, tol, ok: Math.abs(av - gv) <= tol.abs + tol.rel * Math.abs(gv) });
    }
  }
  return diffs;
}

/** One readable line per failing field. */
export function formatDiff(d: FieldDiff): string {
  const where = d.regimen ? `[${d.regimen}] ${d.field}` : d.field;
  const show = (v: number | null | undefined) => (v === undefined ? '(absent)' : v === null ? 'NaN' : String(Number(v.toPrecision(8))));
  if (d.field === '(regimen)') {
    return `${d.regimen ? `[${d.regimen}]` : ''} regimen ${d.golden === undefined ? 'is new (not in the golden)' : 'is missing from the new result'}`;
  }
  let change = '';
  if (typeof d.golden === 'number' && typeof d.actual === 'number') {
    const delta = d.actual - d.golden;
    const rel = d.golden !== 0 ? ` (${delta >= 0 ? '+' : ''}${((delta / Math.abs(d.golden)) * 100).toPrecision(3)}%)` : '';
    change = `  Δ ${delta >= 0 ? '+' : ''}${delta.toPrecision(3)}${rel}`;
  }
  const tol = d.tol ? `  allowed ±(${d.tol.abs} + ${d.tol.rel}·|golden|)` : '';
  return `${where}: ${show(d.golden)} → ${show(d.actual)}${change}${tol}`;
}
