/**
 * `npm run ui`: bundles the renderer (page + engine worker) with esbuild into a temp folder and serves
 * it on http://localhost:$PORT (default 5173) with a strict Content-Security-Policy, plus the repo's
 * built-in models and scenarios read-only under /models/*.yaml and /scenarios/*.yaml.
 *
 * Also importable: `startServer({ port: 0 })` resolves with the bound URL (the e2e tests use it).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { CSP, WORKER_CSP } from './serve-policy.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.yaml': 'text/yaml; charset=utf-8', '.json': 'application/json', '.map': 'application/json' };

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

/** Bundles main.ts and engine-worker.ts (ES2022, browser) into `outdir`. */
export async function bundleRenderer(outdir: string): Promise<void> {
  await build({
    entryPoints: { app: join(ROOT, 'desktop/renderer/main.ts'), worker: join(ROOT, 'desktop/renderer/engine-worker.ts') },
    bundle: true, format: 'esm', platform: 'browser', target: 'es2022', outdir, sourcemap: true, logLevel: 'warning',
  });
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Builds and serves; `port: 0` picks a free port. */
export async function startServer(opts: { port: number; host?: string }): Promise<RunningServer> {
  const out = mkdtempSync(join(tmpdir(), 'oncotwin-ui-'));
  await bundleRenderer(out);
  const files = new Map<string, { body: Buffer | string; type: string }>();
  files.set('/', { body: readFileSync(join(ROOT, 'desktop/renderer/index.html')), type: TYPES['.html'] });
  files.set('/app.css', { body: readFileSync(join(ROOT, 'desktop/renderer/app.css')), type: TYPES['.css'] });
  files.set('/uplot.css', { body: readFileSync(join(ROOT, 'node_modules/uplot/dist/uPlot.min.css')), type: TYPES['.css'] });
  files.set('/version.json', { body: version(), type: TYPES['.json'] });
  for (const f of readdirSync(out)) files.set(`/${f}`, { body: readFileSync(join(out, f)), type: TYPES[f.slice(f.lastIndexOf('.'))] ?? 'application/octet-stream' });
  rmSync(out, { recursive: true, force: true });
  // Built-in models and scenarios, read on each request so edits on disk show up; names only [\w.-].
  const yamlDirs: Record<string, string> = { models: join(ROOT, 'models'), scenarios: join(ROOT, 'scenarios') };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    res.setHeader('Content-Security-Policy', path === '/worker.js' ? WORKER_CSP : CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cache-Control', 'no-store');
    if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405).end(); return; }
    const m = /^\/(models|scenarios)\/([\w.-]+\.ya?ml)$/.exec(path);
    if (m && !m[2].startsWith('.')) {
      try {
        res.writeHead(200, { 'Content-Type': TYPES['.yaml'] }).end(readFileSync(join(yamlDirs[m[1]], m[2])));
      } catch {
        res.writeHead(404).end('not found');
      }
      return;
    }
    if (path === '/scenarios/') {
      const list = readdirSync(yamlDirs.scenarios).filter((f) => /\.ya?ml$/.test(f)).sort();
      res.writeHead(200, { 'Content-Type': TYPES['.json'] }).end(JSON.stringify(list));
      return;
    }
    if (path === '/favicon.ico') { res.writeHead(204).end(); return; }
    const f = files.get(path);
    if (!f) { res.writeHead(404).end('not found'); return; }
    res.writeHead(200, { 'Content-Type': f.type }).end(f.body);
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(opts.port, host, resolve); });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  return { url: `http://${host}:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const s = await startServer({ port: Number(process.env.PORT ?? 5173) });
  console.log(`oncotwin UI: ${s.url}  (Ctrl+C to stop)`);
}
