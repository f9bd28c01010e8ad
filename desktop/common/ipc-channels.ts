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

/**
 * Renderer → main: show an open dialog for these extensions (without dots): several files, or with
 * `folder` one folder (its files with these extensions, sub-folders included).
 */
export interface OpenFileRequest {
  extensions: string[];
  folder?: boolean;
}

/** One file read: `path` is its name, or `<folder>/<sub>/<name>` for a folder's files. */
export interface OpenedFileEntry {
  path: string;
  text: string;
}

/** A chosen file that was not read, and why (not a regular file, too large, a link…). */
export interface SkippedFile {
  path: string;
  why: string;
}

/** Main → renderer: the files read and those left out, or null when cancelled. */
export type OpenFileReply = { files: OpenedFileEntry[]; skipped: SkippedFile[] } | null;

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
