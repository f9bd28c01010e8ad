/**
 * What every command receives: the engine, the process boundary and the cancellation signal.
 */
import type { Engine } from './engine.js';
import type { CliIo } from './io.js';

export interface CommandContext {
  engine: Engine;
  io: CliIo;
  /** Aborted on Ctrl-C: commands stop cleanly and the CLI exits with 130. */
  signal: AbortSignal;
}
