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

  it('SIGINT during a run: clean stop, exit 130, the output directory stays empty', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'oncotwin-sigint-')), 'o');
    // Two million patients keep the CPU busy for far longer than the test waits before Ctrl-C.
    const child = spawn(process.execPath, [bin, 'run', 'test/fixtures/cli/ok.yaml', '--out', dir, '--backend', 'cpu', '--patients', '2000000', '--threads', '1'], {
      cwd: root,
      env: { ...process.env, ONCOTWIN_FROM_SOURCE: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    // The output directory is created (and probed) just before the simulation starts.
    for (let i = 0; i < 600 && !existsSync(dir); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('interrupted: stopped cleanly');
    expect(readdirSync(dir)).toEqual([]);
  });
});
