/**
 * Electron main process. Security posture (Electron security checklist):
 * - the UI is served from app://oncotwin/ (a privileged standard scheme, never file://), with the same
 *   strict CSP as `npm run ui`; only the engine worker's response allows eval (generated kernels);
 * - windows run with contextIsolation, sandbox, no nodeIntegration; new windows and navigation away
 *   from the app are refused;
 * - the renderer reaches the OS only through two IPC channels, and every call is checked here: the
 *   sender frame must be app://oncotwin, the payload must pass ipc-validate.ts.
 * Layout (made by desktop/build-electron.ts): main.js and preload.js next to renderer/ (page and
 * worker bundles, index.html, css) and data/ (models/, scenarios/).
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, type IpcMainInvokeEvent } from 'electron';
import { IPC, type OpenFileReply, type SaveFileReply } from '../common/ipc-channels.js';
import { APP_ORIGIN, isTrustedSenderUrl, MAX_SAVE_BYTES, validateOpenFileRequest, validateSaveFileRequest } from '../common/ipc-validate.js';
import { CSP, WORKER_CSP } from '../serve-policy.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const RENDERER = join(HERE, 'renderer');
const DATA = join(HERE, 'data');
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.yaml': 'text/yaml; charset=utf-8', '.json': 'application/json' };

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

function respond(body: string | Buffer, path: string, status = 200): Response {
  const bytes = typeof body === 'string' ? body : (body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
  return new Response(bytes, {
    status,
    headers: { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Content-Security-Policy': path === '/worker.js' ? WORKER_CSP : CSP, 'X-Content-Type-Options': 'nosniff' },
  });
}

/** app://oncotwin/… → renderer bundle, /models/*.yaml and /scenarios/*.yaml (read-only), /scenarios/ list. */
async function serveApp(req: Request): Promise<Response> {
  const url = new URL(req.url);
  if (url.host !== 'oncotwin' || req.method !== 'GET') return respond('not found', '', 404);
  const path = url.pathname;
  try {
    if (path === '/scenarios/') {
      const list = (await readdir(join(DATA, 'scenarios'))).filter((f) => /\.ya?ml$/.test(f)).sort();
      return respond(JSON.stringify(list), '.json');
    }
    const data = /^\/(models|scenarios)\/([\w-][\w.-]*\.ya?ml)$/.exec(path);
    if (data) return respond(await readFile(join(DATA, data[1], data[2])), path);
    if (path === '/version.json') return respond(JSON.stringify({ version: app.getVersion() }), path);
    const name = path === '/' ? 'index.html' : path.slice(1);
    if (!/^[\w-][\w.-]*$/.test(name)) return respond('not found', '', 404);
    return respond(await readFile(join(RENDERER, name)), `/${name}`);
  } catch {
    return respond('not found', '', 404);
  }
}

/** Rejects calls from any frame that is not the app's own page. */
function trusted(e: IpcMainInvokeEvent): BrowserWindow | undefined {
  const url = e.senderFrame?.url ?? '';
  if (!isTrustedSenderUrl(url)) return undefined;
  return BrowserWindow.getAllWindows()[0];
}

async function openFile(e: IpcMainInvokeEvent, payload: unknown): Promise<OpenFileReply> {
  const win = trusted(e);
  if (!win) throw new Error('untrusted sender');
  const req = validateOpenFileRequest(payload);
  if (!req.ok) throw new Error(req.error);
  const r = await dialog.showOpenDialog(win, { properties: ['openFile'], filters: [{ name: 'Scenario', extensions: req.value.extensions }] });
  if (r.canceled || !r.filePaths[0]) return null;
  const p = r.filePaths[0];
  if ((await stat(p)).size > MAX_SAVE_BYTES) throw new Error('file too large');
  return { name: basename(p), text: await readFile(p, 'utf8') };
}

async function saveFile(e: IpcMainInvokeEvent, payload: unknown): Promise<SaveFileReply> {
  const win = trusted(e);
  if (!win) throw new Error('untrusted sender');
  const req = validateSaveFileRequest(payload);
  if (!req.ok) throw new Error(req.error);
  const ext = extname(req.value.suggestedName).slice(1);
  const r = await dialog.showSaveDialog(win, { defaultPath: req.value.suggestedName, filters: [{ name: ext.toUpperCase(), extensions: [ext] }] });
  if (r.canceled || !r.filePath) return false;
  await writeFile(r.filePath, req.value.data);
  return true;
}

app.on('web-contents-created', (_e, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (ev, url) => { if (!url.startsWith(`${APP_ORIGIN}/`)) ev.preventDefault(); });
});

app.on('window-all-closed', () => app.quit());

await app.whenReady();
protocol.handle('app', serveApp);
ipcMain.handle(IPC.openFile, openFile);
ipcMain.handle(IPC.saveFile, saveFile);
const win = new BrowserWindow({
  width: 1360, height: 900, title: 'oncotwin',
  webPreferences: { preload: join(HERE, 'preload.cjs'), contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, spellcheck: false },
});
await win.loadURL(`${APP_ORIGIN}/`);
