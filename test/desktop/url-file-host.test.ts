import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../engine/common/errors.js';
import { UrlFileHost } from '../../desktop/renderer/url-file-host.js';
import { displayPath, engineWorkerName, UserFileStore, userFileReader, userPath } from '../../desktop/renderer/user-files.js';
import { readPicked } from '../../desktop/renderer/pick-files.js';
import { MAX_OPEN_FILE_BYTES } from '../../desktop/common/open-limits.js';

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

describe('the user\'s own files (user-files.ts, pick-files.ts)', () => {
  it('a /user/ path is read from the page, never fetched from the server', async () => {
    const asked: string[] = [];
    const h = new UrlFileHost(origin, new Map(), async (p) => { asked.push(p); return p === '/user/proj/models/m.yaml' ? 'model: mine\n' : undefined; });
    const model = h.resolve('/user/proj/scenarios/s.yaml', '../models/m.yaml');
    expect(await h.readText(model)).toBe('model: mine\n');
    const err = await h.readText('/user/proj/models/other.yaml', { file: '/user/proj/scenarios/s.yaml', line: 14, col: 8 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).diagnostics[0]).toMatchObject({ line: 14, col: 8, message: 'cannot read proj/models/other.yaml (it was not opened with the scenario)' });
    expect((err as InputError).diagnostics[0].hint).toMatch(/Open folder/);
    expect(asked).toEqual(['/user/proj/models/m.yaml', '/user/proj/models/other.yaml']);
    // Without a page to ask (no session), a user file is missing with the same advice.
    expect(await new UrlFileHost(origin, new Map(), undefined).readText('/user/x.yaml').catch((e: unknown) => (e as InputError).diagnostics[0].hint)).toMatch(/together with its model files/);
  });

  it('opened paths and the engine\'s resolved paths agree, spaces and all', () => {
    const h = new UrlFileHost(origin);
    expect(userPath('My project/scenarios/s.yaml')).toBe('/user/My%20project/scenarios/s.yaml');
    expect(h.resolve(userPath('My project/scenarios/s.yaml'), '../models/m.yaml')).toBe(userPath('My project/models/m.yaml'));
    expect(displayPath(userPath('My project/models/m.yaml'))).toBe('My project/models/m.yaml');
  });

  it('the engine worker asks the page that started it over its session channel', async () => {
    const store = new UserFileStore('t1');
    const other = new UserFileStore('t2');
    store.add([{ path: '/user/p/m.yaml', text: 'model: p\n' }]);
    other.add([{ path: '/user/p/m.yaml', text: 'model: other tab\n' }]);
    const g = globalThis as { name?: string };
    g.name = engineWorkerName('t1');
    try {
      const read = userFileReader()!;
      expect(await read('/user/p/m.yaml')).toBe('model: p\n');
      expect(await read('/user/p/none.yaml')).toBeUndefined();
    } finally {
      delete g.name;
      store.close();
      other.close();
    }
    expect(userFileReader()).toBeUndefined();
  });

  it('picked files: only the wanted extensions, within the size limits', async () => {
    const f = (text: string): File => new File([text], 'x');
    const r = await readPicked([
      { path: 'proj/s.yaml', file: f('scenario: s\n') },
      { path: 'proj/readme.md', file: f('# no') },
      { path: 'proj/.hidden.yaml', file: f('x: 1') },
      { path: 'proj/big.yml', file: new File([new Uint8Array(MAX_OPEN_FILE_BYTES + 1)], 'big.yml') },
    ], ['yaml', 'yml']);
    expect(r.files).toEqual([{ path: 'proj/s.yaml', text: 'scenario: s\n' }]);
    expect(r.skipped).toEqual([{ path: 'proj/big.yml', why: 'larger than 4 MiB' }]);
  });
});
