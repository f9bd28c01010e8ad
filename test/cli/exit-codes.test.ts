import { describe, expect, it } from 'vitest';
import { runCli } from '../../engine/cli/cli.js';
import { InputError, RuntimeFailure } from '../../engine/common/errors.js';
import { captureIo, fakeEngine, writeScenario } from './fake-engine.js';

const never = new AbortController().signal;

async function runWith(throws: unknown, env: Record<string, string> = {}) {
  const io = captureIo({ env });
  const path = writeScenario(io.cwd, 's1');
  const code = await runCli(['run', path, '--out', 'o'], { engine: fakeEngine({ throws }), io, signal: never });
  return { code, err: io.err(), out: io.out() };
}

describe('exit codes and error reporting', () => {
  it('--help documents the exit codes and exits 0; --version prints the version', async () => {
    const io = captureIo();
    expect(await runCli(['--help'], { engine: fakeEngine(), io, signal: never })).toBe(0);
    for (const line of ['0    success', '1    regression mismatch', '2    invalid input', '3    runtime failure', '4    an output could not be written', '130  interrupted', '143  terminated (SIGTERM)']) {
      expect(io.out()).toContain(line);
    }
    const v = captureIo();
    expect(await runCli(['--version'], { engine: fakeEngine(), io: v, signal: never })).toBe(0);
    expect(v.out().trim()).toBe('0.1.0');
  });

  it('an unknown command or option is exit 2 with a suggestion', async () => {
    const io = captureIo();
    expect(await runCli(['rn'], { engine: fakeEngine(), io, signal: never })).toBe(2);
    expect(io.err()).toContain('(Did you mean run?)');
    const io2 = captureIo();
    expect(await runCli(['run', 'x.yaml', '--patiens', '3'], { engine: fakeEngine(), io: io2, signal: never })).toBe(2);
    expect(io2.err()).toContain('--patients');
  });

  it('InputError → exit 2 with every diagnostic as file:line:col and its hint', async () => {
    const e = new InputError([
      { file: 'a.yaml', line: 3, col: 5, message: 'unknown key "dose_amount"', hint: 'did you mean "dose"?' },
      { file: 'a.yaml', line: 9, col: 1, message: 'horizon must be positive' },
    ]);
    const r = await runWith(e);
    expect(r.code).toBe(2);
    expect(r.err).toBe('a.yaml:3:5: unknown key "dose_amount"\n  hint: did you mean "dose"?\na.yaml:9:1: horizon must be positive\n');
  });

  it('RuntimeFailure → exit 3 saying what and why', async () => {
    const r = await runWith(new RuntimeFailure('backend webgpu is unavailable: no adapter found', 'use --backend cpu'));
    expect(r.code).toBe(3);
    expect(r.err).toBe('error: backend webgpu is unavailable: no adapter found\n  hint: use --backend cpu\n');
  });

  it('an unexpected error → one line, "please report", exit 3, no stack unless ONCOTWIN_DEBUG=1', async () => {
    const r = await runWith(new TypeError('cannot read properties of undefined (reading "x")'));
    expect(r.code).toBe(3);
    expect(r.err).toContain('error: unexpected internal error: cannot read properties of undefined');
    expect(r.err).toContain('please report');
    expect(r.err).not.toMatch(/\n\s+at /);
    const d = await runWith(new TypeError('boom'), { ONCOTWIN_DEBUG: '1' });
    expect(d.code).toBe(3);
    expect(d.err).toMatch(/TypeError: boom\n\s+at /);
  });

  it('a raw file-system error (not wrapped by the loaders, so not a user file) is exit 3 naming the path, no stack', async () => {
    const err = Object.assign(new Error("ENOENT: no such file or directory, open '/pkg/package.json'"), { code: 'ENOENT', path: '/pkg/package.json' });
    const r = await runWith(err);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/^error: cannot access \/pkg\/package.json: no such file or directory \(ENOENT\)\n  hint: check that the installation is complete.*\n$/);
  });

  it('Ctrl-C: the abort signal stops the run cleanly, exit 130, no output files', async () => {
    const io = captureIo();
    const path = writeScenario(io.cwd, 's1');
    const ctl = new AbortController();
    const engine = fakeEngine();
    const inner = engine.runScenario;
    engine.runScenario = async (p, opts) => {
      ctl.abort();
      return inner(p, opts);
    };
    expect(await runCli(['run', path, '--out', 'o'], { engine, io, signal: ctl.signal })).toBe(130);
    expect(io.err()).toContain('interrupted: stopped cleanly');
    expect(engine.calls[0].opts.signal).toBe(ctl.signal);
  });
});
