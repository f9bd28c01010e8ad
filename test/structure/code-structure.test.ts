/**
 * Structure rules of docs/ARCHITECTURE.md that a review would otherwise have to re-check by hand:
 * no import cycles (files or folders, type-only imports included) and no source file over 400 lines.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;

describe('code structure', () => {
  it('has no import cycles in engine/ and desktop/', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/import-cycles.ts'], { cwd: root, encoding: 'utf8' });
    expect(r.stdout).toContain('file cycles: []');
    expect(r.stdout).toContain('folder cycles: []');
    expect(r.status).toBe(0);
  });

  it('keeps every source file at 400 lines or fewer', () => {
    const files = execFileSync('git', ['ls-files', 'engine/*.ts', 'desktop/*.ts', 'shaders/*.wgsl', 'bin/*.js'], { cwd: root, encoding: 'utf8' }).trim().split('\n');
    const long = files.map((f) => ({ f, n: readFileSync(`${root}/${f}`, 'utf8').split('\n').length - 1 })).filter((x) => x.n > 400);
    expect(long).toEqual([]);
  });
});
