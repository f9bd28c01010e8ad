/**
 * `npm run ui`: bundles the renderer (page + engine worker) with esbuild into a temp folder and serves
 * it on http://127.0.0.1:$PORT (default 5173) with a strict Content-Security-Policy, plus the repo's
 * built-in models and scenarios read-only under /models/*.yaml and /scenarios/*.yaml. What each
 * request may get, and from whom, is serve-request.ts.
 *
 * Also importable: `startServer({ port: 0 })` resolves with the bound URL (the e2e tests use it).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { allowedHosts, CONTENT_TYPES, handleRequest, isLoopbackHost, type StaticFile } from './serve-request.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function version(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  let gitCommit: string | undefined;
  try {
    gitCommit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    gitCommit = undefined;
  }
  return JSON.stringify({ version: pkg.version, gitCommit });
}

/**
 * Source maps name their sources relative to the bundle's folder (a temp folder, so `../../home/you/…`):
 * rewrite them relative to the repository, so no local path is served or packaged.
 */
function repoRelativeSourceMaps(outdir: string): void {
  for (const f of readdirSync(outdir).filter((x) => x.endsWith('.map'))) {
    const map = JSON.parse(readFileSync(join(outdir, f), 'utf8')) as { sources: string[] };
    map.sources = map.sources.map((s) => relative(ROOT, resolve(outdir, s)).split('\\').join('/'));
    writeFileSync(join(outdir, f), JSON.stringify(map));
  }
}

/** Bundles main.ts, engine-worker.ts and twin-worker.ts (ES2022, browser) into `outdir`. */
export async function bundleRenderer(outdir: string): Promise<void> {
  await build({
    entryPoints: { app: join(ROOT, 'desktop/renderer/main.ts'), worker: join(ROOT, 'desktop/renderer/engine-worker.ts'), 'twin-worker': join(ROOT, 'desktop/renderer/twin-worker.ts') },
    bundle: true, format: 'esm', platform: 'browser', target: 'es2022', outdir, sourcemap: true, logLevel: 'warning',
  });
  repoRelativeSourceMaps(outdir);
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** The page, its bundles and version.json, built once at start-up. */
async function staticFiles(): Promise<Map<string, StaticFile>> {
  const out = mkdtempSync(join(tmpdir(), 'oncotwin-ui-'));
  try {
    await bundleRenderer(out);
    const files = new Map<string, StaticFile>();
    files.set('/', { body: readFileSync(join(ROOT, 'desktop/renderer/index.html')), type: CONTENT_TYPES['.html'] });
    files.set('/app.css', { body: readFileSync(join(ROOT, 'desktop/renderer/app.css')), type: CONTENT_TYPES['.css'] });
    files.set('/uplot.css', { body: readFileSync(join(ROOT, 'node_modules/uplot/dist/uPlot.min.css')), type: CONTENT_TYPES['.css'] });
    files.set('/version.json', { body: version(), type: CONTENT_TYPES['.json'] });
    for (const f of readdirSync(out)) files.set(`/${f}`, { body: readFileSync(join(out, f)), type: CONTENT_TYPES[f.slice(f.lastIndexOf('.'))] ?? 'application/octet-stream' });
    return files;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Builds and serves on a loopback address; `port: 0` picks a free port. */
export async function startServer(opts: { port: number; host?: string }): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) throw new Error(`the UI server listens on loopback only (127.0.0.1, ::1 or localhost), not '${host}'`);
  const files = await staticFiles();
  // Built-in models and scenarios are read on each request, so edits on disk show up.
  const yamlDirs = { models: join(ROOT, 'models'), scenarios: join(ROOT, 'scenarios') };
  let hosts = new Set<string>();
  const server: Server = createServer((req, res) => handleRequest(req, res, { hosts, files, yamlDirs }));
  await new Promise<void>((done, reject) => { server.once('error', reject); server.listen(opts.port, host, done); });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  hosts = allowedHosts(host, port);
  const shown = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shown}:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const s = await startServer({ port: Number(process.env.PORT ?? 5173) });
  console.log(`oncotwin UI: ${s.url}  (Ctrl+C to stop)`);
}
