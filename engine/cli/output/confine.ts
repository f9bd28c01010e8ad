/**
 * Keeping paths that come from input files where they belong: a scenario id becomes one safe path
 * segment (never `..`, a separator or a device name), and a path may be checked to lie inside a
 * directory after symbolic links are resolved.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** Longest segment in UTF-8 bytes: well under the 255-byte limit of common file systems. */
const MAX_SEGMENT_BYTES = 120;
/** Names Windows reserves for devices in every directory (with or without an extension). */
const WINDOWS_DEVICES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * `id` as a single directory name: letters, digits, `.`, `_` and `-` kept, anything else (`/`, `\`,
 * `:`, spaces, control characters) becomes `_`; no leading dot (no `..`, nothing hidden), no trailing
 * dot, no Windows device name, at most 120 bytes. Deterministic, so the same id always maps to the
 * same directory.
 */
export function safeSegment(id: string): string {
  let s = id.normalize('NFC').replace(/[^\p{L}\p{N}._-]/gu, '_').replace(/^\.+/, '').replace(/\.+$/, '');
  while (Buffer.byteLength(s) > MAX_SEGMENT_BYTES) s = [...s].slice(0, -1).join('');
  if (s === '') s = 'scenario';
  if (WINDOWS_DEVICES.test(s)) s = `${s}_`;
  return s;
}

/** `path` with symbolic links resolved in the part that exists (the rest appended as written). */
function realpathOfExisting(path: string): string {
  const abs = resolve(path);
  let existing = abs;
  const rest: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(existing), ...rest.reverse());
    } catch {
      const up = dirname(existing);
      if (up === existing) return abs;
      rest.push(basename(existing));
      existing = up;
    }
  }
}

/** True when `path` is `root` or inside it, comparing real paths (a link inside `root` pointing out is outside). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(realpathOfExisting(root), realpathOfExisting(path));
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
