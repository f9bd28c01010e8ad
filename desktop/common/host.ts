/**
 * The small host interface that differs between the Electron app and the browser.
 *
 * Interface rules:
 * - In Electron, `openFiles`/`saveFile` go through the preload bridge (native dialogs in main, which
 *   checks and reads the chosen files).
 * - In the browser, `openFiles` uses an <input type=file> (several files, or a folder) and
 *   `saveFile` a download link.
 * - `openFiles` resolves with `undefined` when the user cancels; it never throws for a cancel. Files
 *   it could not take (too large, not a regular file…) are in `skipped` with the reason.
 */
import type { OpenedFileEntry, SkippedFile } from './ipc-channels.js';

/** The files one open brought in: `path` is a file name, or `<folder>/<sub>/<name>` for a folder's files. */
export interface OpenedFiles {
  files: OpenedFileEntry[];
  skipped: SkippedFile[];
}

export interface Host {
  readonly kind: 'electron' | 'browser';
  /** Several files (`folder` false) or one folder's files with extensions `accept` (without dots). */
  openFiles(accept: string[], folder: boolean): Promise<OpenedFiles | undefined>;
  /**
   * Saves `data` under a name the user confirms (Electron) or downloads it (browser); false when the
   * user cancelled the save dialog.
   */
  saveFile(suggestedName: string, mime: string, data: string | Uint8Array): Promise<boolean>;
}
