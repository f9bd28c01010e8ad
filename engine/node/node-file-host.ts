/**
 * Node implementation of `FileHost` (fs/promises + path), used by the CLI and tests.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { InputError } from '../common/errors.js';
import type { FileHost } from '../common/host.js';
import type { SourcePos } from '../common/ir.js';

/** Reads files from the local file system; missing or unreadable files become `InputError`s. */
export class NodeFileHost implements FileHost {
  async readText(file: string, from?: SourcePos): Promise<string> {
    try {
      return await readFile(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const what = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read file (${code ?? String(err)})`;
      const hint = 'check the path; relative paths are resolved from the directory of the file that names them';
      if (from) throw InputError.at(from.file, from.line, from.col, `${file}: ${what}`, hint);
      throw InputError.at(file, 1, 1, what, hint);
    }
  }

  resolve(fromFile: string, relative: string): string {
    return path.resolve(path.dirname(fromFile), relative);
  }
}
