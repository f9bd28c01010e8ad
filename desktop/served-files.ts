/**
 * Reading a file of a served folder (the built-in models/ and scenarios/ of `npm run ui`) so that
 * nothing outside the folder can be reached through it:
 * - the name must be plain file names joined by `/` (no `..`, no leading dots, no backslashes);
 * - the real path (symlinks resolved) must lie inside the folder's real path, so a link from
 *   models/ to /etc/passwd or ~/.ssh is refused;
 * - the file is opened non-blocking and must be a regular file (a FIFO or device would block the
 *   server or never end) of at most `maxBytes`.
 * Every refusal is `undefined` (the server answers 404 without saying why: the reason would help
 * whoever probes the folder).
 */
import { constants } from 'node:fs';
import { open, readdir, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';

/** Largest served file: the built-in YAML files are a few kilobytes. */
export const MAX_SERVED_BYTES = 4 * 1024 * 1024;

/** A plain name: letters, digits, `_`, `-` and `.`, not starting with a dot. */
const PLAIN_NAME = /^[\w-][\w.-]*$/;

/**
 * The real path of `dir/name` when it is inside `dir`'s real path, else undefined. `name` is a file
 * name, or plain names joined by `/` for a file in a sub-folder (`survival/x.yaml`).
 */
export async function containedPath(dir: string, name: string): Promise<string | undefined> {
  if (!name.split('/').every((part) => PLAIN_NAME.test(part))) return undefined;
  try {
    const root = await realpath(dir);
    const real = await realpath(join(dir, ...name.split('/')));
    return real.startsWith(root + sep) ? real : undefined;
  } catch {
    return undefined;
  }
}

/** The bytes of `dir/name` when it is a regular file inside `dir` of at most `maxBytes`, else undefined. */
export async function readServedFile(dir: string, name: string, maxBytes = MAX_SERVED_BYTES): Promise<Buffer | undefined> {
  const real = await containedPath(dir, name);
  if (!real) return undefined;
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. O_NOFOLLOW: the real
  // path has no final link; if one was swapped in since realpath, refuse it rather than follow it.
  const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);
  let fh;
  try {
    fh = await open(real, flags);
  } catch {
    return undefined;
  }
  try {
    const st = await fh.stat();
    if (!st.isFile() || st.size > maxBytes) return undefined;
    return await fh.readFile();
  } catch {
    return undefined;
  } finally {
    await fh.close();
  }
}

/** The names in `dir` matching `pattern` that `readServedFile` would serve (sorted). */
export async function listServedFiles(dir: string, pattern: RegExp): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((f) => pattern.test(f)).sort();
  } catch {
    return [];
  }
  const kept = await Promise.all(names.map(async (f) => ((await readServedFile(dir, f)) ? f : undefined)));
  return kept.filter((f): f is string => f !== undefined);
}
