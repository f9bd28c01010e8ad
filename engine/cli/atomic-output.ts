/**
 * All-or-nothing output: every file is first written to a hidden temporary name inside the target
 * directory (same file system, so rename is atomic) and only renamed into place once all of them are
 * complete. A failure or an abort part-way removes the temporaries, so an interrupted run leaves
 * either complete output files or none — and never clobbers a previous run's files with half of new ones.
 */
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CancelledError } from '../common/errors.js';
import { UsageError } from './exit-codes.js';

/** A file to write: its name inside the directory and its content as a stream of text chunks. */
export interface OutputFile {
  name: string;
  chunks(): Iterable<string>;
}

/** Flush to disk in blocks of this size: large enough to be fast, small enough to stay responsive to abort. */
const BLOCK_CHARS = 1 << 16;

/**
 * Creates `dir` if needed and proves it is writable by creating and removing a probe file, so a bad
 * `--out` fails before a long simulation rather than after it.
 * @throws UsageError (exit 2) naming the directory and the system's reason.
 */
export async function prepareOutputDir(dir: string): Promise<void> {
  const probe = join(dir, `.oncotwin-probe-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    const fh = await open(probe, 'w');
    await fh.close();
    await unlink(probe);
  } catch (e) {
    throw new UsageError(
      `cannot write to output directory ${resolve(dir)}: ${systemReason(e)}`,
      'pass a writable directory with --out DIR, or fix its permissions',
    );
  }
}

/**
 * Writes `files` into `dir` all-or-nothing.
 * @returns the final paths, in the order given.
 * @throws CancelledError when `signal` aborts part-way (temporaries removed); any write error is rethrown
 *   after the temporaries are removed.
 */
export async function writeFilesAtomically(dir: string, files: OutputFile[], signal?: AbortSignal): Promise<string[]> {
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  const temps: string[] = [];
  try {
    for (const file of files) {
      const temp = join(dir, `.${file.name}.${tag}.tmp`);
      temps.push(temp);
      await writeOne(temp, file, signal);
    }
  } catch (e) {
    await removeQuietly(temps);
    throw e;
  }
  const finals = files.map((f) => join(dir, f.name));
  for (let i = 0; i < files.length; i++) {
    try {
      await rename(temps[i], finals[i]);
    } catch (e) {
      await removeQuietly(temps.slice(i));
      throw e;
    }
  }
  return finals;
}

async function writeOne(path: string, file: OutputFile, signal?: AbortSignal): Promise<void> {
  const fh = await open(path, 'w');
  try {
    let block = '';
    for (const chunk of file.chunks()) {
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
}

async function removeQuietly(paths: string[]): Promise<void> {
  // A temporary may not exist yet (open failed); nothing else is worth reporting over the original error.
  await Promise.all(paths.map((p) => unlink(p).catch(() => undefined)));
}

/** "permission denied (EACCES)" from a Node system error; the message otherwise. */
export function systemReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOTDIR: 'a path component is a file, not a directory',
    EEXIST: 'a file with that name exists',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on device',
    ENOENT: 'no such file or directory',
  };
  if (err && typeof err.code === 'string' && reasons[err.code]) return `${reasons[err.code]} (${err.code})`;
  return err instanceof Error ? err.message : String(e);
}
