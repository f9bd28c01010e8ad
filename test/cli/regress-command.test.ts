import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../engine/cli/cli.js';
import { compareGolden, defaultTolerances, makeGolden, toleranceFor } from '../../engine/cli/golden.js';
import { captureIo, fakeEngine, fakeResult, writeScenario } from './fake-engine.js';
import { assertWellFormedXml } from './xml-check.js';

const never = new AbortController().signal;

function project() {
  const io = captureIo();
  writeFileSync(join(io.cwd, 'package.json'), '{"name":"someproject"}');
  const dir = join(io.cwd, 'scenarios');
  mkdirSync(dir);
  const withGolden = writeScenario(dir, 'alpha', 'golden: golden/alpha.json\n');
  writeScenario(dir, 'nogolden');
  return { io, withGolden };
}

describe('golden comparison', () => {
  it('the longest matching pattern decides the tolerance', () => {
    const t = defaultTolerances().precision32;
    expect(toleranceFor('events.grade4.p', t)).toEqual({ abs: 0.01, rel: 0 });
    expect(toleranceFor('summaries.cmax.sd', t)).toEqual({ abs: 1e-6, rel: 1e-2 });
    expect(toleranceFor('summaries.cmax.mean', t)).toEqual(t.default);
    expect(toleranceFor('summaries.cmax.time.sd', { default: { abs: 0, rel: 0 }, fields: { 'summaries.*': { abs: 1, rel: 0 }, 'summaries.*.sd': { abs: 2, rel: 0 } } })).toEqual({ abs: 2, rel: 0 });
  });

  it('|actual − golden| ≤ abs + rel·|golden| passes; beyond it fails; 32-bit results get the looser set', () => {
    const golden = makeGolden(fakeResult('s.yaml', { nPatients: 4, seed: 1 }));
    // Regimen B cmax values scale with scaleB: mean 2·scale. 1e-7 relative passes the 64-bit rel 1e-6.
    const near = compareGolden(golden, fakeResult('s.yaml', { nPatients: 4, seed: 1 }, { scaleB: 2 * (1 + 1e-7) }));
    expect(near.every((d) => d.ok)).toBe(true);
    expect(near.length).toBeGreaterThan(0);
    const far = compareGolden(golden, fakeResult('s.yaml', { nPatients: 4, seed: 1 }, { scaleB: 2 * (1 + 1e-3) }));
    expect(far.filter((d) => !d.ok).map((d) => d.field)).toEqual(['summaries.cmax.mean', 'summaries.cmax.q5', 'summaries.cmax.q95']);
    // The same 1e-3 move is inside the 32-bit rel 2e-3.
    const gpu = compareGolden(golden, fakeResult('s.yaml', { nPatients: 4, seed: 1 }, { scaleB: 2 * (1 + 1e-3), precision: 32 }));
    expect(gpu.every((d) => d.ok)).toBe(true);
    const otherN = compareGolden(golden, fakeResult('s.yaml', { nPatients: 5, seed: 1 }));
    expect(otherN.some((d) => d.field === 'run.nPatients' && !d.ok)).toBe(true);
  });
});

