/**
 * The small part of Electron's API the shell uses, declared locally so desktop/main and
 * desktop/preload type-check without the electron package (which cannot be installed here). Shapes
 * follow Electron 33's electron.d.ts; when electron is installed, delete this file.
 */
declare module 'electron' {
  interface WebFrameMain { readonly url: string }
  interface IpcMainInvokeEvent { readonly senderFrame: WebFrameMain | null }
  interface WebContents {
    setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' | 'allow' }): void;
    on(event: 'will-navigate', listener: (event: { preventDefault(): void }, url: string) => void): this;
  }
  interface BrowserWindowOptions {
    width?: number;
    height?: number;
    title?: string;
    show?: boolean;
    webPreferences?: { preload?: string; contextIsolation?: boolean; sandbox?: boolean; nodeIntegration?: boolean; webSecurity?: boolean; spellcheck?: boolean };
  }
  class BrowserWindow {
    constructor(options?: BrowserWindowOptions);
    readonly webContents: WebContents;
    loadURL(url: string): Promise<void>;
    static getAllWindows(): BrowserWindow[];
    static fromWebContents(wc: WebContents): BrowserWindow | null;
  }
  interface FileFilter { name: string; extensions: string[] }
  const dialog: {
    showOpenDialog(win: BrowserWindow, opts: { properties: 'openFile'[]; filters: FileFilter[] }): Promise<{ canceled: boolean; filePaths: string[] }>;
    showSaveDialog(win: BrowserWindow, opts: { defaultPath: string; filters: FileFilter[] }): Promise<{ canceled: boolean; filePath?: string }>;
  };
  const app: {
    whenReady(): Promise<void>;
    on(event: 'window-all-closed' | 'activate', listener: () => void): void;
    on(event: 'web-contents-created', listener: (event: unknown, contents: WebContents) => void): void;
    quit(): void;
    getVersion(): string;
  };
  const protocol: {
    registerSchemesAsPrivileged(schemes: { scheme: string; privileges: { standard?: boolean; secure?: boolean; supportFetchAPI?: boolean } }[]): void;
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
  };
  const ipcMain: {
    handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  };
  const ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  };
  const contextBridge: {
    exposeInMainWorld(key: string, api: unknown): void;
  };
}
