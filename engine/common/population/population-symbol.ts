import type { Dim } from '../units/dimension.js';

/** What the rest of the scenario may know about a population value. */
export interface PopulationSymbol {
  name: string;
  /** Unit the user wrote (reports convert back with 1/factor). */
  unit: string;
  /** Internal value of one `unit`. */
  factor: number;
  dims: Dim;
  /** Level names in code order, for categorical values. */
  levels?: string[];
  /** A genotype (number of variant alleles) of `population.genotypes`. */
  genotype?: { gene: string; variant?: string; function: number };
  /** An activity score of `population.phenotypes`: the true one, or as `panel` reports it. */
  phenotype?: { gene: string; panel?: string; tested?: string[] };
}
