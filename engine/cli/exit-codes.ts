/**
 * Exit codes of `oncotwin` — a contract with scripts and CI; documented in `oncotwin --help` and
 * docs/CLI.md.
 */
export const EXIT = {
  ok: 0,
  /** `regress`: at least one scenario moved outside its tolerances. */
  mismatch: 1,
  /** Invalid input: files, command-line values, an --out that names something oncotwin may not replace. */
  input: 2,
  /** Runtime failure: backend unavailable, device lost, out of memory, unexpected error. */
  runtime: 3,
  /** An output could not be written: the file system refused (permissions, full, read-only) or it is in use. */
  output: 4,
  /** Interrupted (Ctrl-C, SIGINT) after a clean stop. */
  cancelled: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT] | SignalExitCode;

/**
 * 128 + signal number, the shell convention, after a clean stop on that signal: SIGHUP 129,
 * SIGINT 130, SIGTERM 143.
 */
export type SignalExitCode = 129 | 130 | 143;

/** Text for `--help`. */
export const EXIT_CODES_HELP = `Exit codes:
  0    success
  1    regression mismatch (regress: a result moved outside its tolerances)
  2    invalid input (model/scenario/CSV file, command-line value, an --out oncotwin may not replace)
  3    runtime failure (backend unavailable, device lost, out of memory, unexpected error)
  4    an output could not be written (disk full, permission denied, read-only, in use by another run)
  130  interrupted (Ctrl-C) after a clean stop; no partial output files are left
  143  terminated (SIGTERM) after the same clean stop (129 for SIGHUP)`;

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
