/**
 * Node implementation of `FileHost` (fs/promises + path), used by the CLI and tests.
 */
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { InputError } from '../common/errors.js';
import type { FileHost } from '../common/host.js';
import type { SourcePos } from '../common/ir.js';

/** Thrown inside readText when the path names something other than a regular file. */
class NotRegular extends Error {}

/**
 * Reads files from the local file system; missing or unreadable files, and anything that is not a
 * regular file (a FIFO would block forever, a device never end), become `InputError`s.
 */
export class NodeFileHost implements FileHost {
  async readText(file: string, from?: SourcePos): Promise<string> {
    try {
      // stat first: opening a FIFO without a writer blocks; then re-check on the open handle, so a
      // path swapped between the two calls is still refused.
      if (!(await stat(file)).isFile()) throw new NotRegular();
      const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
      try {
        if (!(await handle.stat()).isFile()) throw new NotRegular();
        return await handle.readFile('utf8');
      } finally {
        await handle.close();
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const what = err instanceof NotRegular ? 'not a regular file (a FIFO, device or directory cannot be read as input)'
        : code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read file (${code ?? String(err)})`;
      const hint = 'check the path; relative paths are resolved from the directory of the file that names them';
      if (from) throw InputError.at(from.file, from.line, from.col, `${file}: ${what}`, hint);
      throw InputError.at(file, 1, 1, what, hint);
    }
  }

  resolve(fromFile: string, relative: string): string {
    return path.resolve(path.dirname(fromFile), relative);
  }
}
