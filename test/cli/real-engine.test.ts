/**
 * The CLI on the real engine (loaders, CPU backend) with the fixture files in test/fixtures/cli/:
 * every bad input gets file:line:col, a hint and exit 2 — never a stack trace — and a small run
 * writes complete, consistent files.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../engine/cli/cli.js';
import { realEngine } from '../../engine/cli/engine-wiring.js';
import { captureIo } from './fake-engine.js';

const fixtures = fileURLToPath(new URL('../fixtures/cli/', import.meta.url));
const fx = (name: string) => join(fixtures, name);
const never = new AbortController().signal;

async function cli(args: string[], signal = never) {
  const io = captureIo();
  const code = await runCli(args, { engine: realEngine(), io, signal });
  return { code, out: io.out(), err: io.err(), cwd: io.cwd };
}

/** The first diagnostic line for `file`, asserting the file:line:col form, a hint and no stack. */
function expectDiagnostic(text: string, file: string, message: RegExp): void {
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  expect(text).toMatch(new RegExp(`^${escaped}:\\d+:\\d+: .*${message.source}`, 'm'));
  expect(text).toMatch(/^ {2}hint: \S/m);
  expect(text).not.toMatch(/\n\s+at .*\(/);
}

const badScenarios: [string, RegExp, string][] = [
  ['bad-yaml.yaml', /./, 'bad-yaml.yaml'],
  ['wrong-type.yaml', /./, 'wrong-type.yaml'],
  ['unknown-key.yaml', /amout/, 'unknown-key.yaml'],
  ['negative-dose.yaml', /./, 'negative-dose.yaml'],
  ['zero-dose.yaml', /./, 'zero-dose.yaml'],
  ['zero-horizon.yaml', /horizon/, 'zero-horizon.yaml'],
  ['zero-patients.yaml', /size|patients|N/, 'zero-patients.yaml'],
  ['missing-model.yaml', /no-such-model\.yaml: file not found/, 'missing-model.yaml'],
  ['unknown-symbol.yaml', /unknown symbol 'Cl'/, 'pk-unknown-symbol.yaml'],
  ['unit-mismatch.yaml', /unit/, 'pk-unit-mismatch.yaml'],
  ['csv-missing-column.yaml', /WT/, 'patients-no-wt.csv'],
];

describe('real engine: bad input → file:line:col, hint, exit 2', () => {
  for (const [file, message, reportedIn] of badScenarios) {
    it(`run ${file}`, async () => {
      const r = await cli(['run', fx(file), '--out', 'o', '--backend', 'cpu', '--quiet']);
      expect(r.code, r.err).toBe(2);
      expectDiagnostic(r.err, fx(reportedIn), message);
      expect(existsSync(join(r.cwd, 'o', 'summary.json'))).toBe(false);
    });
    it(`validate ${file}`, async () => {
      const r = await cli(['validate', fx(file)]);
      expect(r.code, r.out + r.err).toBe(2);
      expectDiagnostic(r.out, fx(reportedIn), message);
    });
  }

  it('a missing model file is reported at the scenario line that names it', async () => {
    const r = await cli(['validate', fx('missing-model.yaml')]);
    expect(r.out).toMatch(new RegExp(`^${fx('missing-model.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:8: .*no-such-model\\.yaml: file not found`, 'm'));
  });

  it('the unknown key gets the closest valid key as its hint', async () => {
    const r = await cli(['validate', fx('unknown-key.yaml')]);
    expect(r.out).toMatch(/hint: .*amount/);
  });

  it('an absurd population size says how much memory it would need', async () => {
    const r = await cli(['run', fx('huge-patients.yaml'), '--out', 'o']);
    expect(r.code).toBe(2);
    expectDiagnostic(r.err, fx('huge-patients.yaml'), /population size 10,000,000,000,000 is too large: .* would need about/);
  });

  it('a file that is neither model nor scenario, and a missing file', async () => {
    const r = await cli(['validate', fx('neither.yaml'), fx('nope.yaml')]);
    expect(r.code).toBe(2);
    expectDiagnostic(r.out, fx('neither.yaml'), /no top-level `model:` or `scenario:`/);
    expectDiagnostic(r.out, fx('nope.yaml'), /not found/);
  });

  it('valid model and scenario files validate clean', async () => {
    const r = await cli(['validate', fx('ok.yaml'), fx('pk-1cmt.yaml')]);
    expect(r.code, r.out).toBe(0);
  });

  it('an unwritable --out is exit 4 before the run, naming the path', async () => {
    const io = captureIo();
    writeFileSync(join(io.cwd, 'file'), '');
    const code = await runCli(['run', fx('ok.yaml'), '--out', 'file/x'], { engine: realEngine(), io, signal: never });
    expect(code).toBe(4);
    expect(io.err()).toContain(`error: cannot use ${join(io.cwd, 'file/x')}: a component of the path is a file, not a directory (ENOTDIR)`);
  });
});

describe('real engine: a small CPU run', () => {
  it('writes summary.json, patients.csv, timecourse.csv and trajectories.csv consistent with each other', async () => {
    const r = await cli(['run', fx('ok.yaml'), '--out', 'o', '--backend', 'cpu', '--patients', '12', '--seed', '3', '--trajectories', '2', '--threads', '1']);
    expect(r.code, r.err).toBe(0);
    const dir = join(r.cwd, 'o');
    expect(readdirSync(dir).sort()).toEqual(['patients.csv', 'summary.json', 'timecourse.csv', 'trajectories.csv']);
    const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(s.provenance).toMatchObject({ nPatients: 12, seed: 3, precision: 64 });
    expect(s.provenance.scenarioSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(s.regimens.map((x: { name: string }) => x.name)).toEqual(['100 mg', '200 mg']);
    // Linear PK: doubling the dose doubles every patient's Cmax and AUC, so the mean doubles too.
    const [a, b] = s.regimens;
    expect(b.summaries.cmax.mean / a.summaries.cmax.mean).toBeCloseTo(2, 4);
    expect(b.summaries.auc.mean / a.summaries.auc.mean).toBeCloseTo(2, 4);
    const rows = readFileSync(join(dir, 'patients.csv'), 'utf8').trimEnd().split('\r\n');
    expect(rows).toHaveLength(1 + 2 * 12);
    const header = rows[0].split(',');
    expect(header.slice(0, 2)).toEqual(['patient', 'regimen']);
    expect(header).toContain('cmax');
    // The per-patient cmax column averages to the summary's mean.
    const c = header.indexOf('cmax');
    const cmaxA = rows.slice(1, 13).map((row) => Number(row.split(',')[c]));
    expect(cmaxA.reduce((x, y) => x + y, 0) / 12).toBeCloseTo(a.summaries.cmax.mean, 9);
    const tc = readFileSync(join(dir, 'timecourse.csv'), 'utf8').trimEnd().split('\r\n');
    expect(tc[0]).toBe('regimen,output,unit,time_h,q0.05,q0.5,q0.95');
    expect(tc).toHaveLength(1 + 2 * 13); // grid 0, 4, …, 48 h
    const tr = readFileSync(join(dir, 'trajectories.csv'), 'utf8').trimEnd().split('\r\n');
    expect(tr).toHaveLength(1 + 2 * 2 * 13);
    expect(r.out).toContain('P(high)');
  });

  it('Ctrl-C during the run: exit 130 and no output files', async () => {
    const ctl = new AbortController();
    const io = captureIo();
    const engine = realEngine();
    const code = await runCli(['run', fx('ok.yaml'), '--out', 'o', '--backend', 'cpu', '--patients', '200'], {
      engine: { ...engine, runScenario: (p, o) => engine.runScenario(p, { ...o, onProgress: () => ctl.abort() }) },
      io,
      signal: ctl.signal,
    });
    ctl.abort();
    expect(code).toBe(130);
    expect(existsSync(join(io.cwd, 'o')) ? readdirSync(join(io.cwd, 'o')) : []).toEqual([]);
  });

  it('--backend webgpu either runs on a GPU or fails with exit 3 saying why', async () => {
    const r = await cli(['run', fx('ok.yaml'), '--out', 'o', '--backend', 'webgpu', '--patients', '8', '--quiet']);
    if (r.code === 0) {
      expect(JSON.parse(readFileSync(join(r.cwd, 'o', 'summary.json'), 'utf8')).provenance.backend).toBe('webgpu');
    } else {
      expect(r.code).toBe(3);
      expect(r.err).toMatch(/^error: .*webgpu.*\S/im);
    }
  });

  it('regress: --update, a clean check, then a tampered golden → exit 1 with the field that moved', async () => {
    const io = captureIo();
    writeFileSync(join(io.cwd, 'package.json'), '{"name":"regress-fixture"}');
    mkdirSync(join(io.cwd, 'scenarios'));
    copyFileSync(fx('pk-1cmt.yaml'), join(io.cwd, 'scenarios', 'pk-1cmt.yaml'));
    writeFileSync(join(io.cwd, 'scenarios', 'ok.yaml'), readFileSync(fx('ok.yaml'), 'utf8') + 'golden: golden/cli-ok.json\n');
    const run = async (args: string[]) => {
      const c = captureIo();
      Object.assign(c, { cwd: io.cwd });
      return { code: await runCli(args, { engine: realEngine(), io: c, signal: never }), out: c.out(), err: c.err() };
    };
    const up = await run(['regress', '--update', '--backend', 'cpu', '--patients', '10']);
    expect(up.code, up.err).toBe(0);
    const file = join(io.cwd, 'golden', 'cli-ok.json');
    const check = await run(['regress', '--backend', 'cpu', '--junit', 'j.xml']);
    expect(check.code, check.out + check.err).toBe(0);
    expect(check.out).toContain('identical');
    const g = JSON.parse(readFileSync(file, 'utf8'));
    g.regimens['200 mg']['summaries.auc.mean'] *= 1.01;
    writeFileSync(file, JSON.stringify(g));
    const moved = await run(['regress', '--backend', 'cpu']);
    expect(moved.code).toBe(1);
    expect(moved.out).toMatch(/\[200 mg\] summaries\.auc\.mean: .* → .*\(-0\.990%\)/);
  });
});
