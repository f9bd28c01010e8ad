/**
 * Right-hand sides of published models written in plain JavaScript from research/models.md, for the
 * tests that integrate them independently of the engine (ode-rk4 at a fine fixed step).
 */

/** Friberg 2002 structure (research/models.md §1) on y[i..i+4] = Prol, T1, T2, T3, Circ. */
export function friberg(d: number[], y: number[], i: number, p: { circ0: number; mtt: number; gamma: number }, e: number): void {
  const k = 4 / p.mtt;
  d[i] = k * y[i] * (1 - e) * (p.circ0 / y[i + 4]) ** p.gamma - k * y[i];
  for (let j = 1; j <= 4; j++) d[i + j] = k * (y[i + j - 1] - y[i + j]);
}

/** Nab-paclitaxel baseline ANC (Chen 2014 Table 2) at albumin 3.5 g/dL, ×10⁹/L. */
export const NAB_CIRC0 = 4.28 * (3.5 / 4.0) ** -0.998;

/**
 * Nab-paclitaxel, Chen 2014 Table 2 at age 70 and albumin 3.5 g/dL: saturable distribution and
 * elimination on y[0..2] (mg; µg and µg/L inside, as the table), Friberg ANC on y[3..7].
 */
export function nabPaclitaxelChen2014(d: number[], y: number[], rate: number): void {
  const c1 = y[0] * 1000 / 15.8, c2 = y[1] * 1000 / 1650, c3 = y[2] * 1000 / 75.4;
  const vmel = 8070 * (3.5 / 3.9) ** 0.554;
  const out = 325000 * c1 / (4260 + c1), back = 325000 * c2 / (4260 + c2), elim = vmel * c1 / (40.2 + c1);
  d[0] = rate + (-elim - out + back - 41.6 * c1 + 41.6 * c3) / 1000;
  d[1] = (out - back) / 1000;
  d[2] = (41.6 * c1 - 41.6 * c3) / 1000;
  friberg(d, y, 3, { circ0: NAB_CIRC0, mtt: 117, gamma: 0.187 }, 0.00253 * 1.501 * c1);
}
