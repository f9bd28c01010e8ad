/**
 * Confidence interval for the difference of two proportions measured on the SAME subjects
 * (paired binary data), e.g. grade 4 neutropenia under regimen B vs regimen A in the same virtual
 * patients.
 *
 * Method: Newcombe's hybrid score ("square-and-add") interval, method 10 of Newcombe RG. Improved
 * confidence intervals for the difference between binomial proportions based on paired data. Stat Med
 * 1998;17:2635-2650. It combines the Wilson intervals of the two marginal proportions with the
 * estimated correlation φ between them, where φ's numerator ad − bc is shrunk by N/2 when positive
 * (and set to 0 when 0 ≤ ad − bc ≤ N/2), as in the paper and in Fagerland, Lydersen & Laake,
 * Statistical Analysis of Contingency Tables (2017), §8. Chosen over Tango's score interval because it
 * is closed-form (no root finding), performs well in Newcombe's evaluation, and is what reference
 * implementations (R contingencytables, biostatUZH) provide for cross-checking.
 */
import { wilsonInterval } from './wilson.js';

/** Paired 2×2 counts: `both` = event under A and B, `aOnly`, `bOnly`, `neither`. */
export interface PairedCounts {
  both: number;
  aOnly: number;
  bOnly: number;
  neither: number;
}

/** Difference p_B − p_A with its Newcombe (method 10) interval; n = number of pairs. */
export function pairedProportionDifference(c: PairedCounts, conf = 0.95): { diff: number; lo: number; hi: number; n: number } {
  const n = c.both + c.aOnly + c.bOnly + c.neither;
  if (n === 0) return { diff: NaN, lo: NaN, hi: NaN, n };
  const xA = c.both + c.aOnly;
  const xB = c.both + c.bOnly;
  const pA = xA / n;
  const pB = xB / n;
  const wA = wilsonInterval(xA, n, conf);
  const wB = wilsonInterval(xB, n, conf);
  // Correlation between the two marginal proportions (Newcombe's φ with the N/2 shrinkage).
  const marginProduct = xA * (n - xA) * xB * (n - xB);
  let phi = 0;
  if (marginProduct > 0) {
    const cross = c.both * c.neither - c.aOnly * c.bOnly;
    const adj = cross > n / 2 ? cross - n / 2 : cross < 0 ? cross : 0;
    phi = adj / Math.sqrt(marginProduct);
  }
  const diff = pB - pA;
  const dl = pB - wB.lo;
  const du = wA.hi - pA;
  const el = wB.hi - pB;
  const eu = pA - wA.lo;
  const lo = diff - Math.sqrt(Math.max(0, dl * dl - 2 * phi * dl * du + du * du));
  const hi = diff + Math.sqrt(Math.max(0, el * el - 2 * phi * el * eu + eu * eu));
  return { diff, lo: Math.max(-1, lo), hi: Math.min(1, hi), n };
}
