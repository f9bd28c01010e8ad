/**
 * The Node file host reads regular files only: a FIFO named as a model or table (which would block
 * forever waiting for a writer) or a directory is an input error at once, naming the path.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../engine/common/errors.js';
import { NodeFileHost } from '../../engine/node/node-file-host.js';

describe('NodeFileHost', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ot-host-'));
  const host = new NodeFileHost();

  it('reads a regular file', async () => {
    writeFileSync(join(dir, 'a.yaml'), 'model: a\n');
    expect(await host.readText(join(dir, 'a.yaml'))).toBe('model: a\n');
  });

  it('refuses a FIFO without blocking, and a directory, with a position', async () => {
    const fifo = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    const t0 = Date.now();
    const err = await host.readText(fifo, { file: 'scenario.yaml', line: 3, col: 8 }).catch((e: unknown) => e);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(err).toBeInstanceOf(InputError);
    expect(String((err as InputError).message)).toMatch(/not a regular file/);
    expect((err as InputError).diagnostics[0]).toMatchObject({ file: 'scenario.yaml', line: 3, col: 8 });
    await expect(host.readText(dir)).rejects.toThrow(/not a regular file/);
  });
});
