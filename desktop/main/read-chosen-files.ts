/**
 * Reading what the user chose in the open dialog (Electron main): files, or a folder with the
 * scenario and the model files it names. The dialog only says which paths the user picked, not what
 * they are, so each one is checked before it is read:
 * - opened non-blocking and checked to be a regular file (a FIFO would block main forever, a device
 *   would never end), within the limits of common/open-limits.ts;
 * - in a folder, only files with the allowed extensions, symlinks not followed, hidden entries
 *   skipped, at most MAX_OPEN_DEPTH folders deep.
 * Whatever is left out is listed with the reason, so the page can say so.
 */
import { constants } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { OpenedFileEntry, SkippedFile } from '../common/ipc-channels.js';
import { hasExtension, MAX_OPEN_DEPTH, MAX_OPEN_FILE_BYTES, overLimit } from '../common/open-limits.js';

export interface ChosenFiles {
  files: OpenedFileEntry[];
  skipped: SkippedFile[];
}

const code = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? 'error';

/** The text of `path` when it is a regular file that fits after `total` bytes; otherwise why not. */
export async function readRegularFile(path: string, total = 0, count = 0): Promise<{ text: string } | { why: string }> {
  let fh;
  try {
    fh = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { why: `cannot be opened (${code(e)})` };
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) return { why: 'not a regular file' };
    const why = overLimit(st.size, total, count);
    if (why) return { why };
    const text = await fh.readFile('utf8');
    // The file may have grown since fstat: hold it to the same cap.
    return Buffer.byteLength(text) > MAX_OPEN_FILE_BYTES ? { why: overLimit(Buffer.byteLength(text), 0, 0)! } : { text };
  } catch (e) {
    return { why: `cannot be read (${code(e)})` };
  } finally {
    await fh.close();
  }
}

/** Adds `path` (read from `abs`) to `out`, or to its skipped list with the reason. */
async function take(out: ChosenFiles, abs: string, path: string, total: { bytes: number }): Promise<void> {
  const r = await readRegularFile(abs, total.bytes, out.files.length);
  if ('why' in r) { out.skipped.push({ path, why: r.why }); return; }
  total.bytes += Buffer.byteLength(r.text);
  out.files.push({ path, text: r.text });
}

/** The files picked one by one (named by their base name). */
export async function readChosenFiles(paths: string[]): Promise<ChosenFiles> {
  const out: ChosenFiles = { files: [], skipped: [] };
  const total = { bytes: 0 };
  for (const p of paths) await take(out, p, basename(p), total);
  return out;
}

/**
 * The files with `extensions` under the folder `dir`, named `<folder>/<sub>/<file>` relative to the
 * folder's parent (as a browser's folder picker names them).
 */
export async function readChosenFolder(dir: string, extensions: string[]): Promise<ChosenFiles> {
  const out: ChosenFiles = { files: [], skipped: [] };
  const total = { bytes: 0 };
  const walk = async (abs: string, rel: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(abs, { withFileTypes: true });
    } catch (e) {
      out.skipped.push({ path: rel, why: `folder cannot be read (${code(e)})` });
      return;
    }
    for (const d of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = `${rel}/${d.name}`;
      if (d.isDirectory()) {
        if (depth < MAX_OPEN_DEPTH && !d.name.startsWith('.')) await walk(join(abs, d.name), path, depth + 1);
      } else if (hasExtension(d.name, extensions)) {
        if (d.isSymbolicLink()) out.skipped.push({ path, why: 'a symbolic link (not followed)' });
        else await take(out, join(abs, d.name), path, total);
      }
    }
  };
  await walk(dir, basename(dir), 0);
  return out;
}
