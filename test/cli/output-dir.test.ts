import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../engine/common/errors.js';
import { OutputDir } from '../../engine/cli/output/output-dir.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fresh = () => join(mkdtempSync(join(tmpdir(), 'oncotwin-out-')), 'o');
const files = (tag: string, rows = 3) => ['summary.json', 'patients.csv', 'timecourse.csv'].map((name) => ({
  name,
  chunks: function* () {
    for (let i = 0; i < rows; i++) yield `${tag},${i}\n`;
  },
}));
const read = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');
const generations = (out: string) => readdirSync(join(out, '..', `.${'o'}.oncotwin`)).filter((e) => e.startsWith('g-')).length;

/** A PID that no process has: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}

describe('OutputDir: the output files are committed as one unit', () => {
  it('a commit makes DIR a link to a complete generation; the next replaces it and keeps one previous set', async () => {
    const dir = fresh();
    const out = await OutputDir.open(dir);
    await out.commit(files('one'));
    expect(lstatSync(dir).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['patients.csv', 'summary.json', 'timecourse.csv']);
    const first = realpathSync(dir);
    await out.commit(files('two'));
    expect(read(dir, 'patients.csv')).toBe('two,0\ntwo,1\ntwo,2\n');
    // A reader that resolved the old link can still finish reading it…
    expect(readFileSync(join(first, 'summary.json'), 'utf8')).toContain('one,0');
    // …until the next run starts writing: at most two sets exist.
    await out.commit(files('three'));
    expect(existsSync(first)).toBe(false);
    expect(generations(dir)).toBe(2);
    await out.close();
    expect(readdirSync(join(dir, '..', '.o.oncotwin')).sort()).toEqual(readdirSync(join(dir, '..', '.o.oncotwin')).filter((e) => e.startsWith('g-')).sort());
  });

  it('a write failure or an abort part-way leaves the previous files intact and no partial generation', async () => {
    const dir = fresh();
    const out = await OutputDir.open(dir);
    await out.commit(files('old'));
    const failing = [...files('new', 5000), { name: 'x.csv', chunks: function* () { yield 'a'.repeat(70_000); throw new Error('disk on fire'); } }];
    await expect(out.commit(failing)).rejects.toThrow('disk on fire');
    const ctl = new AbortController();
    const aborting = [{ name: 'summary.json', chunks: function* () { for (let i = 0; i < 5000; i++) { if (i === 1000) ctl.abort(); yield `${'y'.repeat(100)}\n`; } } }];
    await expect(out.commit(aborting, ctl.signal)).rejects.toBeInstanceOf(CancelledError);
    await out.close();
    expect(read(dir, 'summary.json')).toBe('old,0\nold,1\nold,2\n');
    expect(generations(dir)).toBe(1);
  });

  it('a second writer is refused while the first holds the lock, naming its PID; a lock of a dead process is taken over', async () => {
    const dir = fresh();
    const first = await OutputDir.open(dir);
    await expect(OutputDir.open(dir)).rejects.toMatchObject({
      name: 'OutputError',
      message: expect.stringMatching(new RegExp(`^${dir} is in use by another oncotwin run \\(PID ${process.pid} on `)),
      hint: expect.stringContaining(join(dir, '..', '.o.oncotwin', 'lock')),
    });
    await first.close();
    const lock = join(dir, '..', '.o.oncotwin', 'lock');
    writeFileSync(lock, JSON.stringify({ pid: await deadPid(), host: (await import('node:os')).hostname(), started: 'then' }));
    const second = await OutputDir.open(dir);
    expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(process.pid);
    await second.close();
    expect(existsSync(lock)).toBe(false);
  });

  it('refuses to replace what oncotwin did not make; adopts an empty directory and an older oncotwin\'s plain one', async () => {
    const base = mkdtempSync(join(tmpdir(), 'oncotwin-out-'));
    mkdirSync(join(base, 'mine'));
    writeFileSync(join(base, 'mine', 'notes.txt'), 'keep me');
    await expect(OutputDir.open(join(base, 'mine'))).rejects.toMatchObject({ name: 'UsageError', message: expect.stringContaining('holds files oncotwin did not write (notes.txt)') });
    writeFileSync(join(base, 'afile'), '');
    await expect(OutputDir.open(join(base, 'afile'))).rejects.toMatchObject({ name: 'UsageError', message: expect.stringContaining('exists and is not a directory') });
    symlinkSync(tmpdir(), join(base, 'link'));
    await expect(OutputDir.open(join(base, 'link'))).rejects.toMatchObject({ name: 'UsageError', message: expect.stringContaining('is a symbolic link to') });
    for (const name of ['empty', 'legacy']) {
      mkdirSync(join(base, name));
      if (name === 'legacy') writeFileSync(join(base, name, 'summary.json'), 'from 0.0.9');
      const out = await OutputDir.open(join(base, name));
      await out.commit(files(name));
      await out.close();
      expect(read(join(base, name), 'patients.csv')).toContain(`${name},0`);
    }
    expect(readFileSync(join(base, 'mine', 'notes.txt'), 'utf8')).toBe('keep me');
  });

  it('SIGKILL at random moments: DIR always holds one complete generation; the next run takes the lock over and cleans up', async () => {
    const dir = fresh();
    for (let round = 0; round < 12; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/cli/commit-child.ts'), dir], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((ready, fail) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && ready());
        child.on('exit', (code) => fail(new Error(`child exited with ${code} before its first commit`)));
      });
      await new Promise((r) => setTimeout(r, Math.random() * 150));
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      const gens = ['summary.json', 'patients.csv', 'timecourse.csv'].map((n) => {
        const text = read(dir, n);
        expect(text.endsWith('end\n'), `${n} is complete`).toBe(true);
        return text.split('\n')[0];
      });
      expect(new Set(gens).size, `one generation in round ${round}: ${gens.join(' / ')}`).toBe(1);
    }
    const out = await OutputDir.open(dir);
    await out.commit(files('after'));
    await out.close();
    expect(read(dir, 'summary.json')).toBe('after,0\nafter,1\nafter,2\n');
    expect(readdirSync(join(dir, '..', '.o.oncotwin')).filter((e) => !e.startsWith('g-'))).toEqual([]);
    expect(generations(dir)).toBe(2);
    expect(readlinkSync(dir)).toMatch(/^\.o\.oncotwin\/g-/);
  }, 120_000);
});
