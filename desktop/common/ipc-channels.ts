/**
 * Typed IPC channel names between the renderer (through the preload bridge) and main.
 *
 * Interface rules: every channel has exactly one preload method; main validates the sender frame
 * and every payload with `ipc-validate.ts` before acting. Only `invoke`/`handle` is used (no
 * `send`), so every request has one typed reply.
 */
export const IPC = {
  openFile: 'oncotwin:open-file',
  saveFile: 'oncotwin:save-file',
} as const;

export type IpcChannel = (typeof IPC)[keyof typeof IPC];

/** Renderer → main: show an open dialog for these extensions (without dots). */
export interface OpenFileRequest {
  extensions: string[];
}

/** Main → renderer: the chosen file, or null when cancelled. */
export type OpenFileReply = { name: string; text: string } | null;

/** Renderer → main: show a save dialog and write `data` (text, or bytes for PNG). */
export interface SaveFileRequest {
  suggestedName: string;
  data: string | Uint8Array;
}

/** Main → renderer: true when written, false when the user cancelled. */
export type SaveFileReply = boolean;

/** The API the preload script exposes as `window.oncotwinHost` (one method per channel). */
export interface PreloadApi {
  openFile(req: OpenFileRequest): Promise<OpenFileReply>;
  saveFile(req: SaveFileRequest): Promise<SaveFileReply>;
}
