import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../engine/common/errors.js';
import { UrlFileHost } from '../../desktop/renderer/url-file-host.js';

let server: Server;
let origin: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/models/m.yaml') res.writeHead(200).end('model: m\n');
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  origin = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('UrlFileHost', () => {
  it('resolves scenario-relative model paths to server paths', () => {
    const h = new UrlFileHost(origin);
    expect(h.resolve('/scenarios/default.yaml', '../models/x.yaml')).toBe('/models/x.yaml');
    expect(h.resolve('/models/_', 'docetaxel-pk-3cmt.yaml')).toBe('/models/docetaxel-pk-3cmt.yaml');
    expect(h.resolve('/scenarios/a.yaml', '/models/y.yaml')).toBe('/models/y.yaml');
  });

  it('serves the edited scenario from memory and fetches the rest', async () => {
    const h = new UrlFileHost(origin, new Map([['/scenarios/s.yaml', 'scenario: edited\n']]));
    expect(await h.readText('/scenarios/s.yaml')).toBe('scenario: edited\n');
    expect(await h.readText('/models/m.yaml')).toBe('model: m\n');
  });

  it('a missing file is an InputError at the referencing line', async () => {
    const h = new UrlFileHost(origin);
    const err = await h.readText('/models/nope.yaml', { file: '/scenarios/s.yaml', line: 7, col: 8 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).diagnostics[0]).toMatchObject({ file: '/scenarios/s.yaml', line: 7, col: 8, message: 'cannot read /models/nope.yaml (HTTP 404)' });
  });
});
