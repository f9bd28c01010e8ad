import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI_VERSION } from '../../engine/cli/cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/oncotwin.js', import.meta.url));

function oncotwin(args: string[], env: Record<string, string> = {}) {
  // ONCOTWIN_FROM_SOURCE: test the sources even when a stale dist/ bundle is lying around.
  return spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ONCOTWIN_FROM_SOURCE: '1', ...env }, timeout: 60_000 });
}

describe('bin/oncotwin.js (a real process through tsx)', () => {
  it('--help exits 0 and documents the exit codes', () => {
    const r = oncotwin(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: oncotwin');
    expect(r.stdout).toContain('130  interrupted');
  });

  it('a bad value exits 2 with one error line and a hint, no stack trace', () => {
    const r = oncotwin(['run', 'whatever.yaml', '--patients', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error: --patients must be at least 1, got 0\n  hint: for example --patients 1000\n');
  });

  it('the CLI version matches package.json', () => {
    expect(CLI_VERSION).toBe(JSON.parse(readFileSync(`${root}package.json`, 'utf8')).version);
  });

  /** Starts a long run into `dir` and resolves once its output directory is locked (the run has begun). */
  async function startLongRun(dir: string) {
    // Two million patients keep the CPU busy for far longer than a test waits.
    const child = spawn(process.execPath, [bin, 'run', 'test/fixtures/cli/ok.yaml', '--out', dir, '--backend', 'cpu', '--patients', '2000000', '--threads', '1'], {
      cwd: root,
      env: { ...process.env, ONCOTWIN_FROM_SOURCE: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const lock = join(dir, '..', '.o.oncotwin', 'lock');
    for (let i = 0; i < 600 && !existsSync(lock); i++) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(lock), `the run locked ${dir}: ${stderr}`).toBe(true);
    return { child, exited, stderr: () => stderr, lock };
  }

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal} during a run: clean stop, exit ${code}, no output, no temporaries, lock released`, async () => {
      const dir = join(mkdtempSync(join(tmpdir(), 'oncotwin-signal-')), 'o');
      const run = await startLongRun(dir);
      await new Promise((r) => setTimeout(r, 500));
      run.child.kill(signal);
      expect(await run.exited).toBe(code);
      expect(run.stderr()).toContain('interrupted: stopped cleanly');
      expect(existsSync(dir)).toBe(false);
      expect(readdirSync(join(dir, '..', '.o.oncotwin'))).toEqual([]);
    });
  }

  it('a second run into the same --out is refused with exit 4 while the first runs', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'oncotwin-busy-')), 'o');
    const first = await startLongRun(dir);
    const second = oncotwin(['run', 'test/fixtures/cli/ok.yaml', '--out', dir, '--backend', 'cpu', '--quiet']);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(second.status).toBe(4);
    expect(second.stderr).toContain(`error: ${dir} is in use by another oncotwin run (PID ${first.child.pid} on `);
    // The killed run's lock is stale now: the next run takes it over.
    const third = oncotwin(['run', 'test/fixtures/cli/ok.yaml', '--out', dir, '--backend', 'cpu', '--quiet', '--patients', '4']);
    expect(third.status, third.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['patients.csv', 'summary.json', 'timecourse.csv']);
  });

  it('a reader that closes stdout early (| head) does not crash the CLI', async () => {
    const child = spawn(process.execPath, [bin, 'models'], { cwd: root, env: { ...process.env, ONCOTWIN_FROM_SOURCE: '1' } });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    expect(stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(code).toBe(0);
  });
});
