/**
 * The output directory of a run, committed as one unit.
 *
 * `DIR` (--out, or results/<id>) is a symbolic link to a generation directory in the store
 * `.<name>.oncotwin/` beside it. A run writes every file into a fresh generation, syncs it, and then
 * replaces the link with one rename — atomic on POSIX file systems. So whoever resolves DIR sees
 * either the previous run's files or the complete new set, never a mix, whatever kills the process
 * when. The generation the link pointed to before stays until the next run into DIR starts writing
 * (a reader who resolved the old link can finish); older or incomplete generations (a run killed with
 * SIGKILL) are removed then, so at most two sets of files exist at any time. A lock in the store keeps two runs from writing the same DIR (output-lock.ts).
 *
 * Interface rules: `open` before the simulation (a bad --out fails in a second, not after an hour),
 * `commit` once per run, `close` always (in `finally`): it removes an uncommitted generation and
 * releases the lock. A process that exits without `close` (a second Ctrl-C) cleans up in its 'exit'
 * handler; one that is SIGKILLed leaves a stale lock and an incomplete generation, which the next run
 * into DIR takes over and removes.
 */
import { lstat, mkdir, readdir, readlink, rename, rm, rmdir, symlink, unlink } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { UsageError } from '../exit-codes.js';
import { acquireLock, isProcessAlive, type OutputLock } from './output-lock.js';
import { errnoCode, OutputError, outputError, systemReason, writing } from './output-error.js';
import { ensureDir, syncDir, writeNewFile, type OutputFile } from './write-file.js';

/** Files a run may write; a plain directory holding only these (an older oncotwin's output) is adopted. */
export const RUN_OUTPUT_NAMES = ['summary.json', 'patients.csv', 'timecourse.csv', 'trajectories.csv', 'report.html'];

/** What DIR is before a commit. */
type Target =
  | { kind: 'absent' }
  | { kind: 'link'; generation: string }
  | { kind: 'empty-dir' }
  | { kind: 'legacy-dir' };

export class OutputDir {
  private generation?: string;
  /** Commits so far: part of the generation name, so two in one millisecond never collide. */
  private commits = 0;
  private readonly onExit = () => this.cleanupSync();

  private constructor(
    /** The directory readers use (the link). */
    readonly path: string,
    /** `.<name>.oncotwin/` beside it. */
    readonly store: string,
    private readonly lock: OutputLock,
  ) {
    process.once('exit', this.onExit);
  }

  /**
   * Checks that `dir` is something oncotwin may replace, creates its store and takes the lock.
   * @throws UsageError (exit 2) when `dir` is a file, a foreign link or a directory with other files;
   *   OutputError (exit 4) when the file system refuses or another run holds the lock.
   */
  static async open(dir: string): Promise<OutputDir> {
    const path = resolve(dir);
    const parent = dirname(path);
    if (parent === path) throw new UsageError(`cannot use ${path} as the output directory`, 'pass --out with a directory of its own, e.g. --out results/run1');
    const store = join(parent, `.${basename(path)}.oncotwin`);
    await inspectTarget(path, store);
    await ensureDir(store);
    const lock = await acquireLock(join(store, 'lock'), path);
    return new OutputDir(path, store, lock);
  }

  /**
   * Writes `files` as a new generation and switches DIR to it in one rename.
   * @returns the files' paths through DIR.
   * @throws CancelledError when `signal` aborts (nothing changed); OutputError naming the path.
   */
  async commit(files: OutputFile[], signal?: AbortSignal): Promise<string[]> {
    const before = await inspectTarget(this.path, this.store);
    await this.removeGenerations(before.kind === 'link' ? [before.generation] : []);
    const name = `g-${Date.now().toString(36)}-${process.pid}-${(this.commits++).toString(36)}`;
    const gen = join(this.store, name);
    this.generation = gen;
    await writing('create the directory', gen, () => mkdir(gen));
    for (const f of files) await writeNewFile(join(gen, f.name), f.chunks(), signal, join(this.path, f.name));
    await writing('sync the directory', gen, () => syncDir(gen));
    await this.switchTo(name, before);
    this.generation = undefined;
    return files.map((f) => join(this.path, f.name));
  }

