/**
 * Exit codes of `oncotwin` — a contract with scripts and CI; documented in `oncotwin --help`.
 */
export const EXIT = {
  ok: 0,
  /** `regress`: at least one scenario moved outside its tolerances. */
  mismatch: 1,
  /** Invalid input: files, command-line values, output directory. */
  input: 2,
  /** Runtime failure: backend unavailable, device lost, out of memory, unexpected error. */
  runtime: 3,
  /** Interrupted (Ctrl-C) after a clean stop. */
  cancelled: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Text for `--help`. */
export const EXIT_CODES_HELP = `Exit codes:
  0    success
  1    regression mismatch (regress: a result moved outside its tolerances)
  2    invalid input (model/scenario/CSV file, command-line value, output directory)
  3    runtime failure (backend unavailable, device lost, out of memory, unexpected error)
  130  interrupted (Ctrl-C) after a clean stop; no partial output files are left`;

/**
 * A bad command-line value or environment problem that is not inside a file (so it has no
 * file:line:col). Exit code 2.
 */
export class UsageError extends Error {
  readonly exitCode = EXIT.input;
  readonly hint?: string;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'UsageError';
    this.hint = hint;
  }
}
