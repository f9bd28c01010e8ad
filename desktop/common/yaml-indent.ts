/**
 * Where an indentation mistake really is. The `yaml` parser takes the first item of a block as the
 * block's column and flags every later item that differs, so one line indented wrongly at the top of
 * a block is reported at each of its correctly indented siblings (a 3-space `size:` under
 * `population:` gives errors at the four lines after it, none at its own). Instead of guessing from
 * the parser's messages, this looks for the smallest repair: one line re-indented to the column of a
 * neighbouring line that makes the errors go away. That line is the mistake.
 */
import { parseDocument } from 'yaml';

/** How far above the first error a misplaced line is looked for (lines). */
const LOOKBACK = 20;
/** How far below the first error it is looked for (lines). */
const LOOKAHEAD = 3;
/** How far around a line its block's other lines are counted (lines). */
const NEARBY = 10;

/** An indentation repair: `line` (1-based) should start at `column` (1-based) instead of `was`. */
export interface IndentFix {
  line: number;
  was: number;
  column: number;
  /** A correctly indented line the fix aligns with (1-based), to name in the message. */
  like: number;
  /** The errors left once the line is re-indented, as `line:code` keys (unrelated mistakes elsewhere). */
  remaining: string[];
}

const isContent = (l: string): boolean => l.trim() !== '' && !l.trimStart().startsWith('#');
const indentOf = (l: string): number => l.length - l.trimStart().length;

/** A parser error as a `line:code` key (re-indenting one line moves no other line). */
export function errorKey(e: { linePos?: { line: number }[]; code: string }): string {
  return `${e.linePos?.[0]?.line ?? 0}:${e.code}`;
}

function errorKeys(text: string): string[] {
  return parseDocument(text).errors.map(errorKey);
}

/**
 * How many content lines near line `i` share its indentation: when re-indenting either of two lines
 * would repair the text, the one whose column is rarer around it is the one out of line.
 */
function company(lines: string[], i: number): number {
  const col = indentOf(lines[i]);
  let n = 0;
  for (let k = Math.max(0, i - NEARBY); k < Math.min(lines.length, i + NEARBY + 1); k++) if (k !== i && isContent(lines[k]) && indentOf(lines[k]) === col) n++;
  return n;
}

/** Lexicographic comparison of two scores (lower is better). */
function better(a: number[], b: number[]): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k] < b[k];
  return false;
}

/** The nearest content lines above and below `i` (0-based indices), for the columns to try. */
function neighbours(lines: string[], i: number): number[] {
  const out: number[] = [];
  for (let k = i - 1; k >= 0; k--) if (isContent(lines[k])) { out.push(k); break; }
  for (let k = i + 1; k < lines.length; k++) if (isContent(lines[k])) { out.push(k); break; }
  return out;
}

/**
 * The one-line re-indentation that clears the most errors, including the first one (1-based lines of
 * the parser's errors in `errorLines`); undefined when no single line explains them.
 */
export function findIndentFix(text: string, errorLines: number[]): IndentFix | undefined {
  if (!errorLines.length) return undefined;
  const lines = text.split('\n');
  const before = errorKeys(text);
  const first = Math.min(...errorLines) - 1;
  const flagged = new Set(errorLines);
  let best: { fix: IndentFix; score: number[] } | undefined;
  // A line indented too far can be read as the continuation of the line above it, so the parser
  // reports the line above: look a little below the first error as well.
  for (let i = Math.max(0, first - LOOKBACK); i <= Math.min(first + LOOKAHEAD, lines.length - 1); i++) {
    if (!isContent(lines[i])) continue;
    const was = indentOf(lines[i]);
    for (const k of neighbours(lines, i)) {
      const column = indentOf(lines[k]);
      if (column === was) continue;
      const repaired = [...lines];
      repaired[i] = ' '.repeat(column) + lines[i].trimStart();
      const after = errorKeys(repaired.join('\n'));
      if (after.length >= before.length || after.some((e) => Number(e.split(':')[0]) === first + 1)) continue;
      // Fewest errors left, then the rarer column, then (a tie, e.g. two lines each alone at its
      // column) the parser's own view: the first item sets the block's column, the flagged line moves.
      const score = [after.length, company(lines, i), flagged.has(i + 1) ? 0 : 1];
      if (!best || better(score, best.score)) best = { fix: { line: i + 1, was: was + 1, column: column + 1, like: k + 1, remaining: after }, score };
    }
  }
  return best?.fix;
}
