/**
 * Turns anything thrown into an exit code and the text a user should see — never a stack trace
 * unless ONCOTWIN_DEBUG=1. Matching also goes by error name, so errors from a second copy of the
 * engine modules (a bundle beside the sources) are still recognised.
 */
import { formatDiagnostic, type Diagnostic } from '../common/errors.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { systemFix, systemReason } from './output/output-error.js';

/** Where to report bugs. */
export const REPORT_URL = 'https://github.com/oncotwin/oncotwin/issues';

export interface DescribedError {
  code: ExitCode;
  /** Lines for stderr (already formatted, newline-terminated). */
  text: string;
  /** One-line summary (for JUnit messages). */
  summary: string;
}

export function describeError(e: unknown, debug: boolean): DescribedError {
  const err = e as { name?: string; message?: string; hint?: string; diagnostics?: Diagnostic[]; code?: unknown; path?: unknown; stack?: string };
  const stack = debug && err?.stack ? `${err.stack}\n` : '';
  const name = err?.name;
  if (name === 'InputError' && Array.isArray(err.diagnostics)) {
    const text = err.diagnostics.map(formatDiagnostic).join('\n') + '\n';
    const n = err.diagnostics.length;
    const first = err.diagnostics[0];
    const summary = first ? `${first.file}:${first.line}:${first.col}: ${first.message}${n > 1 ? ` (and ${n - 1} more)` : ''}` : 'invalid input';
    return { code: EXIT.input, text: text + stack, summary };
  }
  if (name === 'UsageError') {
    return { code: EXIT.input, text: `error: ${err.message}\n${err.hint ? `  hint: ${err.hint}\n` : ''}${stack}`, summary: String(err.message) };
  }
  if (name === 'OutputError') {
    return { code: EXIT.output, text: `error: ${err.message}\n${err.hint ? `  hint: ${err.hint}\n` : ''}${stack}`, summary: String(err.message) };
  }
  if (name === 'RuntimeFailure') {
    return { code: EXIT.runtime, text: `error: ${err.message}\n${err.hint ? `  hint: ${err.hint}\n` : ''}${stack}`, summary: String(err.message) };
  }
  if (name === 'CancelledError' || name === 'AbortError') {
    return { code: EXIT.cancelled, text: 'interrupted: stopped cleanly, no partial output files were left\n', summary: 'interrupted' };
  }
  // A raw file-system error: the loaders wrap user files in InputError and the CLI wraps its outputs in
  // OutputError, so this is the engine failing to read one of its own files (an incomplete
  // installation) or the system failing (EMFILE, EIO) — a runtime failure; the path says which.
  if (typeof err?.code === 'string' && typeof err.path === 'string') {
    const why = systemReason(e);
    const fix = err.code === 'ENOENT' || err.code === 'EACCES' || err.code === 'EPERM'
      ? `check that the installation is complete and readable; if it is, please report this at ${REPORT_URL}`
      : systemFix(e);
    return { code: EXIT.runtime, text: `error: cannot access ${err.path}: ${why}\n  hint: ${fix}\n${stack}`, summary: `cannot access ${err.path}: ${why}` };
  }
  const msg = err instanceof Error ? err.message : String(e);
  const firstLine = msg.split('\n')[0];
  const text =
    `error: unexpected internal error: ${firstLine}\n` +
    `  please report this at ${REPORT_URL} with the command you ran` +
    (debug ? '\n' : ' (ONCOTWIN_DEBUG=1 shows the stack trace)\n') +
    stack;
  return { code: EXIT.runtime, text, summary: `unexpected internal error: ${firstLine}` };
}
