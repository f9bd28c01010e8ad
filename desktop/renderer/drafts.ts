/**
 * Unsaved edits are never lost: every edit of a scenario is kept in the renderer's local storage,
 * per scenario file, until the user saves it or reverts it. A reload, a crash, closing the window,
 * or switching to another scenario and back brings the edits back (with a note saying so).
 *
 * Why local storage: it survives reloads and restarts in the browser (per origin) and in Electron
 * (the app:// origin's storage lives in the user's profile), needs no IPC, and scenario files are
 * small (kilobytes; the quota is megabytes). A storage that is missing or full only disables drafts.
 */

/** One scenario's unsaved text, the text it was opened from, and when it was last edited. */
export interface Draft {
  text: string;
  original: string;
  savedAt: number;
}

const PREFIX = 'oncotwin.draft:';
const LAST_FILE = 'oncotwin.last-file';

/** Drafts keyed by scenario file (`/scenarios/x.yaml` for built-ins, `/user/x.yaml` for opened files). */
export class DraftStore {
  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined) {}

  /** The draft of `file`, or undefined when there is none (or it cannot be read). */
  get(file: string): Draft | undefined {
    const raw = this.read(PREFIX + file);
    if (raw === undefined) return undefined;
    try {
      const d = JSON.parse(raw) as Partial<Draft>;
      if (typeof d.text !== 'string' || typeof d.original !== 'string' || typeof d.savedAt !== 'number') return undefined;
      return { text: d.text, original: d.original, savedAt: d.savedAt };
    } catch {
      return undefined;
    }
  }

  /** Records `text` as the draft of `file`; text equal to the original is no draft (it is removed). */
  put(file: string, text: string, original: string, now = Date.now()): void {
    if (text === original) { this.remove(file); return; }
    this.write(PREFIX + file, JSON.stringify({ text, original, savedAt: now } satisfies Draft));
  }

  remove(file: string): void {
    try { this.storage?.removeItem(PREFIX + file); } catch { /* storage unavailable: nothing to remove */ }
  }

  /** The scenario file that was open last, to reopen it at start-up. */
  lastFile(): string | undefined {
    return this.read(LAST_FILE);
  }

  setLastFile(file: string): void {
    this.write(LAST_FILE, file);
  }

  private read(key: string): string | undefined {
    try { return this.storage?.getItem(key) ?? undefined; } catch { return undefined; }
  }

  private write(key: string, value: string): void {
    // A full or disabled storage must not break editing; the edit itself is still in the editor.
    try { this.storage?.setItem(key, value); } catch { /* quota exceeded or storage disabled */ }
  }
}

/** The note shown above the editor when a draft was restored. */
export function draftNote(file: string, d: Draft): string {
  const name = file.replace(/^.*\//, '');
  const when = new Date(d.savedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return `Showing your unsaved edits of ${name} (last edited ${when}).`;
}
