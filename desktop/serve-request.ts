/**
 * One request of the `npm run ui` server (serve.ts): who may ask, and what it gets.
 *
 * Who: the server listens on loopback only, but any web page the user visits can make the browser
 * send requests to it, and a DNS-rebinding page can even read the answers (its own name, resolved to
 * 127.0.0.1). So a request must name this server in `Host` (one of the loopback names and the port it
 * is served on), carry no foreign `Origin`, and not be a cross-site subresource fetch
 * (`Sec-Fetch-Site`; following a link to the page is fine).
 * What: the bundled page and worker from memory, and the built-in YAML files read through
 * served-files.ts (regular files inside models/ or scenarios/, symlinks out refused).
 * Every failure is an HTTP error status; nothing a client sends may end the server.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { listServedFiles, readServedFile } from './served-files.js';
import { cspFor } from './serve-policy.js';

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8', '.json': 'application/json', '.map': 'application/json',
};

/** A response held in memory (the page, its bundles, version.json). */
export interface StaticFile {
  body: Buffer | string;
  type: string;
}

export interface ServeContext {
  /** Exact `Host` header values this server answers to, e.g. `127.0.0.1:5173` and `localhost:5173`. */
  hosts: ReadonlySet<string>;
  files: ReadonlyMap<string, StaticFile>;
  /** Served YAML folders by URL segment: `models` → the repo's models/. */
  yamlDirs: Readonly<Record<'models' | 'scenarios', string>>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** True for the host names `startServer` may listen on. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host);
}

/** The `Host` values a server listening on `host:port` answers to (its own name and `localhost`). */
export function allowedHosts(host: string, port: number): Set<string> {
  const own = host.includes(':') ? `[${host}]` : host;
  return new Set([`${own}:${port}`, `localhost:${port}`]);
}

/** Why a request is refused (403), or undefined when it comes from this server's own pages or the user. */
export function refusal(headers: IncomingHttpHeaders, hosts: ReadonlySet<string>): string | undefined {
  const host = headers.host;
  const names = [...hosts].map((h) => `http://${h}/`).join(' or ');
  if (!host || !hosts.has(host.toLowerCase())) return `this server answers only to ${names} (the request named host '${host ?? ''}')`;
  const origin = headers.origin;
  if (origin !== undefined && ![...hosts].some((h) => origin.toLowerCase() === `http://${h}`)) return `requests from other origins are refused (origin '${origin}')`;
  // Fetch-metadata resource isolation: another site may link to the page (a top-level navigation)
  // but not load anything from it.
  const site = headers['sec-fetch-site'];
  const navigation = headers['sec-fetch-mode'] === 'navigate' && headers['sec-fetch-dest'] === 'document';
  if ((site === 'cross-site' || site === 'same-site') && !navigation) return 'requests from other sites are refused';
  return undefined;
}

function setCommonHeaders(res: ServerResponse, path: string): void {
  res.setHeader('Content-Security-Policy', cspFor(path));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
}

function send(res: ServerResponse, status: number, body: Buffer | string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type }).end(body);
}

/** The URL path of a request target, or undefined when it is not a path (`//[`, `*`, absolute URLs). */
function targetPath(target: string | undefined): string | undefined {
  if (!target?.startsWith('/') || target.startsWith('//')) return undefined;
  try {
    return new URL(target, 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

async function route(req: IncomingMessage, res: ServerResponse, ctx: ServeContext): Promise<void> {
  const path = targetPath(req.url);
  if (path === undefined) { send(res, 400, 'bad request target'); return; }
  setCommonHeaders(res, path);
  const why = refusal(req.headers, ctx.hosts);
  if (why) { send(res, 403, why); return; }
  if (req.method !== 'GET' && req.method !== 'HEAD') { res.setHeader('Allow', 'GET, HEAD'); send(res, 405, 'method not allowed'); return; }
  const yaml = /^\/(models|scenarios)\/(.+\.ya?ml)$/.exec(path);
  if (yaml) {
    const body = await readServedFile(ctx.yamlDirs[yaml[1] as 'models' | 'scenarios'], yaml[2]);
    if (body) send(res, 200, body, CONTENT_TYPES['.yaml']);
    else send(res, 404, 'not found');
    return;
  }
  if (path === '/scenarios/') { send(res, 200, JSON.stringify(await listServedFiles(ctx.yamlDirs.scenarios, /\.ya?ml$/)), CONTENT_TYPES['.json']); return; }
  if (path === '/favicon.ico') { res.writeHead(204).end(); return; }
  const f = ctx.files.get(path);
  if (f) send(res, 200, f.body, f.type);
  else send(res, 404, 'not found');
}

/** Answers one request; an unexpected error becomes a 500 (or a closed connection once headers are out). */
export function handleRequest(req: IncomingMessage, res: ServerResponse, ctx: ServeContext): void {
  route(req, res, ctx).catch((e: unknown) => {
    console.error(`oncotwin UI: ${req.method} ${JSON.stringify(req.url)} failed: ${e instanceof Error ? e.message : String(e)}`);
    if (!res.headersSent) send(res, 500, 'internal server error');
    else res.destroy();
  });
}
