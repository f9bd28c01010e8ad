/**
 * File arguments: one name resolution for every command, model files told apart from scenarios by
 * their top-level keys, a scenario valid only with its model, and paths from file contents (ids,
 * goldens) kept where they belong.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../engine/cli/cli.js';
import { realEngine } from '../../engine/cli/engine-wiring.js';
import { safeSegment } from '../../engine/cli/output/confine.js';
import { MODEL_ONLY_KEYS, SCENARIO_ONLY_KEYS } from '../../engine/cli/scenario-info.js';
import { modelFileSchema } from '../../engine/common/model/schema.js';
import { SCENARIO_KEYS } from '../../engine/common/scenario/index.js';
import { captureIo, fakeEngine, writeScenario } from './fake-engine.js';

const never = new AbortController().signal;
const root = fileURLToPath(new URL('../../', import.meta.url));
const fx = (name: string) => join(root, 'test/fixtures/cli', name);

async function cli(args: string[], engine = realEngine()) {
  const io = captureIo();
  const code = await runCli(args, { engine, io, signal: never });
  return { code, out: io.out(), err: io.err(), cwd: io.cwd };
}

describe('telling model files from scenario files', () => {
  it('the key lists match the loaders\' (shared keys belong to neither list)', () => {
    const modelKeys = Object.keys(modelFileSchema.shape);
    const shared = modelKeys.filter((k) => (SCENARIO_KEYS as readonly string[]).includes(k)).sort();
    expect(shared).toEqual(['description', 'model', 'population', 'title']);
    expect([...MODEL_ONLY_KEYS].sort()).toEqual(modelKeys.filter((k) => !shared.includes(k)).sort());
    expect([...SCENARIO_ONLY_KEYS].sort()).toEqual(SCENARIO_KEYS.filter((k) => !shared.includes(k)).sort());
  });

  it('run given a model file says so (exit 2), instead of "unknown key time_unit"', async () => {
    const r = await cli(['run', fx('pk-1cmt.yaml'), '--out', 'o'], fakeEngine());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^${fx('pk-1cmt.yaml')}:1:1: this is a model file \\(top-level .*\\), not a scenario\\n  hint: give a scenario that uses it`));
    expect(r.err).not.toContain('unknown key');
  });

  it('run given a built-in model id says it is a model, not a scenario', async () => {
    const engine = fakeEngine({ models: [{ id: 'pk-x', title: 'x', path: fx('pk-1cmt.yaml') }] });
    const r = await cli(['run', 'pk-x'], engine);
    expect(r.code).toBe(2);
    expect(r.err).toContain('error: "pk-x" is a built-in model, not a scenario');
    expect(engine.calls).toHaveLength(0);
  });

  it('a file mixing model and scenario keys is named as such by run and validate', async () => {
    const io = captureIo();
    const path = join(io.cwd, 'mixed.yaml');
    writeFileSync(path, 'scenario: s\nstates: { A: {} }\nodes: { A: 0 }\nregimens: []\n');
    for (const cmd of ['run', 'validate']) {
      const r = await cli([cmd, path], realEngine());
      expect(r.code).toBe(2);
      expect(r.out + r.err).toContain(`${path}:1:1: this file mixes model keys (states, odes) and scenario keys (scenario, regimens)`);
    }
  });
});

describe('input files that are not regular files or cannot be read', () => {
  it('a FIFO given to run or validate is refused at once (opening it would block for ever)', async () => {
    const io = captureIo();
    const fifo = join(io.cwd, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    for (const cmd of ['run', 'validate']) {
      const r = await cli([cmd, fifo], cmd === 'validate' ? realEngine() : fakeEngine());
      expect(r.code).toBe(2);
      expect(r.out + r.err).toContain(`${fifo}:1:1: not a regular file`);
    }
  });

  it('a golden path that is a directory is an input error naming it, not "check the installation"', async () => {
    const io = captureIo();
    writeFileSync(join(io.cwd, 'package.json'), '{"name":"p"}');
    mkdirSync(join(io.cwd, 'golden', 's.json'), { recursive: true });
    const path = writeScenario(io.cwd, 's', 'golden: golden/s.json\n');
    const code = await runCli(['regress', path], { engine: fakeEngine(), io, signal: never });
    expect(code).toBe(2);
    expect(io.err()).toContain(`${join(io.cwd, 'golden', 's.json')}:1:1: cannot read the golden file: is a directory (EISDIR)`);
  });
});

describe('validate', () => {
  it('resolves built-in ids as run does: `validate default` checks scenarios/default.yaml', async () => {
    const engine = fakeEngine({ scenarios: [{ id: 'default', title: 'd', path: join(root, 'scenarios/default.yaml') }] });
    const r = await cli(['validate', 'default'], engine);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toBe(`ok ${join(root, 'scenarios/default.yaml')}\n`);
  });

  it('a scenario whose model has problems is not ok (exit 2); the shared model\'s problems print once', async () => {
    const io = captureIo();
    const a = writeScenario(io.cwd, 'a');
    const b = writeScenario(io.cwd, 'b');
    const model = join(io.cwd, 'm.yaml');
    const d = { file: model, line: 3, col: 5, message: 'unit mismatch', hint: 'fix it' };
    const engine = fakeEngine({ diagnostics: { [a]: [d], [b]: [d] } });
    const code = await runCli(['validate', a, b], { engine, io, signal: never });
    expect(code).toBe(2);
    expect(io.out().split(`${model}:3:5: unit mismatch`)).toHaveLength(2);
    expect(io.out()).toContain(`not ok ${a}: the files it uses have the problems above`);
    expect(io.out()).toContain(`not ok ${b}`);
    expect(io.out()).not.toMatch(/^ok /m);
    expect(io.err()).toBe('1 problem(s); 2 of 2 file(s) not valid\n');
  });

  it('real engine: a broken model under a scenario fails the scenario', async () => {
    const r = await cli(['validate', fx('unit-mismatch.yaml')]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(new RegExp(`^${fx('pk-unit-mismatch.yaml')}:\\d+:\\d+: `, 'm'));
    expect(r.out).toContain(`not ok ${fx('unit-mismatch.yaml')}`);
    expect(r.out).not.toMatch(/^ok /m);
  });
});

describe('paths from file contents stay where they belong', () => {
  it('ids become single safe path segments', () => {
    expect(safeSegment('../../../x/y')).toBe('_.._.._x_y');
    expect(safeSegment('..')).toBe('scenario');
    expect(safeSegment('a\\b:c d')).toBe('a_b_c_d');
    expect(safeSegment('CON')).toBe('CON_');
    expect(safeSegment('docetaxel-q3w_v2.1')).toBe('docetaxel-q3w_v2.1');
    expect(Buffer.byteLength(safeSegment('é'.repeat(500)))).toBeLessThanOrEqual(120);
  });

  it('a scenario id of ../../../x/y writes inside results/, not outside the working directory', async () => {
    const io = captureIo();
    const work = join(io.cwd, 'a', 'b', 'c');
    mkdirSync(work, { recursive: true });
    Object.assign(io, { cwd: work });
    const path = join(work, 's.yaml');
    writeFileSync(path, 'scenario: ../../../x/y\nregimens:\n  - name: A\n');
    expect(await runCli(['run', path], { engine: fakeEngine(), io, signal: never })).toBe(0);
    expect(existsSync(join(io.cwd, '..', '..', '..', 'x'))).toBe(false);
    expect(readdirSync(join(work, 'results', '_.._.._x_y')).sort()).toEqual(['patients.csv', 'summary.json', 'timecourse.csv']);
    expect(io.err()).toContain('note: scenario id "../../../x/y" is not a safe directory name');
  });

  it('regress --update refuses a golden outside the scenario\'s tree and the project\'s golden/, at its line', async () => {
    const io = captureIo();
    writeFileSync(join(io.cwd, 'package.json'), '{"name":"p"}');
    const dir = join(io.cwd, 'scenarios');
    mkdirSync(dir);
    const bad: [string, RegExp][] = [
      ['../../outside.json', /golden file \.\.\/\.\.\/outside\.json resolves to .*outside\.json, outside the scenario's directory and .*golden/],
      ['/etc/oncotwin.json', /golden file \/etc\/oncotwin\.json resolves to \/etc\/oncotwin\.json, outside/],
      ['other.yaml', /golden file other\.yaml does not end in \.json/],
    ];
    for (const [golden, message] of bad) {
      const path = writeScenario(dir, 's', `golden: ${golden}\n`);
      const c = captureIo();
      Object.assign(c, { cwd: io.cwd });
      const engine = fakeEngine();
      expect(await runCli(['regress', '--update', path], { engine, io: c, signal: never })).toBe(2);
      expect(c.err()).toMatch(new RegExp(`^${path}:8:9: ${message.source}`));
      expect(engine.calls).toHaveLength(0);
    }
    expect(existsSync(join(io.cwd, '..', 'outside.json'))).toBe(false);
    // Inside the project's golden/ and beside the scenario are fine.
    for (const golden of ['golden/s.json', 'scenarios/own/s.json']) {
      const path = writeScenario(dir, 's', `golden: ${golden}\n`);
      const c = captureIo();
      Object.assign(c, { cwd: io.cwd });
      expect(await runCli(['regress', '--update', path], { engine: fakeEngine(), io: c, signal: never }), c.err()).toBe(0);
    }
    expect(existsSync(join(io.cwd, 'golden', 's.json'))).toBe(true);
    expect(existsSync(join(dir, 'own', 's.json'))).toBe(true);
  });
});
