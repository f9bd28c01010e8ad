/**
 * Scenario sections that need the model: output grid, solver settings, summaries, events, quantiles.
 * Every value is converted to internal units (times to the model's time unit) here.
 */
import { closest } from '../errors.js';
import type { ModelIR } from '../ir.js';
import type { SolverSpec } from '../job.js';
import { describeDim, DIM, dimEqual } from '../units/dimension.js';
import { internalUnit } from '../units/quantity.js';
import type { YamlNode } from '../yaml/yaml-node.js';
import { gridSchema, solverSchema } from './schema.js';

const GRID_KEYS = gridSchema.keyof().options;
const SOLVER_KEYS = solverSchema.keyof().options;
export const DEFAULT_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95];

/** Solver defaults (docs/KERNEL.md §3); atol is in each state's own unit. */
export const SOLVER_DEFAULTS = { method: 'dopri5', rtol: 1e-6, atol: 1e-9, hmin: 1e-10, maxSteps: 500_000, closedFormLinear: true } as const;
/** Automatic first step: this fraction of the horizon (the controller grows it ×5 per step). */
const H0_FRACTION = 1e-6;
/** Grid points when `output_grid` is omitted (0 … horizon inclusive). */
const DEFAULT_GRID_POINTS = 201;
/** Largest output grid accepted (quantiles are stored per grid time and output). */
const MAX_GRID_POINTS = 1_000_000;

/** A time value (`42 d`; a bare number is in the model's time unit) in internal time units. */
export function timeValue(c: YamlNode, timeUnit: string): number {
  const q = c.quantity(timeUnit);
  const u = internalUnit(q.unit, timeUnit, c.unitWhere(q));
  if (!dimEqual(u.dim, DIM.time)) throw c.error(`expected a time like '42 d', got unit '${q.unit}' (${describeDim(u.dim, timeUnit)})`, 'time units: h, d, wk, min');
  return q.value * u.factor;
}

export function parseHorizon(c: YamlNode, timeUnit: string): number {
  const h = timeValue(c.required('e.g. horizon: 126 d'), timeUnit);
  if (!(h > 0)) throw c.error(`horizon must be > 0, got ${h}`, 'e.g. horizon: 126 d');
  return h;
}

export function parseGrid(c: YamlNode, timeUnit: string, horizon: number): Float64Array {
  if (!c.present) return Float64Array.from({ length: DEFAULT_GRID_POINTS }, (_, i) => (horizon * i) / (DEFAULT_GRID_POINTS - 1));
  const o = c.fields(GRID_KEYS);
  if (o.every.present === o.times.present) throw c.error('give exactly one of every or times', 'e.g. output_grid: { every: 1 d }');
  if (o.every.present) {
    if (o.unit.present) throw o.unit.error("'unit' goes with times; write every: 1 d");
    const every = timeValue(o.every, timeUnit);
    if (!(every > 0)) throw o.every.error(`every must be > 0, got ${every}`);
    // Multiples of `every` up to the horizon; i·every (not a running sum) avoids drift.
    const n = Math.floor(horizon / every * (1 + 1e-12)) + 1;
    if (n > MAX_GRID_POINTS) throw o.every.error(`this grid would have ${n} points (at most ${MAX_GRID_POINTS})`, 'use a coarser step');
    return Float64Array.from({ length: n }, (_, i) => Math.min(i * every, horizon));
  }
  const unit = o.unit.required(`e.g. unit: ${timeUnit}`).unit();
  const u = internalUnit(unit, timeUnit, o.unit.where());
  if (!dimEqual(u.dim, DIM.time)) throw o.unit.error(`'${unit}' is not a time unit`);
  const items = o.times.items();
  if (items.length === 0) throw o.times.error('needs at least one time');
  const grid = items.map((it) => {
    const t = it.num() * u.factor;
    if (t < 0 || t > horizon) throw it.error(`grid time ${it.num()} ${unit} lies outside [0, horizon]`);
    return t;
  });
  grid.forEach((t, i) => { if (i > 0 && t <= grid[i - 1]) throw items[i].error('grid times must be increasing'); });
  return Float64Array.from(grid);
}

