/**
 * A regimen's `dose:` → dose-level expressions in internal units (mg, or µmol for amount doses),
 * before bioavailability:
 * - flat (`mg`): amount;
 * - per weight (`mg/kg`): amount × WT;
 * - per area (`mg/m^2`): amount × min(BSA, bsa_cap);
 * - Calvert (`auc: { target: 5, unit: mg/mL*min }`): AUC × (min(CRCL, 125 mL/min) + 25 mL/min)
 *   (Calvert AH et al. J Clin Oncol 1989;7:1748; the 125 mL/min cap follows the US FDA 2010
 *   carboplatin dosing communication).
 * Then rounded to `round_to` (half away from zero). Level 0 is the starting dose; `reductions`
 * ("80%" of the starting amount, or absolute amounts in the dose's unit) add levels 1, 2, …
 */
import { closest } from '../errors.js';
import type { Expr } from '../ir.js';
import { call, div, mul, num, ref } from '../population/expr-build.js';
import type { PopulationSymbol } from '../population/build-population.js';
import type { TextWhere } from '../text-where.js';
import { describeDim, DIM, dimEqual, type Dim } from '../units/dimension.js';
import { internalUnit } from '../units/quantity.js';
import type { YamlNode } from '../yaml/yaml-node.js';
import { aucSchema, doseSchema } from './schema.js';

export const DOSE_KEYS = doseSchema.keyof().options;
const AUC_KEYS = aucSchema.keyof().options;

/** Carboplatin Calvert formula constants: GFR cap and non-renal clearance, mL/min. */
const CALVERT_CRCL_CAP_ML_MIN = 125;
const CALVERT_NONRENAL_ML_MIN = 25;

export interface DoseLevels {
  levels: Expr[];
  /** Dimension of the dose (mass or amount), to check against the target state. */
  dims: Dim;
}

type DoseCursors = Record<(typeof DOSE_KEYS)[number], YamlNode>;

function positiveValue(c: YamlNode, v: number, what: string): number {
  if (!(v > 0)) throw c.error(`${what} must be > 0, got ${v}`, 'doses are positive amounts');
  return v;
}

/** The per-unit values of every level: [start, ...reductions]. */
function levelValues(start: number, c: YamlNode): number[] {
  if (!c.present) return [start];
  return [start, ...c.items().map((it) => {
    const v = it.value;
    if (typeof v === 'string') {
      const m = /^\s*(\d+(?:\.\d*)?)\s*%\s*$/.exec(v);
      if (!m) throw it.error(`'${v}' is not a percentage`, "write reductions as '80%' or as an amount in the dose's unit");
      const pct = Number(m[1]);
      if (!(pct > 0 && pct <= 100)) throw it.error(`a reduction must be between 0% and 100%, got ${pct}%`);
      return (start * pct) / 100;
    }
    return positiveValue(it, it.num(), 'a reduced dose');
  })];
}

