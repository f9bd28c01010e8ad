/**
 * `oncotwin twin` end to end on the real engine (CPU backend): the demo patient with a built-in
 * scenario writes twin.json and its CSVs; bad input is exit 2 with file:line:col.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../engine/cli/cli.js';
import { realEngine } from '../../engine/cli/engine-wiring.js';
import { captureIo } from '../cli/fake-engine.js';
import { here } from './helpers.js';

const never = new AbortController().signal;
async function cli(args: string[]) {
  const io = captureIo();
  const code = await runCli(args, { engine: realEngine(), io, signal: never });
  return { code, out: io.out(), err: io.err(), cwd: io.cwd };
}

describe('oncotwin twin', () => {
  it('calibrates the demo patient, forecasts the scenario regimens and finds the dose', async () => {
    const r = await cli(['twin', here('fixtures/docetaxel-patient.yaml'), '--scenario', 'docetaxel-neutropenia-kloft2006', '--backend', 'cpu', '--threads', '1',
      '--candidates', '2000', '--draws', '200', '--target', 'grade4<=0.2', '--out', 'twin-out']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Patient DEMO-001 — 7 measurements, 1 doses');
    expect(r.out).toMatch(/75 mg\/m² q3w \(starting dose 132 mg\)/);
    const json = JSON.parse(readFileSync(join(r.cwd, 'twin-out', 'twin.json'), 'utf8'));
    expect(json.patient).toMatchObject({ id: 'DEMO-001', measurements: 7, doses: 1 });
    expect(json.posterior.parameters).toHaveLength(10);
    expect(json.forecast.regimens.map((x: { name: string }) => x.name)).toEqual(['100 mg/m² q3w', '75 mg/m² q3w', '35 mg/m² weekly d1,8,15 q4w']);
    expect(json.forecast.regimens[0].cycles[0].grade4.n).toBe(200);
    expect(json.dose.target).toEqual({ kind: 'toxicity', grade: 4, maxProbability: 0.2, cycle: 1 });
    expect(json.dose.achieved.probability.p).toBeLessThanOrEqual(0.2);
    expect(json.provenance.record.sha256).toMatch(/^[0-9a-f]{64}$/);
    for (const f of ['parameters.csv', 'observations.csv', 'posterior.csv', 'forecast.csv', 'cycles.csv', 'dose-curve.csv']) {
      expect(readFileSync(join(r.cwd, 'twin-out', f), 'utf8').split('\n').length).toBeGreaterThan(2);
    }
  }, 300_000);

  it('a bad patient file is exit 2 with file:line:col and a hint', async () => {
    const io = captureIo();
    const bad = join(io.cwd, 'bad.yaml');
    writeFileSync(bad, 'patient: x\ncovariates: { SEX: F }\ndoses:\n  - { time: 0 h, amount: 100 mg, duration: 1 h }\nobservations:\n  - { time: 7 d, output: ANK, value: 1, unit: 1e9/L }\n');
    const code = await runCli(['twin', bad, '--scenario', 'docetaxel-neutropenia-kloft2006', '--backend', 'cpu'], { engine: realEngine(), io, signal: never });
    expect(code).toBe(2);
    expect(io.err()).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:6:5: model docetaxel-kloft2006 has no output 'ANK'`, 'm'));
    expect(io.err()).toMatch(/hint: did you mean 'ANC'\?/);
  });

  it('needs a scenario or a model, and a dose target it understands', async () => {
    expect((await cli(['twin', here('fixtures/docetaxel-patient.yaml')])).code).toBe(2);
    const r = await cli(['twin', here('fixtures/docetaxel-patient.yaml'), '--model', 'docetaxel-kloft2006', '--target', 'grade5<=0.1', '--candidates', '100', '--backend', 'cpu']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("dose target 'grade5<=0.1': not a target this tool knows");
  }, 120_000);
});