function positiveNum(c: YamlNode, what: string): number {
  const v = c.num();
  if (!(v > 0)) throw c.error(`${what} must be > 0, got ${v}`);
  return v;
}

/** Solver settings; atol (scalar or per-state map) is given in each state's own unit. */
export function parseSolver(c: YamlNode, model: ModelIR, horizon: number): SolverSpec {
  const tu = model.timeUnit;
  const o = c.present ? c.fields(SOLVER_KEYS) : undefined;
  const get = (k: (typeof SOLVER_KEYS)[number]): YamlNode | undefined => (o && o[k].present ? o[k] : undefined);
  const rtol = get('rtol') ? positiveNum(o!.rtol, 'rtol') : SOLVER_DEFAULTS.rtol;
  if (rtol >= 1) throw o!.rtol.error(`rtol must be < 1, got ${rtol}`, 'e.g. rtol: 1e-6');
  let atolUser: (state: string) => number = () => SOLVER_DEFAULTS.atol;
  const atolC = get('atol');
  if (atolC?.isMap()) {
    const m = new Map<string, number>();
    const names = model.states.map((s) => s.name);
    for (const [k, v] of atolC.entries()) {
      if (!names.includes(k)) { const s = closest(k, names); throw v.error(`model has no state '${k}'`, s ? `did you mean '${s}'?` : undefined); }
      m.set(k, positiveNum(v, 'atol'));
    }
    atolUser = (s) => m.get(s) ?? SOLVER_DEFAULTS.atol;
  } else if (atolC) {
    const a = positiveNum(atolC, 'atol');
    atolUser = () => a;
  }
  // A state's own atol (model file) wins unless the scenario sets one explicitly for it.
  const atol = model.states.map((s) => {
    const explicit = atolC !== undefined;
    if (!explicit && s.atol !== undefined) return s.atol;
    return atolUser(s.name) * internalUnit(s.unit, tu).factor;
  });
  const hmax = get('hmax') ? timeValue(o!.hmax, tu) : horizon;
  if (!(hmax > 0)) throw o!.hmax.error('hmax must be > 0');
  const hmin = get('hmin') ? timeValue(o!.hmin, tu) : SOLVER_DEFAULTS.hmin;
  if (!(hmin > 0) || hmin >= hmax) throw (o?.hmin.present ? o.hmin : c).error(`hmin must be > 0 and below hmax, got ${hmin}`);
  let h0 = Math.min(hmax, horizon * H0_FRACTION);
  const h0c = get('h0');
  if (h0c && h0c.value !== 'auto') {
    h0 = timeValue(h0c, tu);
    if (!(h0 > 0) || h0 > hmax) throw h0c.error('h0 must be > 0 and at most hmax', "or h0: auto");
  }
  const maxSteps = get('max_steps') ? o!.max_steps.int(1, 1e9) : SOLVER_DEFAULTS.maxSteps;
  return {
    method: get('method') ? o!.method.oneOf(['dopri5', 'rosenbrock', 'auto', 'rk4'] as const) : SOLVER_DEFAULTS.method,
    rtol,
    atol,
    hmax,
    h0,
    hmin,
    maxSteps,
    closedFormLinear: get('closed_form_linear') ? o!.closed_form_linear.bool() : SOLVER_DEFAULTS.closedFormLinear,
  };
}

export function parseQuantiles(c: YamlNode): number[] {
  if (!c.present) return [...DEFAULT_QUANTILES];
  const items = c.items();
  if (items.length === 0) throw c.error('needs at least one probability');
  const q = items.map((it) => {
    const p = it.num();
    if (!(p >= 0 && p <= 1)) throw it.error(`a quantile probability must be in [0, 1], got ${p}`);
    return p;
  });
  q.forEach((p, i) => { if (i > 0 && p <= q[i - 1]) throw items[i].error('quantiles must be increasing'); });
  return q;
}
