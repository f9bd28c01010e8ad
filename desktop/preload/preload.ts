/**
 * The preload bridge (sandboxed, context-isolated): exposes `window.oncotwinHost` with exactly one
 * method per IPC channel and nothing else — no ipcRenderer, no generic invoke. Main validates every
 * payload again (ipc-validate.ts); this side only shapes the call.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC, type OpenFileReply, type PreloadApi, type SaveFileReply } from '../common/ipc-channels.js';

const api: PreloadApi = {
  openFile: (req) => ipcRenderer.invoke(IPC.openFile, { extensions: [...req.extensions], ...(req.folder ? { folder: true } : {}) }) as Promise<OpenFileReply>,
  saveFile: (req) => ipcRenderer.invoke(IPC.saveFile, { suggestedName: req.suggestedName, data: req.data }) as Promise<SaveFileReply>,
};

contextBridge.exposeInMainWorld('oncotwinHost', api);
