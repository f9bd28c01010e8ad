/**
 * Files brought in by the browser: the file picker (several files, or a folder with
 * `webkitdirectory`) and drag and drop (files and folders, through the File System entries API).
 * Folders keep their layout in the names (`project/models/x.yaml`), so a scenario's relative
 * `model:` path finds its model. Only files with the wanted extensions are kept, within the limits
 * of common/open-limits.ts; what is left out is listed with the reason.
 */
import type { OpenedFiles } from '../common/host.js';
import { hasExtension, MAX_OPEN_DEPTH, MAX_OPEN_FILES, overLimit } from '../common/open-limits.js';

/** A picked or dropped file and the path it is known by. */
export interface PickedFile {
  path: string;
  file: File;
}

/** Reads the picked files with `extensions`, skipping (with the reason) what does not fit the limits. */
export async function readPicked(picked: PickedFile[], extensions: string[]): Promise<OpenedFiles> {
  const out: OpenedFiles = { files: [], skipped: [] };
  let total = 0;
  for (const p of picked.filter((x) => hasExtension(x.path.replace(/^.*\//, ''), extensions))) {
    const why = overLimit(p.file.size, total, out.files.length);
    if (why) { out.skipped.push({ path: p.path, why }); continue; }
    try {
      out.files.push({ path: p.path, text: await p.file.text() });
      total += p.file.size;
    } catch (e) {
      out.skipped.push({ path: p.path, why: `cannot be read (${e instanceof Error ? e.message : String(e)})` });
    }
  }
  return out;
}

/** Shows the browser's file picker: several files, or one folder (its files named with their folder path). */
export function pickFiles(extensions: string[], folder: boolean): Promise<OpenedFiles | undefined> {
  return new Promise((resolve) => {
    const input = Object.assign(document.createElement('input'), { type: 'file', multiple: true, accept: extensions.map((e) => `.${e}`).join(',') });
    if (folder) input.webkitdirectory = true;
    input.addEventListener('change', () => {
      const files = Array.from(input.files ?? []);
      if (!files.length) { resolve(undefined); return; }
      void readPicked(files.map((f) => ({ path: f.webkitRelativePath || f.name, file: f })), extensions).then(resolve);
    });
    input.addEventListener('cancel', () => resolve(undefined));
    input.click();
  });
}

function entryFile(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** All entries of a dropped folder (readEntries answers in batches until it answers none). */
async function folderEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length || all.length > MAX_OPEN_FILES * 4) return all;
    all.push(...batch);
  }
}

/**
 * The files of dropped items, folders walked up to MAX_OPEN_DEPTH deep (hidden entries skipped). An
 * item without a file-system entry (no entries API, or a drop made by a script) is taken as a file.
 */
export async function droppedFiles(items: DataTransferItemList): Promise<PickedFile[]> {
  const list = Array.from(items).filter((i) => i.kind === 'file');
  const roots = list.map((i) => i.webkitGetAsEntry?.() ?? null).filter((e): e is FileSystemEntry => e !== null);
  const out: PickedFile[] = list.filter((i) => !i.webkitGetAsEntry?.()).map((i) => i.getAsFile()).filter((f): f is File => f !== null).map((f) => ({ path: f.name, file: f }));
  const walk = async (entry: FileSystemEntry, path: string, depth: number): Promise<void> => {
    if (entry.name.startsWith('.') || out.length > MAX_OPEN_FILES) return;
    if (entry.isFile) out.push({ path, file: await entryFile(entry as FileSystemFileEntry) });
    else if (entry.isDirectory && depth <= MAX_OPEN_DEPTH) {
      for (const e of await folderEntries(entry as FileSystemDirectoryEntry)) await walk(e, `${path}/${e.name}`, depth + 1);
    }
  };
  for (const r of roots) await walk(r, r.name, 0);
  return out;
}
