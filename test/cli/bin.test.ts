import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
});
