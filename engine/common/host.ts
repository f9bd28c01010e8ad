/**
 * File access injected into the loaders, so `engine/common` stays free of Node, DOM and network
 * APIs: the CLI passes a Node implementation (`engine/node/node-file-host.ts`), a browser or desktop
 * renderer passes one backed by fetch or IPC, tests pass an in-memory map.
 *
 * Interface rules: paths are opaque strings produced by `resolve`; `readText` rejects with an
 * `InputError` (never a raw I/O error) when a file cannot be read, naming the file and, when `from`
 * is given, the place that referenced it. It reads regular files only: a path naming a FIFO, a
 * device or a directory is refused without waiting on it (a FIFO would block the read forever), and
 * a host may refuse files far larger than any input (the loaders also check sizes: limits.ts).
 */
import type { SourcePos } from './ir.js';

export interface FileHost {
  /** The file's full text (UTF-8). `from` is where the file was referenced, for error messages. */
  readText(path: string, from?: SourcePos): Promise<string>;
  /** Resolves `relative` against the directory of `fromFile` (absolute `relative` is returned as is). */
  resolve(fromFile: string, relative: string): string;
}
