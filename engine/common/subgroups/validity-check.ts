/**
 * Which virtual patients fall outside the populations the model was estimated in (the model files'
 * `validity:`). A criterion is checked only when the scenario reports the covariate it names per
 * patient, in a unit of the same kind; otherwise it is listed as not assessable with the reason —
 * never counted as inside. Bounds are inclusive.
 */
import type { WrittenDose } from '../dosing/written-doses.js';
import { checkDoseRanges } from './dose-range-check.js';
import type { PopulationSymbol } from '../population/build-population.js';
import type { ValidityCriterion, ValidityReport, ValidityReportDomain } from '../stats/subgroup-types.js';
import { wilsonInterval } from '../stats/wilson.js';
import { dimEqual } from '../units/dimension.js';
import { internalUnit } from '../units/quantity.js';
import type { ValidityAncestry, ValidityCovariate, ValidityDomain } from '../validity-domain.js';

const fmt = (v: number): string => String(Number(v.toPrecision(4)));

interface Checked {
  criterion: ValidityCriterion;
  /** Per patient: 1 outside, 0 inside (absent when not assessable). */
  flags?: Uint8Array;
}

function rangeText(c: ValidityCovariate): string {
  const u = c.unit !== '1' ? ` ${c.unit}` : '';
  if (c.levels) return `${c.name} in ${c.levels.join(', ')}`;
  if (c.min !== undefined && c.max !== undefined) return `${c.name} ${fmt(c.min)}–${fmt(c.max)}${u}`;
  return c.min !== undefined ? `${c.name} ≥ ${fmt(c.min)}${u}` : `${c.name} ≤ ${fmt(c.max!)}${u}`;
}

function checkCovariate(c: ValidityCovariate, patients: Record<string, Float64Array>, symbols: ReadonlyMap<string, PopulationSymbol>, timeUnit: string): Checked {
  const criterion: ValidityCriterion = { text: rangeText(c), ...(c.source ? { source: c.source } : {}) };
  const values = Object.hasOwn(patients, c.name) ? patients[c.name] : undefined;
  const s = symbols.get(c.name);
  if (!values || !s) return { criterion: { ...criterion, reason: `the scenario does not define ${c.name}` } };
  const flags = new Uint8Array(values.length);
  if (c.levels) {
    if (!s.levels) return { criterion: { ...criterion, reason: `${c.name} is not categorical in the scenario` } };
    const inside = new Set(c.levels);
    values.forEach((v, i) => { flags[i] = inside.has(s.levels![v]) ? 0 : 1; });
  } else {
    if (s.levels) return { criterion: { ...criterion, reason: `${c.name} is categorical in the scenario` } };
    const u = internalUnit(c.unit, timeUnit);
    if (!dimEqual(u.dim, s.dims)) return { criterion: { ...criterion, reason: `${c.name} is in ${s.unit} in the scenario, not a unit like ${c.unit}` } };
    // Compare in internal units: patient values are in the scenario's unit (×factor), bounds in the model's.
    const lo = c.min !== undefined ? c.min * u.factor : -Infinity;
    const hi = c.max !== undefined ? c.max * u.factor : Infinity;
    values.forEach((v, i) => { const x = v * s.factor; flags[i] = x >= lo * (1 - 1e-12) && x <= hi * (1 + 1e-12) ? 0 : 1; });
  }
  return { criterion: { ...criterion, outside: flags.reduce((a, b) => a + b, 0) }, flags };
}

function checkAncestry(a: ValidityAncestry, patients: Record<string, Float64Array>, symbols: ReadonlyMap<string, PopulationSymbol>): Checked {
  const groups = Object.entries(a.composition).filter(([, share]) => share > 0).map(([g]) => g);
  const criterion: ValidityCriterion = { text: `${a.covariate} in ${groups.join(', ')} (composition: ${Object.entries(a.composition).map(([g, s]) => `${g} ${fmt(100 * s)}%`).join(', ')})`, ...(a.source ? { source: a.source } : {}) };
  const values = Object.hasOwn(patients, a.covariate) ? patients[a.covariate] : undefined;
  const s = symbols.get(a.covariate);
  if (!values || !s?.levels) return { criterion: { ...criterion, reason: `the scenario has no categorical ${a.covariate}` } };
  const inside = new Set(groups);
  const flags = Uint8Array.from(values, (v) => (inside.has(s.levels![v]) ? 0 : 1));
  return { criterion: { ...criterion, outside: flags.reduce((x, y) => x + y, 0) }, flags };
}

/** The report of every domain, and per patient whether it is outside any checked criterion. */
export function checkValidity(domains: ValidityDomain[], patients: Record<string, Float64Array>, symbols: ReadonlyMap<string, PopulationSymbol>, timeUnit: string, nPatients: number, doses: WrittenDose[] = []): { report: ValidityReport; outside?: Uint8Array } {
  const outside = new Uint8Array(nPatients);
  let assessed = false;
  const reported: ValidityReportDomain[] = domains.map((d) => {
    const checks = d.covariates.map((c) => checkCovariate(c, patients, symbols, timeUnit));
    if (d.ancestry) checks.push(checkAncestry(d.ancestry, patients, symbols));
    for (const c of checks) {
      if (!c.flags) continue;
      assessed = true;
      c.flags.forEach((f, i) => { if (f) outside[i] = 1; });
    }
    const r: ValidityReportDomain = { model: d.model, file: d.file, tumourTypes: d.tumourTypes, criteria: checks.map((c) => c.criterion), doseRanges: checkDoseRanges(d.doseRanges, doses), genotypes: d.genotypes, notReported: d.notReported };
    if (d.n !== undefined) r.n = d.n;
    if (d.description !== undefined) r.description = d.description;
    if (d.doses !== undefined) r.doses = d.doses;
    if (d.source !== undefined) r.source = d.source;
    return r;
  });
  if (!assessed) return { report: { domains: reported } };
  return { report: { domains: reported, outside: wilsonInterval(outside.reduce((a, b) => a + b, 0), nPatients) }, outside };
}
