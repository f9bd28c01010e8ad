/**
 * The user's own files in the browser app: a scenario opened from disk and the model files next to it.
 *
 * The page keeps every file opened (picked, a folder, dropped) under `/user/<path>`; the engine worker
 * reads a scenario's `model:` (and module) files through UrlFileHost, which asks the page for
 * `/user/…` paths over a BroadcastChannel instead of the server (the server only has the built-ins).
 * The channel is named after a random session id the page gives the worker in its name
 * (`oncotwin-engine:<id>`), so two open tabs never answer for each other.
 */

/** URL-path prefix of the user's files (the server never serves it). */
export const USER_PREFIX = '/user/';
const WORKER_NAME_PREFIX = 'oncotwin-engine:';
/** How long the worker waits for the page to answer (the page answers from memory). */
const ANSWER_MS = 10_000;

type Request = { type: 'read'; id: string; path: string };
type Reply = { type: 'file'; id: string; text: string } | { type: 'missing'; id: string };

/** The `/user/…` path of a file opened as `relative` (`proj/models/m.yaml`), URL-encoded as the engine resolves paths. */
export function userPath(relative: string): string {
  return new URL(USER_PREFIX + relative.replace(/^\/+/, ''), 'http://x').pathname;
}

/** The path as the user knows it (`proj/models/m.yaml`). */
export function displayPath(path: string): string {
  return decodeURIComponent(path.startsWith(USER_PREFIX) ? path.slice(USER_PREFIX.length) : path);
}

const channelName = (session: string): string => `oncotwin-user-files:${session}`;

/** The name to give the engine worker so it can ask this page for user files. */
export function engineWorkerName(session: string): string {
  return WORKER_NAME_PREFIX + session;
}

/** The page's store of opened files, answering the engine worker's reads. */
export class UserFileStore {
  private readonly files = new Map<string, string>();
  private readonly channel: BroadcastChannel;

  constructor(session: string) {
    const channel = new BroadcastChannel(channelName(session));
    channel.onmessage = (ev: MessageEvent<Request>) => {
      const m = ev.data;
      if (m?.type !== 'read' || typeof m.path !== 'string') return;
      const text = this.files.get(m.path);
      channel.postMessage((text === undefined ? { type: 'missing', id: m.id } : { type: 'file', id: m.id, text }) satisfies Reply);
    };
    this.channel = channel;
  }

  /** Stops answering (the page never does; tests do). */
  close(): void {
    this.channel.close();
  }

  /** Adds (or replaces) files, by their `/user/…` path. */
  add(files: { path: string; text: string }[]): void {
    for (const f of files) this.files.set(f.path, f.text);
  }

  get(path: string): string | undefined {
    return this.files.get(path);
  }
}

/**
 * In the engine worker: a reader of the page's user files, or undefined when this worker was not
 * started by a page with a store (its name does not carry a session).
 */
export function userFileReader(): ((path: string) => Promise<string | undefined>) | undefined {
  const name = (globalThis as { name?: unknown }).name;
  if (typeof name !== 'string' || !name.startsWith(WORKER_NAME_PREFIX) || typeof BroadcastChannel === 'undefined') return undefined;
  const session = name.slice(WORKER_NAME_PREFIX.length);
  return (path) => new Promise((resolve) => {
    const channel = new BroadcastChannel(channelName(session));
    const id = `${Date.now()}-${Math.random()}`;
    const done = (text: string | undefined): void => { clearTimeout(timer); channel.close(); resolve(text); };
    const timer = setTimeout(() => done(undefined), ANSWER_MS);
    channel.onmessage = (ev: MessageEvent<Reply | Request>) => {
      const m = ev.data;
      if (m?.id !== id || m.type === 'read') return;
      done(m.type === 'file' ? m.text : undefined);
    };
    channel.postMessage({ type: 'read', id, path } satisfies Request);
  });
}
