/**
 * The two Host implementations (desktop/common/host.ts): Electron, through the preload bridge
 * `window.oncotwinHost` (native dialogs in main), and the plain browser (file picker, download link).
 */
import type { Host } from '../common/host.js';
import type { PreloadApi } from '../common/ipc-channels.js';
import { pickFiles } from './pick-files.js';

function browserHost(): Host {
  return {
    kind: 'browser',
    openFiles: pickFiles,
    async saveFile(name, mime, data) {
      const url = URL.createObjectURL(new Blob([typeof data === 'string' ? data : data.slice()], { type: mime }));
      const a = Object.assign(document.createElement('a'), { href: url, download: name });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return true;
    },
  };
}

function electronHost(api: PreloadApi): Host {
  return {
    kind: 'electron',
    async openFiles(accept, folder) {
      return (await api.openFile({ extensions: accept, ...(folder ? { folder: true } : {}) })) ?? undefined;
    },
    async saveFile(name, _mime, data) {
      return api.saveFile({ suggestedName: name, data });
    },
  };
}

/** The host of this page: Electron when the preload bridge is present, else the browser. */
export function currentHost(): Host {
  const api = (globalThis as { oncotwinHost?: PreloadApi }).oncotwinHost;
  return api ? electronHost(api) : browserHost();
}
