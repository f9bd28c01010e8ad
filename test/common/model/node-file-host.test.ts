import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../engine/common/errors.js';
import { NodeFileHost } from '../../../engine/node/node-file-host.js';

describe('NodeFileHost', () => {
  const host = new NodeFileHost();

  it('reads files and resolves relative to the referencing file', async () => {
    const p = host.resolve(fileURLToPath(new URL('../../fixtures/models/pk-pd-composed.yaml', import.meta.url)), 'pk-2cmt.yaml');
    expect(p.endsWith('test/fixtures/models/pk-2cmt.yaml')).toBe(true);
    expect(await host.readText(p)).toContain('model: pk-2cmt');
  });

  it('turns a missing file into an InputError at the reference, or at the file itself', async () => {
    const from = { file: 'scenario.yaml', line: 3, col: 8 };
    await expect(host.readText('nope/missing.yaml', from)).rejects.toMatchObject({
      diagnostics: [{ file: 'scenario.yaml', line: 3, col: 8, message: 'nope/missing.yaml: file not found' }],
    });
    const err = await host.readText('nope/missing.yaml').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).diagnostics[0]).toMatchObject({ file: 'nope/missing.yaml', line: 1, col: 1, message: 'file not found' });
  });
});
