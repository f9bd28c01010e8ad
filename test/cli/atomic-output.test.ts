import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFilesAtomically } from '../../engine/cli/atomic-output.js';
import { CancelledError } from '../../engine/common/errors.js';

function* rows(n: number, failAt = -1): Generator<string> {
  for (let i = 0; i < n; i++) {
    if (i === failAt) throw new Error('disk on fire');
    yield `${i},${'x'.repeat(100)}\n`;
  }
}

describe('atomic output', () => {
  it('writes every file completely', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oncotwin-atomic-'));
    await writeFilesAtomically(dir, [{ name: 'a.csv', chunks: () => rows(2000) }, { name: 'b.json', chunks: () => ['{}\n'] }]);
    expect(readdirSync(dir).sort()).toEqual(['a.csv', 'b.json']);
    expect(readFileSync(join(dir, 'a.csv'), 'utf8').split('\n')).toHaveLength(2001);
  });

  it('a failure mid-write (after several 64 KiB blocks) leaves no new files and keeps the previous ones intact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oncotwin-atomic-'));
    writeFileSync(join(dir, 'a.csv'), 'previous run\n');
    const files = [
      { name: 'summary.json', chunks: () => ['{}\n'] },
      { name: 'a.csv', chunks: () => rows(5000, 4000) },
      { name: 'c.csv', chunks: () => rows(10) },
    ];
    await expect(writeFilesAtomically(dir, files)).rejects.toThrow('disk on fire');
    expect(readdirSync(dir)).toEqual(['a.csv']);
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('previous run\n');
  });

  it('an abort part-way stops with CancelledError and removes the temporaries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oncotwin-atomic-'));
    const ctl = new AbortController();
    function* abortingRows(): Generator<string> {
      for (let i = 0; i < 5000; i++) {
        if (i === 1000) ctl.abort();
        yield `${i},${'y'.repeat(100)}\n`;
      }
    }
    await expect(writeFilesAtomically(dir, [{ name: 'p.csv', chunks: abortingRows }], ctl.signal)).rejects.toBeInstanceOf(CancelledError);
    expect(readdirSync(dir)).toEqual([]);
  });
});
