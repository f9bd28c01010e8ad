/**
 * User-facing errors. Every problem with user input becomes an `InputError` carrying the file,
 * 1-based line and column, a message and a one-line fix hint — never a stack trace.
 *
 * Interface rules: code that finds a problem in a file throws (or collects) `Diagnostic`s with the
 * best position it has; callers format them with `formatDiagnostic`. Exit codes follow the CLI
 * contract: 2 invalid input, 3 runtime failure.
 */

export interface Diagnostic {
  file: string;
  line: number;
  col: number;
  message: string;
  hint?: string;
}

/** Formats as `file:line:col: message` plus an indented hint line, the form editors understand. */
export function formatDiagnostic(d: Diagnostic): string {
  const head = `${d.file}:${d.line}:${d.col}: ${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

/** Longest message or hint kept (a message quoting a huge value is cut). */
const MAX_MESSAGE = 2000;

/**
 * Text fit for one line of a terminal or an editor's problem list: control and format characters
 * (escapes, line and paragraph separators, bidirectional overrides) written as `\u{…}`, at most
 * MAX_MESSAGE characters. User content reaches messages through names and values it quotes.
 */
function oneLine(text: string): string {
  const safe = text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
  return safe.length > MAX_MESSAGE ? `${safe.slice(0, MAX_MESSAGE)}…` : safe;
}

/** One or more problems in user input (model, scenario, CSV, command-line values). Exit code 2. */
export class InputError extends Error {
  readonly diagnostics: Diagnostic[];
  readonly exitCode = 2;
  constructor(diagnostics: Diagnostic[]) {
    const clean = diagnostics.map((d) => ({ ...d, file: oneLine(d.file), message: oneLine(d.message), ...(d.hint === undefined ? {} : { hint: oneLine(d.hint) }) }));
    super(clean.map(formatDiagnostic).join('\n'));
    this.name = 'InputError';
    this.diagnostics = clean;
  }
  static at(file: string, line: number, col: number, message: string, hint?: string): InputError {
    return new InputError([{ file, line, col, message, hint }]);
  }
}

/**
 * Problems collected while checking a file, so one pass reports every independent problem: each
 * part is checked inside `guard`, and its first problem is kept while the next part is checked.
 */
export class Problems {
  readonly list: Diagnostic[] = [];

  add(...diagnostics: Diagnostic[]): void {
    this.list.push(...diagnostics);
  }

  /** Runs `fn`; an InputError's diagnostics are collected and undefined is returned instead. */
  guard<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (e instanceof InputError) { this.add(...e.diagnostics); return undefined; }
      throw e;
    }
  }

  /** The async form of `guard`. */
  async guardAsync<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof InputError) { this.add(...e.diagnostics); return undefined; }
      throw e;
    }
  }

  get any(): boolean {
    return this.list.length > 0;
  }

  /** Throws every collected problem, in file order per file (first-seen file first). */
  throwIfAny(): void {
    if (!this.any) return;
    const files = [...new Set(this.list.map((d) => d.file))];
    const seen = new Set<string>();
    const unique = this.list.filter((d) => {
      const key = `${d.file}:${d.line}:${d.col}:${d.message}`;
      return !seen.has(key) && seen.add(key) !== undefined;
    });
    unique.sort((a, b) => files.indexOf(a.file) - files.indexOf(b.file) || a.line - b.line || a.col - b.col);
    throw new InputError(unique);
  }
}

/** A failure while running (backend unavailable, device lost, out of memory). Exit code 3. */
export class RuntimeFailure extends Error {
  readonly exitCode = 3;
  readonly hint?: string;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'RuntimeFailure';
    this.hint = hint;
  }
}

/** Thrown when a run is cancelled through its AbortSignal. The CLI maps it to exit code 130. */
export class CancelledError extends Error {
  constructor() {
    super('run cancelled');
    this.name = 'CancelledError';
  }
}

/**
 * User content quoted in a message: control and format characters (terminal escapes, line and
 * paragraph separators, bidirectional overrides) shown as `\u{…}`, at most `max` characters, so a
 * file of the wrong kind can neither flood nor rewrite the terminal through an error message.
 */
export function excerpt(text: string, max = 24): string {
  const chars = [...text];
  const shown = chars.slice(0, max).map((c) => (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(c) ? `\\u{${c.codePointAt(0)!.toString(16)}}` : c)).join('');
  return chars.length > max ? `${shown}…` : shown;
}

/** Edit distance suggestion for unknown keys/symbols: the closest candidate within distance 3. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = levenshtein(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) { bestD = d; best = c; }
  }
  return bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function levenshtein(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
