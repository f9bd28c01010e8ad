/**
 * Limits on what one "open" brings into the app (files picked, a folder, files dropped), the same in
 * Electron (desktop/main/read-chosen-files.ts) and the browser (desktop/renderer/pick-files.ts).
 * Scenario and model files are kilobytes; the limits only stop a wrong pick (a home folder, a disk
 * image) from freezing the app.
 */

/** Largest single file read. */
export const MAX_OPEN_FILE_BYTES = 4 * 1024 * 1024;
/** Largest total of one open. */
export const MAX_OPEN_TOTAL_BYTES = 16 * 1024 * 1024;
/** Most files taken in one open. */
export const MAX_OPEN_FILES = 200;
/** Deepest sub-folder searched (the chosen folder is depth 0). */
export const MAX_OPEN_DEPTH = 3;

const MIB = 1024 * 1024;

/** Why a file of `bytes` cannot join files already totalling `total` bytes (`count` of them), or undefined. */
export function overLimit(bytes: number, total: number, count: number): string | undefined {
  if (count >= MAX_OPEN_FILES) return `more than ${MAX_OPEN_FILES} files`;
  if (bytes > MAX_OPEN_FILE_BYTES) return `larger than ${MAX_OPEN_FILE_BYTES / MIB} MiB`;
  if (total + bytes > MAX_OPEN_TOTAL_BYTES) return `the files pass ${MAX_OPEN_TOTAL_BYTES / MIB} MiB in all`;
  return undefined;
}

/** True when `name` ends in one of `extensions` (without dots, any case) and is not hidden. */
export function hasExtension(name: string, extensions: readonly string[]): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && !name.startsWith('.') && extensions.includes(name.slice(dot + 1).toLowerCase());
}
