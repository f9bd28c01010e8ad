/**
 * One writer per output directory: a lock file holding the writer's PID, host and start time.
 * A second run into the same --out is refused with the holder named; a lock whose process is gone
 * (a run killed with SIGKILL, a crashed machine) is stale and taken over.
 *
 * The lock file is created complete or not at all: its content is written to a private temporary and
 * hard-linked to the lock name (link fails if the name exists), so a reader never sees a half-written
 * lock. Taking over a stale lock happens under a short-lived guard file, so two runs that find the same
 * stale lock cannot both remove it and both proceed.
 */
import { hostname } from 'node:os';
import { link, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { readFileSync, unlinkSync } from 'node:fs';
import { OutputError, outputError, writing } from './output-error.js';

interface Holder {
  pid: number;
  host: string;
  started: string;
}

export interface OutputLock {
  readonly path: string;
  release(): Promise<void>;
  /** For a process 'exit' handler, where nothing asynchronous runs. */
  releaseSync(): void;
}

/** A guard older than this was left by a run killed in the middle of a take-over (which takes microseconds). */
const STALE_GUARD_MS = 10_000;
const ATTEMPTS = 20;

/** True when a process with this PID exists (on this machine). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock at `lockPath` for `resource` (the output directory, for messages).
 * @throws OutputError (exit 4) when a live process holds it, or the file system refuses.
 */
export async function acquireLock(lockPath: string, resource: string): Promise<OutputLock> {
  const me: Holder = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  const mine = JSON.stringify(me) + '\n';
  const temp = `${lockPath}.${process.pid}.tmp`;
  await writing('create the lock', lockPath, () => writeFile(temp, mine));
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        await link(temp, lockPath);
        return handle(lockPath, mine);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw outputError(e, 'create the lock', lockPath);
      }
      const holder = await readHolder(lockPath);
      if (holder === undefined) continue; // released between our link and our read
      if (holder !== 'unreadable' && isLive(holder)) {
        throw new OutputError(
          `${resource} is in use by another oncotwin run (PID ${holder.pid} on ${holder.host}, started ${holder.started})`,
          `wait for that run to finish, or pass another --out; if no such run exists, delete ${lockPath}`,
        );
      }
      await takeOver(lockPath, temp, holder);
    }
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  throw new OutputError(`cannot take the lock ${lockPath}: other runs keep taking it`, 'run again when the other runs have finished');
}

function isLive(h: Holder): boolean {
  // A lock from another machine (a shared network directory) cannot be checked from here: respect it.
  return h.host !== hostname() || isProcessAlive(h.pid);
}

/** The lock's holder; undefined when there is no lock file; 'unreadable' when it is not oncotwin's JSON. */
async function readHolder(lockPath: string): Promise<Holder | 'unreadable' | undefined> {
  let text: string;
  try {
    text = await readFile(lockPath, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw outputError(e, 'read the lock', lockPath);
  }
  try {
    const h = JSON.parse(text) as Partial<Holder>;
    if (Number.isInteger(h.pid) && typeof h.host === 'string' && typeof h.started === 'string') return h as Holder;
  } catch {
    // Not JSON: not a lock this program wrote.
  }
  return 'unreadable';
}

/** Removes the stale lock `seen`, unless another run replaced it meanwhile; under a guard file. */
async function takeOver(lockPath: string, temp: string, seen: Holder | 'unreadable'): Promise<void> {
  const guard = `${lockPath}.takeover`;
  try {
    await link(temp, guard);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw outputError(e, 'take over the lock', lockPath);
    const age = await stat(guard).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > STALE_GUARD_MS) await unlink(guard).catch(() => undefined);
    else await new Promise((r) => setTimeout(r, 20));
    return;
  }
  try {
    const now = await readHolder(lockPath);
    if (now !== undefined && JSON.stringify(now) === JSON.stringify(seen)) await unlink(lockPath);
  } finally {
    await unlink(guard).catch(() => undefined);
  }
}

function handle(path: string, mine: string): OutputLock {
  let held = true;
  // Only our own lock is removed: never one another run took over (which it cannot while we live).
  const ours = (text: string | undefined) => text === mine;
  return {
    path,
    async release() {
      if (!held) return;
      held = false;
      if (ours(await readFile(path, 'utf8').catch(() => undefined))) await unlink(path).catch(() => undefined);
    },
    releaseSync() {
      if (!held) return;
      held = false;
      try {
        if (ours(readFileSync(path, 'utf8'))) unlinkSync(path);
      } catch {
        // Exiting anyway: a lock left behind is stale once this process is gone.
      }
    },
  };
}
