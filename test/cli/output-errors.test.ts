/**
 * Every file-system failure while writing outputs is a message naming the path, the reason in words
 * and what to do, with exit code 4 — never "internal error". ENOSPC and EROFS are produced for real on
 * a small tmpfs mounted by the test (needs root; under CI=true it must run, elsewhere it is skipped
 * with the reason in its name).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../engine/cli/cli.js';
import { outputError } from '../../engine/cli/output/output-error.js';
import { captureIo, fakeEngine, writeScenario } from './fake-engine.js';

const never = new AbortController().signal;
const ci = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

/** Mounts a tmpfs of `size` (with extra options); undefined and the reason when this machine cannot. */
function mountTmpfs(size: string, extra = ''): { dir: string } | { reason: string } {
  const dir = mkdtempSync(join(tmpdir(), 'oncotwin-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${extra}`, 'tmpfs', dir], { stdio: 'pipe' });
    return { dir };
  } catch (e) {
    return { reason: `cannot mount a tmpfs (${process.getuid?.() === 0 ? 'mount failed' : 'not root'}: ${String((e as Error).message).split('\n')[0]})` };
  }
}
const mounted: string[] = [];
afterAll(() => {
  for (const dir of mounted) execFileSync('umount', [dir]);
});
const probe = mountTmpfs('64k');
if ('dir' in probe) execFileSync('umount', [probe.dir]);
const canMount = 'dir' in probe;
const skipReason = 'reason' in probe ? ` (skipped: ${probe.reason})` : '';

async function run(args: string[], io = captureIo()) {
  const path = writeScenario(io.cwd, 's1');
  const code = await runCli(['run', path, '--quiet', ...args], { engine: fakeEngine(), io, signal: never });
  return { code, err: io.err(), io };
}

function expectOutputError(err: string, path: string, reason: string): void {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  expect(err).toMatch(new RegExp(`^error: cannot \\w+(?: [\\w ]+)? ${escaped}: ${reason}\\n  hint: \\S`));
  expect(err).not.toMatch(/internal error|please report|\n\s+at /);
}

describe('output file-system errors: path, reason, what to do, exit 4', () => {
  it.skipIf(!canMount && !ci)(`a full disk (ENOSPC, real tmpfs): previous outputs intact, nothing left behind${skipReason}`, async () => {
    const m = mountTmpfs('256k');
    if (!('dir' in m)) throw new Error(`CI must run this test: ${m.reason}`);
    mounted.push(m.dir);
    const out = join(m.dir, 'o');
    expect((await run(['--out', out, '--patients', '4'])).code).toBe(0);
    const before = readFileSync(join(out, 'patients.csv'), 'utf8');
    // 20 000 patients × 2 regimens of patients.csv rows do not fit in 256 KiB.
    const r = await run(['--out', out, '--patients', '20000']);
    expect(r.code).toBe(4);
    expectOutputError(r.err, join(out, 'patients.csv'), 'no space left on device \\(ENOSPC\\)');
    expect(r.err).toContain('free space on that file system');
    expect(readFileSync(join(out, 'patients.csv'), 'utf8')).toBe(before);
    expect(readdirSync(join(m.dir, '.o.oncotwin')).filter((e) => !e.startsWith('g-'))).toEqual([]);
    expect(readdirSync(join(m.dir, '.o.oncotwin')).filter((e) => e.startsWith('g-'))).toHaveLength(1);
  });

  it.skipIf(!canMount && !ci)(`a read-only file system (EROFS, real tmpfs)${skipReason}`, async () => {
    const m = mountTmpfs('64k', ',ro');
    if (!('dir' in m)) throw new Error(`CI must run this test: ${m.reason}`);
    mounted.push(m.dir);
    const r = await run(['--out', join(m.dir, 'o')]);
    expect(r.code).toBe(4);
    expectOutputError(r.err, join(m.dir, '.o.oncotwin'), 'read-only file system \\(EROFS\\)');
  });

  it('a name too long (ENAMETOOLONG) and a file in the way (ENOTDIR)', async () => {
    const io = captureIo();
    const long = join(io.cwd, 'x'.repeat(300));
    const r = await run(['--out', long], io);
    expect(r.code).toBe(4);
    expectOutputError(r.err, long, 'file name too long \\(ENAMETOOLONG\\)');
    const io2 = captureIo();
    writeFileSync(join(io2.cwd, 'afile'), '');
    const r2 = await run(['--out', 'afile/o'], io2);
    expect(r2.code).toBe(4);
    expectOutputError(r2.err, join(io2.cwd, 'afile/o'), 'a component of the path is a file, not a directory \\(ENOTDIR\\)');
  });

  it('a directory where the JUnit report goes (EISDIR)', async () => {
    const io = captureIo();
    writeFileSync(join(io.cwd, 'package.json'), '{"name":"p"}');
    mkdirSync(join(io.cwd, 'scenarios'));
    writeScenario(join(io.cwd, 'scenarios'), 'alpha', 'golden: golden/alpha.json\n');
    mkdirSync(join(io.cwd, 'report.xml'));
    const code = await runCli(['regress', '--update', '--junit', 'report.xml'], { engine: fakeEngine(), io, signal: never });
    expect(code).toBe(4);
    expectOutputError(io.err(), join(io.cwd, 'report.xml'), 'is a directory \\(EISDIR\\)');
    expect(io.err()).toContain('hint: name a file there, not a directory');
  });

  it('permission, quota and descriptor errors say what to do (codes root cannot provoke)', () => {
    const cases: [string, RegExp][] = [
      ['EACCES', /^cannot write \/o\/patients.csv: permission denied \(EACCES\)$/],
      ['EPERM', /operation not permitted \(EPERM\)/],
      ['EDQUOT', /disk quota exceeded \(EDQUOT\)/],
      ['EMFILE', /too many open files in this process \(EMFILE\)/],
      ['ENFILE', /too many open files on this system \(ENFILE\)/],
      ['EIO', /input\/output error/],
    ];
    for (const [code, message] of cases) {
      const e = outputError(Object.assign(new Error(`${code}: boom`), { code }), 'write', '/o/patients.csv') as Error & { hint: string; exitCode: number };
      expect(e.name).toBe('OutputError');
      expect(e.exitCode).toBe(4);
      expect(e.message).toMatch(message);
      expect(e.hint).toMatch(/\S/);
    }
    expect((outputError(Object.assign(new Error('x'), { code: 'EMFILE' }), 'write', '/o') as Error & { hint: string }).hint).toContain('ulimit -n');
  });
});
