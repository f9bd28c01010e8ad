/**
 * `population.subgroups` against the population: every axis names a covariate, genotype or
 * phenotype the population defines; bands (`cuts`) only on numeric values; a covariate drawn from a
 * continuous distribution needs cuts (its distinct values would be one group per patient).
 */
import { closest, InputError } from '../errors.js';
import type { PopulationSymbol } from './population-symbol.js';
import type { PopulationSpec } from './population-spec.js';

const CONTINUOUS = new Set(['normal', 'lognormal', 'uniform']);

export function checkSubgroups(spec: PopulationSpec, symbols: ReadonlyMap<string, PopulationSymbol>): void {
  for (const sg of spec.subgroups) {
    for (const axis of sg.axes) {
      const at = axis.pos;
      const s = symbols.get(axis.covariate);
      if (!s) {
        const near = closest(axis.covariate, symbols.keys());
        throw InputError.at(at.file, at.line, at.col, `subgroup: ${axis.covariate} is not a covariate, genotype or phenotype of the population`, near ? `did you mean '${near}'?` : `known: ${[...symbols.keys()].join(', ')}`);
      }
      if (axis.cuts && s.levels) throw InputError.at(at.file, at.line, at.col, `subgroup: ${axis.covariate} is categorical; its levels are the groups`, `write ${axis.covariate} without cuts`);
      const drawn = spec.covariates.find((c) => c.name === axis.covariate)?.dist.kind;
      const formula = spec.derived.find((d) => d.name === axis.covariate)?.formula;
      const continuous = drawn && CONTINUOUS.has(drawn) ? drawn : formula;
      if (!axis.cuts && continuous) {
        throw InputError.at(at.file, at.line, at.col, `subgroup: ${axis.covariate} is continuous (${continuous}); give the band limits`, `e.g. { covariate: ${axis.covariate}, cuts: [65] } (in ${s.unit})`);
      }
    }
  }
}