/** Builds the dose levels; `symbols` are the population's covariates (WT, BSA, CRCL …). */
export function buildDoseLevels(o: DoseCursors, symbols: Map<string, PopulationSymbol>, timeUnit: string): DoseLevels {
  const need = (name: string, dims: Dim, what: string, c: YamlNode): Expr => {
    const s = symbols.get(name);
    if (!s) {
      const near = closest(name, symbols.keys());
      throw c.error(`this dose needs ${name} (${what}), which the population does not define`,
        near ? `did you mean '${near}'? the dose reads ${name}` : `add ${name} to population (covariates or derived)`);
    }
    if (!dimEqual(s.dims, dims)) throw c.error(`${name} must be a ${what}, but its unit '${s.unit}' is ${describeDim(s.dims, timeUnit)}`);
    return ref(name);
  };
  const unitFactor = (where: TextWhere, unit: string): { factor: number; dims: Dim } => {
    const u = internalUnit(unit, timeUnit, where);
    return { factor: u.factor, dims: u.dim };
  };

  let perUnit: (v: number) => Expr;
  let values: number[];
  let dims: Dim;
  if (o.auc.present) {
    if (o.amount.present || o.unit.present) throw o.amount.present ? o.amount.error('give either amount or auc, not both') : o.unit.error('the AUC unit goes inside auc: { target, unit }');
    const a = o.auc.fields(AUC_KEYS);
    const target = positiveValue(a.target, a.target.required('e.g. auc: { target: 5, unit: mg/mL*min }').num(), 'target AUC');
    const au = unitFactor(a.unit.where(), a.unit.required('e.g. mg/mL*min').unit());
    if (!dimEqual(au.dims, DIM.exposure)) throw a.unit.error(`an AUC unit is mass/volume × time (e.g. mg/mL*min), got ${describeDim(au.dims, timeUnit)}`);
    const crcl = need('CRCL', DIM.flow, 'creatinine clearance, mL/min', o.auc);
    const mlMin = unitFactor(o.auc.where(), 'mL/min').factor;
    const clearance = call('min', crcl, num(CALVERT_CRCL_CAP_ML_MIN * mlMin));
    perUnit = (v) => mul(num(v * au.factor), { k: 'op', op: '+', a: clearance, b: num(CALVERT_NONRENAL_ML_MIN * mlMin) });
    values = levelValues(target, o.reductions);
    dims = DIM.mass;
  } else {
    const amount = positiveValue(o.amount, o.amount.required('e.g. amount: 75 with unit: mg/m^2, or auc: { target: 5, unit: mg/mL*min }').num(), 'dose amount');
    const unitText = o.unit.required('e.g. mg, mg/kg, mg/m^2').unit();
    const u = unitFactor(o.unit.where(), unitText);
    values = levelValues(amount, o.reductions);
    if (dimEqual(u.dims, DIM.mass) || dimEqual(u.dims, DIM.amount)) {
      perUnit = (v) => num(v * u.factor);
      dims = u.dims;
    } else if (dimEqual(u.dims, DIM.none)) {
      const wt = need('WT', DIM.mass, 'body weight', o.unit);
      perUnit = (v) => mul(num(v * u.factor), wt);
      dims = DIM.mass;
    } else if (dimEqual(u.dims, DIM.massPerArea)) {
      let bsa = need('BSA', DIM.area, 'body surface area', o.unit);
      if (o.bsa_cap.present) {
        const q = o.bsa_cap.quantity();
        const cu = unitFactor(o.bsa_cap.unitWhere(q), q.unit);
        if (!dimEqual(cu.dims, DIM.area)) throw o.bsa_cap.error(`bsa_cap is an area (e.g. 2.2 m^2), got ${describeDim(cu.dims, timeUnit)}`);
        bsa = call('min', bsa, num(positiveValue(o.bsa_cap, q.value, 'bsa_cap') * cu.factor));
      }
      perUnit = (v) => mul(num(v * u.factor), bsa);
      dims = DIM.mass;
    } else {
      throw o.unit.error(`dose unit '${unitText}' is ${describeDim(u.dims, timeUnit)}`, 'use a flat amount (mg), per weight (mg/kg) or per area (mg/m^2), or auc: for Calvert dosing');
    }
    if (o.bsa_cap.present && !dimEqual(u.dims, DIM.massPerArea)) throw o.bsa_cap.error('bsa_cap applies only to mg/m^2 doses', 'remove bsa_cap');
  }

  let round: (e: Expr) => Expr = (e) => e;
  if (o.round_to.present) {
    const q = o.round_to.quantity();
    const ru = unitFactor(o.round_to.unitWhere(q), q.unit);
    if (!dimEqual(ru.dims, dims)) throw o.round_to.error(`round_to must be ${describeDim(dims, timeUnit)} like the dose, got ${describeDim(ru.dims, timeUnit)}`);
    const step = positiveValue(o.round_to, q.value, 'round_to') * ru.factor;
    round = (e) => mul(call('round', div(e, num(step))), num(step));
  }
  return { levels: values.map((v) => round(perUnit(v))), dims };
}
