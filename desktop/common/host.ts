/**
 * The small host interface that differs between the Electron app and the browser.
 *
 * Interface rules:
 * - In Electron, `openText`/`saveFile` go through the preload bridge (native dialogs in main).
 * - In the browser, `openText` uses an <input type=file> and `saveFile` a download link.
 * - `openText` resolves with `undefined` when the user cancels; it never throws for a cancel.
 */
export interface OpenedFile {
  name: string;
  text: string;
}

export interface Host {
  readonly kind: 'electron' | 'browser';
  openText(accept: string[]): Promise<OpenedFile | undefined>;
  /**
   * Saves `data` under a name the user confirms (Electron) or downloads it (browser); false when the
   * user cancelled the save dialog.
   */
  saveFile(suggestedName: string, mime: string, data: string | Uint8Array): Promise<boolean>;
}
