/**
 * An independent implementation of the docetaxel Kloft twin's predictions for tests: Koolen 2010 PK
 * (well-stirred CL from CLI, V1 … as published) and the Kloft 2006 Friberg parameters, written from
 * research/clinical-models.md §2a–2b, integrated with the npm package ode-rk4 at a fixed step —
 * nothing shared with the engine's model loader or kernels.
 */
import { createRequire } from 'node:module';

type Rk4 = { steps(n: number): Rk4; y: number[]; t: number };
const rk4 = createRequire(import.meta.url)('ode-rk4') as (y0: number[], f: (d: number[], y: number[], t: number) => void, t0: number, dt: number) => Rk4;

/** Prior covariance of (η_CLI, η_V1, η_CIRC0, η_MTT, η_SLOPE): CV 60% and 45% (r 0.446), ω² 0.0640, 0.0192, 0.128. */
export function kloftOmega(): number[] {
  const w1 = Math.log(1 + 0.6 ** 2), w2 = Math.log(1 + 0.45 ** 2), c = 0.446 * Math.sqrt(w1 * w2);
  return [
    w1, c, 0, 0, 0,
    c, w2, 0, 0, 0,
    0, 0, 0.0639703, 0, 0,
    0, 0, 0, 0.0191785, 0,
    0, 0, 0, 0, 0.128412,
  ];
}

/** ANC (10⁹/L) at `times` (h) after one 1-h infusion of `doseMg` at t = 0, for random effects `eta`. */
export function kloftAnc(eta: number[], doseMg: number, female: boolean, times: number[], dt = 0.02): number[] {
  const cli = 113 * Math.exp(eta[0]), v1 = 9.8 * Math.exp(eta[1]);
  const cl = (80 * cli) / (80 + cli);
  const circ0 = 5.21965 * (female ? 0.878549 : 1) * Math.exp(eta[2]);
  const k = 4 / (84.1791 * Math.exp(eta[3]));
  const slope = 15.5711 * Math.exp(eta[4]); // L/µmol
  const gamma = 0.144543;
  let rate = doseMg; // mg/h during the 1-h infusion
  const rhs = (d: number[], y: number[]): void => {
    const c = y[0] / v1; // mg/L
    d[0] = rate - cl * c - 6.9 * c + (6.9 * y[1]) / 7.5 - 15.7 * c + (15.7 * y[2]) / 376;
    d[1] = 6.9 * c - (6.9 * y[1]) / 7.5;
    d[2] = 15.7 * c - (15.7 * y[2]) / 376;
    const e = slope * (c / 807.88) * 1000; // µmol/L
    d[3] = k * y[3] * (1 - e) * (circ0 / y[7]) ** gamma - k * y[3];
    for (let j = 4; j <= 7; j++) d[j] = k * (y[j - 1] - y[j]);
  };
  const s = rk4([0, 0, 0, circ0, circ0, circ0, circ0, circ0], rhs, 0, dt);
  // The infusion ends at t = 1 h: integrate the first hour on its own so no step straddles the switch
  // (a rate switched inside a step would cost RK4 its order). Measurement times are multiples of dt after it.
  const out: number[] = [];
  const pre = times.filter((t) => t < 1);
  for (const _ of pre) out.push(s.y[7]);
  s.steps(Math.round(1 / dt));
  rate = 0;
  for (const t of times.slice(pre.length)) {
    const steps = Math.round((t - s.t) / dt);
    if (steps > 0) s.steps(steps);
    out.push(s.y[7]);
  }
  return out;
}
