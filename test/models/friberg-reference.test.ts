/**
 * The Friberg-type myelosuppression modules of models/ against two analytic properties of the
 * Friberg 2002 structure (research/models.md §1: ktr = (n+1)/MTT, dProl/dt = ktr·Prol·(1−E)·(Circ0/Circ)^γ
 * − ktr·Prol, transit chain T1..T3 → Circ), evaluated with the published parameter values written
 * here from research/models.md (not read from the YAML):
 *
 * 1. Constant drug effect E < 1 moves the steady state to Circ = Circ0·(1 − E)^(1/γ) (set
 *    dProl/dt = 0 with Prol = Circ at steady state).
 * 2. Mean transit time: Prol → Circ passes through four linear first-order stages of rate ktr
 *    whatever drives Prol (the feedback acts on Prol only), so after a transient drug pulse the
 *    cell-deficit curves (Circ0 − Circ and Circ0 − Prol) have equal areas and their centroids
 *    differ by 4/ktr = MTT (the MTT the papers report).
 *
 * Each module is driven through a probe composite that binds its drug input to a constant or to
 * a decaying pulse.
 */
import { describe, expect, it } from 'vitest';
import { grid, probeModel, runTypical, trapz } from './reference-job.js';

interface Published {
  file: string; source: string; unit: string; circ0: number; mtt: number; gamma: number;
  /** Drug effect E(C) with the published parameters. */
  effect: (c: number) => number;
  covariates: Record<string, [number, string]>;
}

const MODULES: Published[] = [
  {
    file: 'friberg-docetaxel.yaml', source: 'Friberg 2002 Table 4 (Emax, docetaxel neutrophils) via DTAT, research/models.md §1',
    unit: 'umol/L', circ0: 5.05, mtt: 89.3, gamma: 0.163, effect: (c) => 83.9 * c / (7.17 + c), covariates: {},
  },
  {
    file: 'friberg-paclitaxel.yaml', source: 'DDMODEL00000186 (Friberg 2002 paclitaxel leukocytes), research/models.md §1',
    unit: 'umol/L', circ0: 7.21, mtt: 124, gamma: 0.239, effect: (c) => 28.9 * c, covariates: {},
  },
  {
    file: 'friberg-docetaxel-kloft2006.yaml', source: 'DDMODEL00000224 (Kloft 2006 values), female: BASEX −0.121451',
    unit: 'umol/L', circ0: 5.21965 * (1 - 0.121451), mtt: 84.1791, gamma: 0.144543, effect: (c) => 15.5711 * c,
    covariates: { SEX: [0, '1'] },
  },
  {
    file: 'friberg-nab-paclitaxel.yaml', source: 'Chen 2014 Table 2 (age ≥ 65: slope ×1.501; ALB power −0.998 around 4.0 g/dL)',
    unit: 'ng/mL', circ0: 4.28 * (3.5 / 4.0) ** -0.998, mtt: 117, gamma: 0.187, effect: (c) => 0.00253 * 1.501 * c,
    covariates: { AGE: [70, 'yr'], ALB: [3.5, 'g/dL'] },
  },
];

/** Concentration giving drug effect E (bisection on the published E(C), increasing in C). */
function concFor(p: Published, e: number): number {
  let lo = 0, hi = 1;
  while (p.effect(hi) < e) hi *= 2;
  for (let i = 0; i < 200; i++) { const mid = (lo + hi) / 2; if (p.effect(mid) < e) lo = mid; else hi = mid; }
  return (lo + hi) / 2;
}

const OUT = { CELLS: ['m.Circ', '1e9/L'], PROL: ['m.Prol', '1e9/L'] } as Record<string, [string, string]>;

describe.each(MODULES)('$file', (p) => {
  it(`constant drug effect E = 0.2 settles at Circ0·(1 − E)^(1/γ) (${p.source})`, async () => {
    const E = 0.2;
    const model = await probeModel(p.file, { CONC: [concFor(p, E), p.unit] }, { Conc: 'CONC' }, OUT);
    // The slowest mode decays at ≈ γ·ktr (≈ 1/150 h⁻¹ here): 4,000 h is > 25 time constants.
    const run = await runTypical(model, { covariates: p.covariates, grid: grid(4000, 100) });
    const cells = run.traj('CELLS');
    expect(cells[0] / p.circ0 - 1, 'baseline Circ0').toBeCloseTo(0, 9);
    const want = p.circ0 * (1 - E) ** (1 / p.gamma);
    expect(Math.abs(cells[cells.length - 1] / want - 1)).toBeLessThan(1e-5);
    expect(Math.abs(run.traj('PROL')[cells.length - 1] / want - 1), 'Prol = Circ at steady state').toBeLessThan(1e-5);
  });

  it(`mean transit time from Prol to Circ equals MTT = ${p.mtt} h (${p.source})`, async () => {
    // A pulse C(t) = C0·exp(−t/10 h) peaking at E = 0.5: a deficit that recovers within the horizon.
    const model = await probeModel(p.file, { CONC: [concFor(p, 0.5), p.unit], TAU: [10, 'h'] }, { Conc: 'CONC * exp(-t / TAU)' }, OUT);
    const t = grid(6000, 0.5);
    const run = await runTypical(model, { covariates: p.covariates, grid: t });
    const deficit = (y: number[]) => y.map((v) => p.circ0 - v);
    const dc = deficit(run.traj('CELLS')), dp = deficit(run.traj('PROL'));
    const area = (d: number[]) => trapz(t, d);
    const centroid = (d: number[]) => trapz(t, d.map((v, i) => v * t[i])) / area(d);
    expect(Math.abs(dc[dc.length - 1]) / p.circ0, 'recovered by the horizon').toBeLessThan(1e-6);
    expect(Math.abs(area(dc) / area(dp) - 1), 'the linear chain conserves the deficit').toBeLessThan(1e-4);
    expect(Math.abs((centroid(dc) - centroid(dp)) / p.mtt - 1)).toBeLessThan(1e-3);
  });
});
