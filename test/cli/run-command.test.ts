import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../engine/cli/cli.js';
import { captureIo, fakeEngine, writeScenario } from './fake-engine.js';

const never = new AbortController().signal;
const ESC = '\u001b';

describe('oncotwin run (fake engine)', () => {
  it('writes summary.json, patients.csv and timecourse.csv and prints a table', async () => {
    const io = captureIo();
    const engine = fakeEngine();
    const path = writeScenario(io.cwd, 's1');
    const code = await runCli(['run', path, '--out', 'o', '--patients', '4', '--seed', '7', '--threads', '2'], { engine, io, signal: never });
    expect(code).toBe(0);
    expect(engine.calls[0].opts).toMatchObject({ nPatients: 4, seed: 7, threads: 2, backend: 'auto' });
    const dir = join(io.cwd, 'o');
    expect(readdirSync(dir).sort()).toEqual(['patients.csv', 'summary.json', 'timecourse.csv']);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.format).toBe('oncotwin-summary/1');
    expect(summary.regimens.map((r: { name: string }) => r.name)).toEqual(['A, "q3w"', 'B weekly']);
    // Regimen A cmax 1,2,3 (patient 4 failed): mean 2.
    expect(summary.regimens[0].summaries.cmax.mean).toBe(2);
    expect(summary.regimens[0].events.toxic.p).toBeCloseTo(1 / 3, 12);
    expect(summary.comparisons[0].summaries.cmax.meanDiff).toBe(2);
    expect(summary.provenance).toMatchObject({ seed: 7, nPatients: 4, backend: 'cpu', precision: 64, gitCommit: 'deadbeef' });
    expect(summary.provenance.solver.rtol).toBe(1e-6);

    const patients = readFileSync(join(dir, 'patients.csv'), 'utf8').split('\r\n');
    expect(patients[0]).toBe('patient,regimen,WT,SEX,cmax,steps,failed,failure');
    // The regimen name holds a comma and quotes: RFC 4180 quoting.
    expect(patients[1]).toBe('0,"A, ""q3w""",60,0,1,100,0,');
    expect(patients[4]).toBe('3,"A, ""q3w""",63,1,4,100,1,stepUnderflow');
    expect(patients.length).toBe(2 * 4 + 2); // header, 8 rows, trailing empty string

    const tc = readFileSync(join(dir, 'timecourse.csv'), 'utf8').split('\r\n');
    expect(tc[0]).toBe('regimen,output,unit,time_h,q0.05,q0.5,q0.95');
    expect(tc[2]).toBe('"A, ""q3w""",Cp,mg/L,12,3,4,5');

    const table = io.out();
    expect(table).toContain('Fake s1');
    expect(table).toContain('B weekly');
    expect(table).toContain('P(toxic)');
    expect(table).toContain('33.3% (6.0%–79.0%)'); // a 95% CI: parentheses (population spread uses brackets)
    expect(table).toContain('Paired, same patients: B weekly − A, "q3w"');
    expect(table).toContain('Patients whose simulation failed');
    expect(io.err()).toContain('wrote 3 files');
  });

  it('writes trajectories.csv and report.html when asked, and "all" means every patient', async () => {
    const io = captureIo();
    const engine = fakeEngine();
    const path = writeScenario(io.cwd, 's1');
    expect(await runCli(['run', path, '--out', 'o', '--patients', '3', '--trajectories', 'all', '--report', '--quiet'], { engine, io, signal: never })).toBe(0);
    expect(engine.calls[0].opts.trajectories).toBe(3);
    const tr = readFileSync(join(io.cwd, 'o', 'trajectories.csv'), 'utf8').split('\r\n');
    expect(tr[0]).toBe('regimen,patient,time_h,Cp');
    expect(tr.length).toBe(2 * 3 * 3 + 2);
    const html = readFileSync(join(io.cwd, 'o', 'report.html'), 'utf8');
    expect(html).toContain('&quot;q3w&quot;');
    expect(html).not.toContain('<script');
    expect(io.out()).toBe('');
  });

  it('--json prints summary.json to stdout, parseable, and no table', async () => {
    const io = captureIo();
    const path = writeScenario(io.cwd, 's1');
    expect(await runCli(['run', path, '--out', 'o', '--json'], { engine: fakeEngine(), io, signal: never })).toBe(0);
    const doc = JSON.parse(io.out());
    expect(doc.scenario.id).toBe('s1');
    expect(doc).toEqual(JSON.parse(readFileSync(join(io.cwd, 'o', 'summary.json'), 'utf8')));
  });

  it('several scenarios go to subdirectories named by scenario id; --json prints an array', async () => {
    const io = captureIo();
    const a = writeScenario(io.cwd, 'alpha');
    const b = writeScenario(io.cwd, 'beta');
    expect(await runCli(['run', a, b, '--out', 'o', '--json'], { engine: fakeEngine(), io, signal: never })).toBe(0);
    expect(existsSync(join(io.cwd, 'o', 'alpha', 'summary.json'))).toBe(true);
    expect(existsSync(join(io.cwd, 'o', 'beta', 'patients.csv'))).toBe(true);
    expect(JSON.parse(io.out()).map((d: { scenario: { id: string } }) => d.scenario.id)).toEqual(['alpha', 'beta']);
  });

  it('a built-in id resolves to its file; an unknown one suggests the closest id (exit 2)', async () => {
    const io = captureIo();
    const path = writeScenario(io.cwd, 'docetaxel-schedules');
    const engine = fakeEngine({ scenarios: [{ id: 'docetaxel-schedules', title: 't', path }] });
    expect(await runCli(['run', 'docetaxel-schedules', '--out', 'o', '--quiet'], { engine, io, signal: never })).toBe(0);
    expect(engine.calls[0].path).toBe(path);
    expect(await runCli(['run', 'docetaxel-schedule', '--quiet'], { engine, io, signal: never })).toBe(2);
    expect(io.err()).toContain('did you mean "docetaxel-schedules"?');
  });

  it('plain output off a terminal, with NO_COLOR and with CI; colour and a progress bar on a terminal', async () => {
    const variants: { tty: boolean; env?: Record<string, string> }[] = [{ tty: false }, { tty: true, env: { NO_COLOR: '1' } }, { tty: true, env: { CI: 'true' } }];
    for (const opts of variants) {
      const io = captureIo(opts);
      const path = writeScenario(io.cwd, 's1');
      expect(await runCli(['run', path, '--out', 'o'], { engine: fakeEngine(), io, signal: never })).toBe(0);
      expect(io.out()).not.toContain(ESC);
      expect(io.err()).not.toContain(ESC);
      expect(io.err()).not.toContain('\r');
    }
    const io = captureIo({ tty: true });
    const path = writeScenario(io.cwd, 's1');
    expect(await runCli(['run', path, '--out', 'o'], { engine: fakeEngine(), io, signal: never })).toBe(0);
    expect(io.out()).toContain(`${ESC}[1m`);
    expect(io.err()).toContain('100%');
    // NO_COLOR set to the empty string still counts as set (no-color.org).
    const nc = captureIo({ tty: true, env: { NO_COLOR: '' } });
    expect(await runCli(['run', writeScenario(nc.cwd, 's1'), '--out', 'o'], { engine: fakeEngine(), io: nc, signal: never })).toBe(0);
    expect(nc.out()).not.toContain(ESC);
  });

  it('an unwritable output directory fails before the run with exit 4, naming the path and what to do', async () => {
    const io = captureIo();
    const engine = fakeEngine();
    const path = writeScenario(io.cwd, 's1');
    writeFileSync(join(io.cwd, 'afile'), 'x');
    expect(await runCli(['run', path, '--out', 'afile/sub'], { engine, io, signal: never })).toBe(4);
    expect(io.err()).toMatch(/^error: cannot use .*afile\/sub: a component of the path is a file, not a directory \(ENOTDIR\)\n  hint: check the path/);
    expect(engine.calls).toHaveLength(0);
  });

  it('bad numeric options are exit 2 with a hint, before any run', async () => {
    const cases: [string[], RegExp][] = [
      [['--patients', '0'], /--patients must be at least 1, got 0/],
      [['--patients', 'many'], /--patients expects a whole number, got "many"/],
      [['--patients', '1e15'], /--patients 1000000000000000 is too large: .* would need about .*iB of memory/],
      [['--threads', '-1'], /--threads must be at least 1/],
      [['--seed', '-3'], /--seed expects a non-negative whole number/],
      [['--backend', 'gpu'], /--backend must be one of auto, cpu, webgpu, got "gpu"/],
      [['--trajectories', 'some'], /--trajectories expects a whole number or "all"/],
    ];
    for (const [flags, message] of cases) {
      const io = captureIo();
      const engine = fakeEngine();
      const path = writeScenario(io.cwd, 's1');
      expect(await runCli(['run', path, ...flags], { engine, io, signal: never }), flags.join(' ')).toBe(2);
      expect(io.err()).toMatch(message);
      expect(io.err()).toContain('hint:');
      expect(engine.calls).toHaveLength(0);
    }
  });

  it('an absurd population.size in the file is reported at its file:line:col with the memory it would need', async () => {
    const io = captureIo();
    const path = writeScenario(io.cwd, 's1', 'population:\n  size: 1e13\n');
    const engine = fakeEngine();
    expect(await runCli(['run', path], { engine, io, signal: never })).toBe(2);
    expect(io.err()).toMatch(new RegExp(`^${path}:9:9: population.size is too large: 10000000000000 patients would need about`, 'm'));
    expect(engine.calls).toHaveLength(0);
  });
});
