/**
 * The two Host implementations (desktop/common/host.ts): Electron, through the preload bridge
 * `window.oncotwinHost` (native dialogs in main), and the plain browser (file input, download link).
 */
import type { Host, OpenedFile } from '../common/host.js';
import type { PreloadApi } from '../common/ipc-channels.js';

function browserHost(): Host {
  return {
    kind: 'browser',
    openText(accept) {
      return new Promise<OpenedFile | undefined>((resolve) => {
        const input = Object.assign(document.createElement('input'), { type: 'file', accept: accept.map((e) => `.${e}`).join(',') });
        input.addEventListener('change', () => {
          const f = input.files?.[0];
          if (!f) { resolve(undefined); return; }
          f.text().then((text) => resolve({ name: f.name, text }), () => resolve(undefined));
        });
        input.addEventListener('cancel', () => resolve(undefined));
        input.click();
      });
    },
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
    async openText(accept) {
      return (await api.openFile({ extensions: accept })) ?? undefined;
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
