/**
 * Electron main process. Security posture (Electron security checklist):
 * - the UI is served from app://oncotwin/ (a privileged standard scheme, never file://), with the same
 *   strict CSP as `npm run ui`; only the engine and twin workers' responses allow eval (generated kernels);
 * - every renderer is sandboxed, with contextIsolation and no nodeIntegration; new windows, webviews,
 *   and navigation or redirects of any frame away from the app are refused, and so is every
 *   permission request (window-policy.ts);
 * - the renderer reaches the OS only through two IPC channels, and every call is checked here: the
 *   sender frame must be app://oncotwin, the payload must pass ipc-validate.ts; what the user picks in
 *   the open dialog is read only when it is a regular file under the size cap (read-chosen-files.ts);
 * - fuses (no ELECTRON_RUN_AS_NODE, NODE_OPTIONS or --inspect; app only from an integrity-checked
 *   asar) are flipped in the packaged binary by desktop/packaging/after-pack.ts.
 * Layout (made by desktop/build-electron.ts): main.mjs and preload.cjs next to renderer/ (page and
 * worker bundles, index.html, css) and data/ (models/, scenarios/).
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, type IpcMainInvokeEvent, type OpenDialogOptions } from 'electron';
import { IPC, type OpenFileReply, type SaveFileReply } from '../common/ipc-channels.js';
import { APP_ORIGIN, isTrustedSenderUrl, validateOpenFileRequest, validateSaveFileRequest } from '../common/ipc-validate.js';
import { cspFor } from '../serve-policy.js';
import { readChosenFiles, readChosenFolder } from './read-chosen-files.js';
import { confineNavigation, denyPermissions } from './window-policy.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const RENDERER = join(HERE, 'renderer');
const DATA = join(HERE, 'data');
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.yaml': 'text/yaml; charset=utf-8', '.json': 'application/json' };

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

function respond(body: string | Buffer, path: string, status = 200): Response {
  const bytes = typeof body === 'string' ? body : (body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
  return new Response(bytes, {
    status,
    headers: { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Content-Security-Policy': cspFor(path), 'X-Content-Type-Options': 'nosniff' },
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
    const data = /^\/(models|scenarios)\/((?:[\w-][\w.-]*\/)*[\w-][\w.-]*\.ya?ml)$/.exec(path);
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

/** The open dialog: several files, or one folder; each chosen file is checked before it is read. */
async function openFile(e: IpcMainInvokeEvent, payload: unknown): Promise<OpenFileReply> {
  const win = trusted(e);
  if (!win) throw new Error('untrusted sender');
  const req = validateOpenFileRequest(payload);
  if (!req.ok) throw new Error(req.error);
  const options: OpenDialogOptions = req.value.folder
    ? { properties: ['openDirectory'] }
    : { properties: ['openFile', 'multiSelections'], filters: [{ name: 'Scenario and model files', extensions: req.value.extensions }] };
  const r = await dialog.showOpenDialog(win, options);
  if (r.canceled || !r.filePaths.length) return null;
  return req.value.folder ? readChosenFolder(r.filePaths[0], req.value.extensions) : readChosenFiles(r.filePaths);
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

app.enableSandbox();
app.on('web-contents-created', (_e, contents) => confineNavigation(contents));
app.on('window-all-closed', () => app.quit());

await app.whenReady();
denyPermissions(session.defaultSession);
protocol.handle('app', serveApp);
ipcMain.handle(IPC.openFile, openFile);
ipcMain.handle(IPC.saveFile, saveFile);
const win = new BrowserWindow({
  width: 1360, height: 900, title: 'oncotwin',
  webPreferences: { preload: join(HERE, 'preload.cjs'), contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, spellcheck: false },
});
await win.loadURL(`${APP_ORIGIN}/`);
