/**
 * Payload and sender validation for IPC, as pure functions (unit-tested without Electron).
 *
 * Why so strict: the renderer shows user-supplied YAML and is the most exposed part of the app; main
 * must treat every message as untrusted and accept only the exact shapes below.
 */
import type { OpenFileRequest, SaveFileRequest } from './ipc-channels.js';

/** The custom scheme and host the app is served from (never file://). */
export const APP_ORIGIN = 'app://oncotwin';

/** Largest file the save channel accepts: a report with 100k-point scatter stays well under this. */
export const MAX_SAVE_BYTES = 64 * 1024 * 1024;

/** Extensions the app may open or save. */
export const ALLOWED_EXTENSIONS = ['yaml', 'yml', 'csv', 'png', 'svg', 'html', 'json'] as const;

export type Validated<T> = { ok: true; value: T } | { ok: false; error: string };

/** True when a frame URL belongs to the app itself (app://oncotwin/...). */
export function isTrustedSenderUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === 'app:' && u.host === 'oncotwin' && u.username === '' && u.password === '';
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype;
}

function onlyKeys(x: Record<string, unknown>, keys: string[]): string | undefined {
  const extra = Object.keys(x).filter((k) => !keys.includes(k));
  return extra.length ? `unexpected field(s): ${extra.join(', ')}` : undefined;
}

/** Validates an open-file request: a non-empty list of allowed extensions, and `folder` true or absent. */
export function validateOpenFileRequest(x: unknown): Validated<OpenFileRequest> {
  if (!isRecord(x)) return { ok: false, error: 'payload must be an object' };
  const extra = onlyKeys(x, ['extensions', 'folder']);
  if (extra) return { ok: false, error: extra };
  if (x.folder !== undefined && typeof x.folder !== 'boolean') return { ok: false, error: 'folder must be true or false' };
  const ext = x.extensions;
  if (!Array.isArray(ext) || ext.length === 0 || ext.length > ALLOWED_EXTENSIONS.length) {
    return { ok: false, error: 'extensions must be a non-empty array' };
  }
  for (const e of ext) {
    if (typeof e !== 'string' || !(ALLOWED_EXTENSIONS as readonly string[]).includes(e)) {
      return { ok: false, error: `extension not allowed: ${String(e)}` };
    }
  }
  return { ok: true, value: x.folder ? { extensions: [...(ext as string[])], folder: true } : { extensions: [...(ext as string[])] } };
}

/**
 * A safe base file name: no directories, no control characters, no leading dot, an allowed
 * extension, at most 200 characters. The user still picks the folder in a native dialog.
 */
export function isSafeFileName(name: string): boolean {
  if (name.length === 0 || name.length > 200) return false;
  if (/[\\/:*?"<>|\u0000-\u001f]/.test(name)) return false;
  if (name.startsWith('.') || name.includes('..')) return false;
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return false;
  return (ALLOWED_EXTENSIONS as readonly string[]).includes(name.slice(dot + 1).toLowerCase());
}

/** Validates a save request: safe name, string or bytes, within the size limit. */
export function validateSaveFileRequest(x: unknown): Validated<SaveFileRequest> {
  if (!isRecord(x)) return { ok: false, error: 'payload must be an object' };
  const extra = onlyKeys(x, ['suggestedName', 'data']);
  if (extra) return { ok: false, error: extra };
  const { suggestedName, data } = x;
  if (typeof suggestedName !== 'string' || !isSafeFileName(suggestedName)) {
    return { ok: false, error: 'suggestedName must be a plain file name with an allowed extension' };
  }
  let size: number;
  if (typeof data === 'string') size = data.length * 3; // worst-case UTF-8 bytes per UTF-16 unit
  else if (data instanceof Uint8Array) size = data.byteLength;
  else return { ok: false, error: 'data must be a string or Uint8Array' };
  if (size > MAX_SAVE_BYTES) return { ok: false, error: 'data too large' };
  return { ok: true, value: { suggestedName, data } };
}