  /** Removes an uncommitted generation and releases the lock. */
  async close(): Promise<void> {
    process.off('exit', this.onExit);
    if (this.generation) await rm(this.generation, { recursive: true, force: true }).catch(() => undefined);
    this.generation = undefined;
    await this.lock.release();
  }

  private cleanupSync(): void {
    if (this.generation) {
      try {
        rmSync(this.generation, { recursive: true, force: true });
      } catch {
        // Exiting anyway: the next run into this directory removes it.
      }
    }
    this.lock.releaseSync();
  }

  /**
   * Points DIR at generation `name`: the atomic step. The new link is made first, so a file system
   * without symbolic links fails before anything changed; a plain directory at DIR is moved aside
   * just before the rename.
   */
  private async switchTo(name: string, before: Target): Promise<void> {
    const parent = dirname(this.path);
    const tempLink = join(this.store, `link-${process.pid}.tmp`);
    await unlink(tempLink).catch(() => undefined);
    try {
      await symlink(relative(parent, join(this.store, name)), tempLink);
    } catch (e) {
      const code = errnoCode(e);
      if (code !== 'EPERM' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP' && code !== 'ENOTSUP') throw outputError(e, 'create a symbolic link at', tempLink);
      throw new OutputError(`cannot create a symbolic link at ${tempLink}: ${systemReason(e)}`,
        'oncotwin commits an output directory by switching a symbolic link; pass --out on a file system that has them (not FAT or exFAT; on Windows, enable Developer Mode)', code);
    }
    if (before.kind === 'empty-dir') await writing('replace the empty directory', this.path, () => rmdir(this.path));
    // A directory written by an older oncotwin becomes a generation, so its files are kept like any
    // previous run's. (Between this rename and the next, DIR is briefly absent: once, on adoption.)
    if (before.kind === 'legacy-dir') {
      const adopted = join(this.store, `g-adopted-${Date.now().toString(36)}-${process.pid}`);
      await writing('move aside', this.path, () => rename(this.path, adopted));
    }
    await writing('replace', this.path, () => rename(tempLink, this.path));
    await writing('sync the directory', parent, () => syncDir(parent));
  }

  /** Removes every generation except `keep`, and temporaries of processes that are gone. */
  private async removeGenerations(keep: string[]): Promise<void> {
    const entries = await writing('list', this.store, () => readdir(this.store));
    for (const e of entries) {
      const full = join(this.store, e);
      if (e.startsWith('g-') && !keep.includes(full)) await writing('remove', full, () => rm(full, { recursive: true, force: true }));
      // `link-PID.tmp` (switchTo) and `lock.PID.tmp` (output-lock.ts) of a process killed mid-step.
      const pid = Number(/^(?:link-|lock\.)(\d+)\.tmp$/.exec(e)?.[1]);
      if (Number.isInteger(pid) && pid !== process.pid && !isProcessAlive(pid)) await unlink(full).catch(() => undefined);
    }
  }
}

/**
 * What `path` is now, and whether oncotwin may replace it.
 * @throws UsageError for a file, a link oncotwin did not make, or a directory with other files in it.
 */
async function inspectTarget(path: string, store: string): Promise<Target> {
  let st;
  try {
    st = await lstat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    throw outputError(e, 'use', path);
  }
  const hint = 'pass --out with a new or empty directory (oncotwin replaces its output directory as a whole)';
  if (st.isSymbolicLink()) {
    const target = resolve(dirname(path), await writing('read the link', path, () => readlink(path)));
    if (dirname(target) === store && basename(target).startsWith('g-')) return { kind: 'link', generation: target };
    throw new UsageError(`${path} is a symbolic link to ${target}, not an output directory oncotwin made`, hint);
  }
  if (!st.isDirectory()) throw new UsageError(`${path} exists and is not a directory`, hint);
  const entries = await writing('list', path, () => readdir(path));
  if (entries.length === 0) return { kind: 'empty-dir' };
  // An older oncotwin wrote its files straight into the directory (and could leave .NAME.TAG.tmp files).
  const foreign = entries.filter((e) => !RUN_OUTPUT_NAMES.includes(e) && !/^\..+\.tmp$/.test(e) && !e.startsWith('.oncotwin-probe-'));
  if (foreign.length === 0) return { kind: 'legacy-dir' };
  const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? `, … (${foreign.length} in all)` : '');
  throw new UsageError(`${path} holds files oncotwin did not write (${shown})`, hint);
}
