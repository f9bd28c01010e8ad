/**
 * File-system failures while writing outputs, as messages a user can act on: the path, the system's
 * reason in words and what to do — exit code 4, never "internal error". The same table words raw
 * file-system errors elsewhere in the CLI (`describeFsError`).
 */
import { EXIT } from '../exit-codes.js';

/** An output (file, directory, lock) could not be written. Exit code 4. */
export class OutputError extends Error {
  readonly exitCode = EXIT.output;
  readonly hint?: string;
  /** The file-system error code (ENOSPC, EACCES…) when the system refused, else undefined. */
  readonly code?: string;
  constructor(message: string, hint?: string, code?: string) {
    super(message);
    this.name = 'OutputError';
    this.hint = hint;
    this.code = code;
  }
}

interface Reason {
  words: string;
  /** What to do about it, for an output path. */
  fix: string;
}

const WRITABLE = 'pass --out DIR (or the file option) on a writable file system';
const PERMISSIONS = `fix the permissions of that directory, or ${WRITABLE}`;
const IN_USE = 'close the programs using that path, or write elsewhere';

const REASONS: Record<string, Reason> = {
  ENOSPC: { words: 'no space left on device', fix: `free space on that file system, or ${WRITABLE} with room; nothing was replaced` },
  EDQUOT: { words: 'disk quota exceeded', fix: `free space within your quota, or ${WRITABLE}; nothing was replaced` },
  EFBIG: { words: 'file too large for this file system', fix: `${WRITABLE} that allows large files, or run fewer patients` },
  EACCES: { words: 'permission denied', fix: PERMISSIONS },
  EPERM: { words: 'operation not permitted', fix: PERMISSIONS },
  EROFS: { words: 'read-only file system', fix: WRITABLE },
  EISDIR: { words: 'is a directory', fix: 'name a file there, not a directory' },
  ENOTDIR: { words: 'a component of the path is a file, not a directory', fix: 'check the path: every part before the last must be a directory' },
  ENAMETOOLONG: { words: 'file name too long', fix: 'use a shorter path' },
  ELOOP: { words: 'too many levels of symbolic links', fix: 'check the symbolic links along the path' },
  EMFILE: { words: 'too many open files in this process', fix: 'raise the open-file limit (`ulimit -n`) and run again' },
  ENFILE: { words: 'too many open files on this system', fix: 'close other programs or raise the system open-file limit, then run again' },
  EIO: { words: 'input/output error (the disk or network file system failed)', fix: 'check the disk or the network mount, or write elsewhere' },
  EBUSY: { words: 'resource busy', fix: IN_USE },
  ETXTBSY: { words: 'file busy', fix: IN_USE },
  EEXIST: { words: 'a file with that name exists', fix: 'remove it or choose another path' },
  ENOENT: { words: 'no such file or directory', fix: 'check the path' },
  EXDEV: { words: 'crosses file systems', fix: 'keep the output on one file system' },
};

/** The system's reason in words with its code, e.g. "no space left on device (ENOSPC)". */
export function systemReason(e: unknown): string {
  const code = errnoCode(e);
  if (code && REASONS[code]) return `${REASONS[code].words} (${code})`;
  if (code) return code;
  return e instanceof Error ? e.message : String(e);
}

/** What to do about a file-system error `e` (generic advice when the code is unknown). */
export function systemFix(e: unknown): string {
  const code = errnoCode(e);
  return (code && REASONS[code]?.fix) || `check the path and the file system, or ${WRITABLE}`;
}

/** The errno code of a Node system error, if it is one. */
export function errnoCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

/**
 * Wraps a file-system error from writing `path` (`what`: "write", "create the directory"…) as an
 * OutputError naming the path; cancellation and OutputErrors pass through unchanged.
 */
export function outputError(e: unknown, what: string, path: string): Error {
  if (e instanceof OutputError || (e as Error | null)?.name === 'CancelledError') return e as Error;
  const code = errnoCode(e);
  if (!code) return e instanceof Error ? e : new Error(String(e));
  return new OutputError(`cannot ${what} ${path}: ${systemReason(e)}`, systemFix(e), code);
}

/** Runs `fn`, turning its file-system errors into OutputErrors about `path`. */
export async function writing<T>(what: string, path: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw outputError(e, what, path);
  }
}
