/**
 * Derived covariates as IR expressions over internal-unit covariates. Each formula converts its
 * inputs to the units it was published in and converts its result back to internal units.
 *
 * - BSA, Mosteller RD. Simplified calculation of body-surface area. N Engl J Med 1987;317:1098:
 *   BSA [m²] = sqrt(H [cm] · W [kg] / 3600).
 * - BSA, DuBois D, DuBois EF. Arch Intern Med 1916;17:863: BSA [m²] = 0.007184 · W^0.425 · H^0.725.
 * - Creatinine clearance, Cockcroft DW, Gault MH. Nephron 1976;16:31-41:
 *   CrCL [mL/min] = (140 − age [yr]) · W [kg] / (72 · SCr [mg/dL]) × 0.85 if female.
 *   SCr given in µmol/L is converted with creatinine's molar mass 113.12 g/mol (PubChem CID 588):
 *   1 mg/dL = 88.40 µmol/L.
 */
import { InputError } from '../errors.js';
import { parseExpression, scopeOf } from '../expr/parse-expression.js';
import { substitute } from '../expr/simplify.js';
import { ir, type Expr } from '../ir.js';
import { describeDim, DIM, dimEqual, type Dim } from '../units/dimension.js';
import { internalUnit } from '../units/quantity.js';
import type { PopulationSymbol } from './population-symbol.js';
import { call, div, mul, num, pow, ref, sub } from './expr-build.js';
import type { DerivedSpec } from './population-spec.js';

/** Internal value of one `unit` for a model with time unit `timeUnit`. */
function factor(unit: string, timeUnit: string): number {
  return internalUnit(unit, timeUnit).factor;
}

/** `name` expressed in `unit` (the covariate itself is stored in internal units). */
function inUnit(name: string, unit: string, timeUnit: string): Expr {
  return div(ref(name), num(factor(unit, timeUnit)));
}

/** Body surface area (internal units, dm²) from WT and HT. */
export function bsaExpr(formula: 'mosteller' | 'dubois', wt: string, ht: string, timeUnit: string): Expr {
  const w = inUnit(wt, 'kg', timeUnit);
  const h = inUnit(ht, 'cm', timeUnit);
  const m2 = formula === 'mosteller'
    ? call('sqrt', div(mul(h, w), num(3600)))
    : mul(mul(num(0.007184), pow(w, num(0.425))), pow(h, num(0.725)));
  return mul(m2, num(factor('m^2', timeUnit)));
}

/** mg/dL of creatinine per µmol/L: 1e4 / 113.12 (molar mass, g/mol). */
export const CREATININE_UMOL_PER_MGDL = 1e4 / 113.12;

/**
 * Cockcroft–Gault creatinine clearance (internal units, L per time unit).
 * @param scrIsMolar SCR was given as an amount concentration (µmol/L) rather than mass (mg/dL)
 * @param femaleLevel index of the female level of `sex`
 */
export function cockcroftGaultExpr(
  names: { age: string; wt: string; scr: string; sex: string },
  femaleLevel: number,
  scrIsMolar: boolean,
  timeUnit: string,
): Expr {
  const age = inUnit(names.age, 'yr', timeUnit);
  const w = inUnit(names.wt, 'kg', timeUnit);
  const scr = scrIsMolar
    ? div(inUnit(names.scr, 'umol/L', timeUnit), num(CREATININE_UMOL_PER_MGDL))
    : inUnit(names.scr, 'mg/dL', timeUnit);
  const male = div(mul(sub(num(140), age), w), mul(num(72), scr));
  const sexFactor = ir.cond(eq(ref(names.sex), femaleLevel), num(0.85), num(1));
  return mul(mul(male, sexFactor), num(factor('mL/min', timeUnit)));
}

function eq(a: Expr, level: number): Expr {
  return { k: 'op', op: '==', a, b: num(level) };
}

/**
 * A derived covariate's expression over the covariates before it: a formula (internal units in and
 * out) or a free expression written in the declared units of the covariates it uses.
 */
export function derivedExpr(d: DerivedSpec, symbols: ReadonlyMap<string, PopulationSymbol>, timeUnit: string): Expr {
  const need = (name: string, dims: Dim[], what: string): PopulationSymbol => {
    const s = symbols.get(name);
    if (!s) throw InputError.at(d.pos.file, d.pos.line, d.pos.col, `${d.formula} needs covariate ${name} (${what}), which the population does not define`, `add ${name} under population.covariates or as a table column`);
    if (!dims.some((x) => dimEqual(x, s.dims))) throw InputError.at(d.pos.file, d.pos.line, d.pos.col, `${name} must be a ${what}, but its unit '${s.unit}' is ${describeDim(s.dims, timeUnit)}`);
    return s;
  };
  if (d.formula === 'mosteller' || d.formula === 'dubois') {
    need('WT', [DIM.mass], 'body weight, e.g. kg');
    need('HT', [DIM.length], 'height, e.g. cm');
    return bsaExpr(d.formula, 'WT', 'HT', timeUnit);
  }
  if (d.formula === 'cockcroft_gault') {
    need('AGE', [DIM.time], 'age, e.g. yr');
    need('WT', [DIM.mass], 'body weight, e.g. kg');
    const scr = need('SCR', [DIM.massConcentration, DIM.molarConcentration], 'serum creatinine, mg/dL or umol/L');
    const sex = symbols.get('SEX');
    const female = sex?.levels?.findIndex((l) => /^(f|female|w|woman)$/i.test(l)) ?? -1;
    if (!sex || female < 0) throw InputError.at(d.pos.file, d.pos.line, d.pos.col, 'cockcroft_gault needs a categorical covariate SEX with a level F (female)', 'add SEX: { distribution: categorical, levels: { F: 0.5, M: 0.5 } }');
    return cockcroftGaultExpr({ age: 'AGE', wt: 'WT', scr: 'SCR', sex: 'SEX' }, female, !dimEqual(scr.dims, DIM.massConcentration), timeUnit);
  }
  const parsed = parseExpression(d.expr!, d.where ?? d.pos, scopeOf(symbols.keys()));
  return substitute(parsed, (name) => {
    const s = symbols.get(name);
    return s ? div(ref(name), num(s.factor)) : undefined;
  });
}