describe('oncotwin regress', () => {
  it('--update writes goldens; a re-run passes; a moved result exits 1 with a readable diff and JUnit XML', async () => {
    const { io } = project();
    const engine = fakeEngine();
    expect(await runCli(['regress', '--update', '--patients', '4', '--seed', '9'], { engine, io, signal: never })).toBe(0);
    const goldenFile = join(io.cwd, 'golden', 'alpha.json');
    const golden = JSON.parse(readFileSync(goldenFile, 'utf8'));
    expect(golden).toMatchObject({ format: 'oncotwin-golden/1', scenario: 'alpha', run: { nPatients: 4, seed: 9 } });
    expect(golden.tolerances.precision64.default).toEqual({ abs: 1e-9, rel: 1e-6 });
    expect(golden.regimens['B weekly']['summaries.cmax.mean']).toBe(4);
    expect(golden.provenance.backend).toBe('cpu');
    // Only the scenario with `golden:` ran.
    expect(engine.calls.map((c) => c.path.replace(/^.*\//, ''))).toEqual(['alpha.yaml']);

    // Hand-tuned tolerances survive --update.
    golden.tolerances.precision64.fields['summaries.*.q95'] = { abs: 1, rel: 0 };
    writeFileSync(goldenFile, JSON.stringify(golden));

    const again = captureIo();
    Object.assign(again, { cwd: io.cwd });
    const e2 = fakeEngine();
    expect(await runCli(['regress', '--junit', 'reports/junit.xml'], { engine: e2, io: again, signal: never })).toBe(0);
    // The check re-runs with the golden's N and seed.
    expect(e2.calls[0].opts).toMatchObject({ nPatients: 4, seed: 9 });
    expect(again.out()).toContain('ok   alpha  64-bit cpu, identical');
    assertWellFormedXml(readFileSync(join(io.cwd, 'reports', 'junit.xml'), 'utf8'));

    const moved = captureIo();
    Object.assign(moved, { cwd: io.cwd });
    expect(await runCli(['regress', 'scenarios', '--junit', 'junit.xml'], { engine: fakeEngine({ scaleB: 2.2 }), io: moved, signal: never })).toBe(1);
    const out = moved.out();
    expect(out).toContain('FAIL alpha  (2 field(s) outside tolerance');
    expect(out).toContain('[B weekly] summaries.cmax.mean: 4 → 4.4  Δ +0.400 (+10.0%)  allowed ±(1e-9 + 0.000001·|golden|)');
    expect(out).not.toContain('summaries.cmax.q95'); // within its hand-tuned ±1
    expect(out).toContain('1 scenario(s): 0 passed, 1 failed, 0 errored');
    const xml = readFileSync(join(io.cwd, 'junit.xml'), 'utf8');
    assertWellFormedXml(xml);
    expect(xml).toContain('failures="1"');
    expect(xml).toContain('summaries.cmax.mean: 4 → 4.4');
  });

  it('a missing golden is an error (exit 2) with the command that creates it', async () => {
    const { io, withGolden } = project();
    expect(await runCli(['regress', withGolden], { engine: fakeEngine(), io, signal: never })).toBe(2);
    expect(io.err()).toContain('golden/alpha.json does not exist');
    expect(io.err()).toContain('oncotwin regress --update');
    expect(existsSync(join(io.cwd, 'golden'))).toBe(false);
  });

  it('a scenario failing at runtime is an error (exit 3) in the report; a named scenario without golden is exit 2', async () => {
    const { io } = project();
    expect(await runCli(['regress', '--update'], { engine: fakeEngine(), io, signal: never })).toBe(0);
    const e = captureIo();
    Object.assign(e, { cwd: io.cwd });
    const { RuntimeFailure } = await import('../../engine/common/errors.js');
    expect(await runCli(['regress', '--junit', 'j.xml'], { engine: fakeEngine({ throws: new RuntimeFailure('device lost') }), io: e, signal: never })).toBe(3);
    expect(readFileSync(join(io.cwd, 'j.xml'), 'utf8')).toContain('<error message="device lost">');
    const n = captureIo();
    Object.assign(n, { cwd: io.cwd });
    expect(await runCli(['regress', 'scenarios/nogolden.yaml'], { engine: fakeEngine(), io: n, signal: never })).toBe(2);
    expect(n.err()).toContain('declares no golden file');
  });

  it('a corrupt golden file is reported at its position (exit 2)', async () => {
    const { io } = project();
    mkdirSync(join(io.cwd, 'golden'));
    writeFileSync(join(io.cwd, 'golden', 'alpha.json'), '{\n  "format": "oncotwin-golden/1",\n  oops\n}');
    expect(await runCli(['regress'], { engine: fakeEngine(), io, signal: never })).toBe(2);
    expect(io.err()).toMatch(/golden\/alpha\.json:3:\d+: golden file is not valid JSON/);
  });
});

describe('oncotwin validate / models / scenarios (fake engine)', () => {
  it('validate prints file:line:col diagnostics with hints and exits 2; ok files exit 0', async () => {
    const io = captureIo();
    const d = [{ file: join(io.cwd, 'a.yaml'), line: 2, col: 3, message: 'unknown key "titel"', hint: 'did you mean "title"?' }];
    expect(await runCli(['validate', 'a.yaml', 'b.yaml'], { engine: fakeEngine({ diagnostics: { [d[0].file]: d } }), io, signal: never })).toBe(2);
    expect(io.out()).toContain(`${join(io.cwd, 'a.yaml')}:2:3: unknown key "titel"\n  hint: did you mean "title"?\n`);
    expect(io.out()).toContain(`ok ${join(io.cwd, 'b.yaml')}`);
    const ok = captureIo();
    expect(await runCli(['validate', 'b.yaml'], { engine: fakeEngine(), io: ok, signal: never })).toBe(0);
  });

  it('models and scenarios list id and title', async () => {
    const io = captureIo();
    expect(await runCli(['models'], { engine: fakeEngine(), io, signal: never })).toBe(0);
    expect(io.out()).toBe('fake-model  A fake model\n');
    const j = captureIo();
    expect(await runCli(['scenarios', '--json'], { engine: fakeEngine({ scenarios: [{ id: 's', title: 'S', path: '/p/s.yaml' }] }), io: j, signal: never })).toBe(0);
    expect(JSON.parse(j.out())).toEqual([{ id: 's', title: 'S', path: '/p/s.yaml' }]);
  });
});
