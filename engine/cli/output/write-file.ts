/**
 * Writing one output file: streamed in blocks (a million patients never become one string), synced
 * to disk before anyone may see it, and abort-aware. `replaceFile` replaces a single file atomically
 * (a temporary beside it, renamed over it) for the golden and JUnit files; several files that must
 * change together go through `OutputDir` instead.
 */
import { mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CancelledError } from '../../common/errors.js';
import { isProcessAlive } from './output-lock.js';
import { outputError, writing } from './output-error.js';

/** A file to write: its name and its content as a stream of text chunks. */
export interface OutputFile {
  name: string;
  chunks(): Iterable<string>;
}

/** Flush to disk in blocks of this size: large enough to be fast, small enough to stay responsive to abort. */
const BLOCK_CHARS = 1 << 16;

/**
 * Writes `chunks` to `path`, which must not exist yet (a name another process chose collides loudly
 * rather than being overwritten), and syncs it to disk.
 * @param shownAs the path messages name (the file the user will see, not a temporary).
 * @throws CancelledError when `signal` aborts (the partial file stays: the caller owns its removal);
 *   OutputError naming `shownAs` for file-system errors.
 */
export async function writeNewFile(path: string, chunks: Iterable<string>, signal?: AbortSignal, shownAs = path): Promise<void> {
  await writing('write', shownAs, async () => {
    const fh = await open(path, 'wx');
    try {
      let block = '';
      for (const chunk of chunks) {
        block += chunk;
        if (block.length >= BLOCK_CHARS) {
          if (signal?.aborted) throw new CancelledError();
          await fh.write(block);
          block = '';
        }
      }
      if (signal?.aborted) throw new CancelledError();
      await fh.write(block);
      await fh.sync();
    } finally {
      await fh.close();
    }
  });
}

/**
 * Syncs a directory's entries (a rename or new file in it) to disk. Platforms that cannot open a
 * directory for syncing (Windows) keep their own ordering; those errors are not failures.
 */
export async function syncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'EBADF') throw e;
  } finally {
    await fh?.close();
  }
}

/**
 * Creates `dir` and its missing ancestors one level at a time: `mkdir -p` in Node reports ENOENT where
 * the real reason is EROFS or EACCES, so each level is made on its own and its own error surfaces.
 * @throws OutputError naming the directory that could not be made.
 */
export async function ensureDir(dir: string): Promise<void> {
  const parent = dirname(dir);
  try {
    await mkdir(dir);
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code !== 'ENOENT' || parent === dir) throw outputError(e, 'create the directory', dir);
  }
  await ensureDir(parent);
  await writing('create the directory', dir, () => mkdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw e;
  }));
}

let serial = 0;

/** The temporary beside `path` this process writes: `.NAME.PID-TAG.tmp`. */
function tempFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${Date.now().toString(36)}${(serial++).toString(36)}.tmp`);
}

/**
 * Replaces the single file `path` atomically: readers see the old file or the complete new one.
 * Temporaries left by processes that were killed (their PID is gone) are removed first.
 * @throws OutputError naming the path; CancelledError on abort (the temporary is removed).
 */
export async function replaceFile(path: string, chunks: Iterable<string>, signal?: AbortSignal): Promise<void> {
  const dir = dirname(path);
  await removeDeadTemps(dir, basename(path));
  const temp = tempFor(path);
  try {
    await writeNewFile(temp, chunks, signal, path);
    await writing('replace', path, () => rename(temp, path));
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
  await writing('sync the directory', dir, () => syncDir(dir));
}

/** Removes `.NAME.PID-TAG.tmp` files in `dir` whose writer process no longer exists. */
async function removeDeadTemps(dir: string, name: string): Promise<void> {
  const prefix = `.${name}.`;
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return; // The directory's own problem surfaces, with its path, when the temporary is created.
  }
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !entry.endsWith('.tmp')) continue;
    const pid = Number(/^(\d+)-[0-9a-z]+$/.exec(entry.slice(prefix.length, -4))?.[1]);
    if (Number.isInteger(pid) && pid > 0 && !isProcessAlive(pid)) await unlink(join(dir, entry)).catch(() => undefined);
  }
}
