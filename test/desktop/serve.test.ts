/**
 * The `npm run ui` server: no request ends it (missing files, malformed targets), it answers only to
 * its own loopback names (DNS rebinding), and it serves regular files inside models/ and scenarios/
 * only (no symlinks out, no FIFOs).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../desktop/serve.js';
import { allowedHosts, handleRequest, refusal } from '../../desktop/serve-request.js';
import { containedPath, listServedFiles, readServedFile } from '../../desktop/served-files.js';

interface Reply { status: number; body: string; headers: IncomingHttpHeaders }

/** A GET with exactly these headers (Host included), as any client could send it. */
function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method, headers: { host: u.host, ...headers }, setHost: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => { body += c; }).on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject).end();
  });
}

/** Sends raw bytes and returns the status line of the answer. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.write(text));
    let got = '';
    s.setEncoding('utf8').on('data', (c: string) => { got += c; }).on('close', () => resolve(got.split('\r\n')[0])).on('error', reject);
  });
}

describe('npm run ui server (desktop/serve.ts)', () => {
  let server: RunningServer;
  let port: number;
  beforeAll(async () => {
    server = await startServer({ port: 0 });
    port = Number(new URL(server.url).port);
  }, 60_000);
  afterAll(() => server?.close());

  it('answers 404 for a missing YAML file and keeps serving', async () => {
    expect((await get(`${server.url}models/nope.yaml`)).status).toBe(404);
    expect((await get(`${server.url}scenarios/nope.yml`)).status).toBe(404);
    const page = await get(server.url);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>oncotwin');
  });

  it('answers 400 to request targets that are not paths and keeps serving', async () => {
    for (const target of ['//[', '*', 'http://127.0.0.1/', '//x/models/default.yaml']) {
      expect(await raw(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`), target).toBe('HTTP/1.1 400 Bad Request');
    }
    expect((await get(`${server.url}scenarios/default.yaml`)).status).toBe(200);
  });

  it('answers only to its own host names and origin (DNS rebinding)', async () => {
    expect((await get(`${server.url}version.json`)).status).toBe(200);
    expect((await get(`${server.url}version.json`, { host: `localhost:${port}` })).status).toBe(200);
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${port + 1}`, '']) {
      const r = await get(`${server.url}version.json`, { host });
      expect(r.status, host).toBe(403);
      expect(r.body).toContain(`http://127.0.0.1:${port}/`);
    }
    expect((await get(`${server.url}version.json`, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(`${server.url}version.json`, { origin: 'null' })).status).toBe(403);
    expect((await get(`${server.url}version.json`, { origin: `http://127.0.0.1:${port}` })).status).toBe(200);
    expect((await get(`${server.url}models/docetaxel-pk-3cmt.yaml`, { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'image' })).status).toBe(403);
    // Following a link to the app from another site is fine: the page itself, as a navigation.
    expect((await get(server.url, { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' })).status).toBe(200);
  });

  it('refuses other methods, and serves source maps without local paths', async () => {
    expect((await get(server.url, {}, 'POST')).status).toBe(405);
    const map = await get(`${server.url}app.js.map`);
    expect(map.status).toBe(200);
    const sources = (JSON.parse(map.body) as { sources: string[] }).sources;
    expect(sources).toContain('desktop/renderer/main.ts');
    expect(sources.filter((s) => s.startsWith('/') || s.startsWith('..') || s.includes(process.cwd()))).toEqual([]);
  });

  it('refuses to listen on a non-loopback address', async () => {
    await expect(startServer({ port: 0, host: '0.0.0.0' })).rejects.toThrow(/loopback only/);
  });
});

describe('served folders (served-files.ts, serve-request.ts)', () => {
  let dir: string;
  let models: string;
  let http: Server;
  let base: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oncotwin-serve-'));
    models = join(dir, 'models');
    mkdirSync(models);
    writeFileSync(join(dir, 'secret.yaml'), 'secret: 1\n');
    writeFileSync(join(models, 'm.yaml'), 'model: m\n');
    mkdirSync(join(models, 'survival'));
    writeFileSync(join(models, 'survival', 's.yaml'), 'survival: s\n');
    writeFileSync(join(models, 'big.yaml'), 'x'.repeat(2048));
    mkdirSync(join(models, 'dir.yaml'));
    symlinkSync(join(dir, 'secret.yaml'), join(models, 'out.yaml'));
    symlinkSync(join(models, 'm.yaml'), join(models, 'in.yaml'));
    symlinkSync('/etc/passwd', join(models, 'passwd.yaml'));
    execFileSync('mkfifo', [join(models, 'fifo.yaml')]);
    http = createServer((q, s) => handleRequest(q, s, { hosts: allowedHosts('127.0.0.1', port()), files: new Map(), yamlDirs: { models, scenarios: models } }));
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${port()}`;
  });
  const port = (): number => { const a = http?.address(); return typeof a === 'object' && a ? a.port : 0; };
  afterAll(async () => {
    await new Promise<void>((r) => http.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves regular files inside the folder, links within it included', async () => {
    expect((await readServedFile(models, 'm.yaml'))?.toString()).toBe('model: m\n');
    expect((await readServedFile(models, 'in.yaml'))?.toString()).toBe('model: m\n');
    expect((await get(`${base}/models/m.yaml`)).body).toBe('model: m\n');
    expect((await get(`${base}/models/survival/s.yaml`)).body).toBe('survival: s\n');
  });

  it('refuses links out of the folder, FIFOs, folders, oversized files and non-plain names', async () => {
    for (const name of ['out.yaml', 'passwd.yaml', 'fifo.yaml', 'dir.yaml', '../secret.yaml', 'survival/../../secret.yaml', '.hidden.yaml', 'survival/.s.yaml', 'nope.yaml']) {
      expect(await readServedFile(models, name), name).toBeUndefined();
    }
    expect(await containedPath(models, 'out.yaml')).toBeUndefined();
    expect(await readServedFile(models, 'big.yaml', 1024)).toBeUndefined();
    for (const name of ['out.yaml', 'passwd.yaml', 'fifo.yaml', 'dir.yaml', '..%2Fsecret.yaml', 'survival/..%2F..%2Fsecret.yaml', 'survival%2F..%2F..%2Fsecret.yaml']) {
      const r = await get(`${base}/models/${name}`);
      expect(r.status, name).toBe(404);
      expect(r.body).not.toContain('secret');
    }
    expect(await listServedFiles(models, /\.yaml$/)).toEqual(['big.yaml', 'in.yaml', 'm.yaml']);
  });

  it('says which host names are served', () => {
    expect(refusal({ host: 'a.example' }, allowedHosts('::1', 80))).toMatch(/http:\/\/\[::1\]:80\/ or http:\/\/localhost:80\//);
  });
});
