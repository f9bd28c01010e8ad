/**
 * Where a piece of text (an expression or a unit string) sits in its file, so problems found at a
 * character offset inside it can be reported at the exact file:line:col.
 */
import type { SourcePos } from './ir.js';

/** Position of the text's first character, plus an optional offset→position map for multi-line text. */
export interface TextWhere extends SourcePos {
  /** Maps a 0-based offset inside the text to its 1-based line and column in the file. */
  locate?(offset: number): { line: number; col: number };
}

/** The file position of `offset` characters into the text described by `where`. */
export function posAt(where: TextWhere, offset: number): SourcePos {
  if (where.locate) return { file: where.file, ...where.locate(offset) };
  return { file: where.file, line: where.line, col: where.col + offset };
}
