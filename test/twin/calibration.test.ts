/**
 * Calibration of the twin's uncertainty: synthetic patients simulated from the prior of the
 * docetaxel Kloft model (truth η ~ N(0, Ω), ANC measured on days 0, 7, 10, 14 of cycle 1 with the
 * model's log-additive residual error), each fitted (MAP, SIR); the 90% credible intervals of the
 * random effects and of the next cycle's ANC nadir must cover the truth about 90% of the time.
 * Coverage is reported with its 95% Wilson interval (docs/VALIDATION.md "Twin"); the test fails
 * when 90% lies outside the 99% interval.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../engine/backends/cpu/cpu-backend.js';
import { qnorm } from '../../engine/common/rng/normal.js';
import { patientUniforms, splitSeed } from '../../engine/common/rng/uniform.js';
import { wilsonInterval } from '../../engine/common/stats/wilson.js';
import { fitTwin } from '../../engine/twin/fit-twin.js';
import { forecast, type CandidateRegimen } from '../../engine/twin/forecast.js';
import { forecastSettings } from '../../engine/twin/forecast-settings.js';
import { defaultSolver, twinProblem } from '../../engine/twin/problem.js';
import { simulateMeasurement } from '../../engine/twin/residual.js';
import { twinSimulator } from '../../engine/twin/simulator.js';
import { priorCholesky } from '../../engine/twin/objective.js';
import { ir } from '../../engine/common/ir.js';
import { at, builtinModel, record } from './helpers.js';

const PATIENTS = Number(process.env.TWIN_CALIBRATION_PATIENTS ?? 200);
const DAYS = [0, 7, 10, 14];
const DOSE = 130;

describe('calibration on synthetic patients', () => {
  it(`90% credible intervals cover the truth about 90% of the time (${PATIENTS} patients)`, async () => {
    const model = await builtinModel('docetaxel-kloft2006');
    const backend = createCpuBackend();
    const seed = splitSeed(20261206);
    const names = model.variability.etas;
    const hits = new Array<number>(names.length + 1).fill(0);
    const base = (obs: [number, string, number, string][]) => record({
      covariates: [{ name: 'SEX', value: 'F', pos: at }],
      doses: [{ time: 0, amount: DOSE, unit: 'mg', duration: 1, pos: at }],
      obs,
    });
    const skeleton = twinProblem(model, base(DAYS.map((d) => [d * 24, 'ANC', 1, '1e9/L'])), { solver: { ...defaultSolver(model), rtol: 1e-6, atol: model.states.map(() => 1e-8) } });
    const solver = skeleton.solver;
    const l = priorCholesky(skeleton);
    const p = names.length;
    const next: CandidateRegimen = { name: 'cycle 2', plan: { name: 'cycle 2', levels: [ir.num(DOSE)], doses: [{ time: 0, target: 0, level: 0, duration: ir.num(1), cycle: 1 }] } };
    for (let i = 0; i < PATIENTS; i++) {
      const u = patientUniforms(seed, i, p + DAYS.length);
      const z = Array.from(u.subarray(0, p), qnorm);
      const truth = Float64Array.from({ length: p }, (_, r) => z.reduce((s, zk, k) => s + (k <= r ? l[r * p + k] * zk : 0), 0));
      const sim = twinSimulator(backend, skeleton);
      const f = await sim.predict(truth, 1);
      const y = DAYS.map((_, j) => simulateMeasurement(skeleton.observations[j].model, f[j], qnorm(u[p + j])));
      const problem = twinProblem(model, base(DAYS.map((d, j) => [d * 24, 'ANC', y[j], '1e9/L'])), { solver });
      const fit = await fitTwin(problem, backend, { candidates: 600, draws: 200, seed: i + 1, minEss: 0 });
      fit.parameters.slice(0, p).forEach((q, k) => { if (q.lo <= truth[k] && truth[k] <= q.hi) hits[k]++; });
      // The next cycle: the same dose on day 21; its ANC nadir from the posterior draws and from the truth.
      const settings = forecastSettings(problem, [next], { cycles: 1, startDay: 21 });
      const post = await forecast(problem, fit.simulator, fit.posterior.draws, fit.posterior.nDraws, [next], settings);
      const real = await forecast(problem, fit.simulator, truth, 1, [next], settings);
      const band = post.regimens[0].cycles[0].nadir;
      const trueNadir = real.regimens[0].cycles[0].nadir.median;
      if (band.lo <= trueNadir && trueNadir <= band.hi) hits[p]++;
    }
    const report = [...names, 'ANC nadir of the next cycle'].map((n, k) => ({ name: n, ...wilsonInterval(hits[k], PATIENTS) }));
    console.log(JSON.stringify(report));
    for (const r of report) {
      const w99 = wilsonInterval(Math.round(r.p * PATIENTS), PATIENTS, 0.99);
      expect(w99.lo, r.name).toBeLessThanOrEqual(0.9);
      expect(w99.hi, r.name).toBeGreaterThanOrEqual(0.9);
    }
  }, 900_000);
});
