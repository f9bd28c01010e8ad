/**
 * The process boundary of the CLI: streams, environment and working directory, injected so tests
 * can capture output and pretend to be (or not be) a terminal.
 */
import { availableMemory, type AvailableMemory } from './available-memory.js';

/** A text sink such as process.stdout. */
export interface Sink {
  write(text: string): unknown;
  /** True when the sink is an interactive terminal. */
  isTTY?: boolean;
  /** Terminal width in characters, when known. */
  columns?: number;
}

export interface CliIo {
  stdout: Sink;
  stderr: Sink;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Memory a run may still use (the machine's and the cgroup's); injected so tests can pretend. */
  availableMemory(): AvailableMemory;
}

/** Styling decisions for one sink: colour and animation only on a terminal, never with NO_COLOR or CI. */
export interface Style {
  color: boolean;
  animate: boolean;
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
}

/**
 * Decides colour/animation for `sink`: both need a terminal, and NO_COLOR (set to anything, per
 * no-color.org), CI, or TERM=dumb turn both off — CI logs keep every carriage-return frame, and a user
 * who asks for plain output gets plain output, not escape codes for cursor movement.
 */
export function styleFor(sink: Sink, env: CliIo['env']): Style {
  const tty = sink.isTTY === true;
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  const plain = !tty || ci || env.NO_COLOR !== undefined || env.TERM === 'dumb';
  const color = !plain;
  const animate = !plain;
  const wrap = (code: number) => (s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { color, animate, bold: wrap(1), dim: wrap(2), red: wrap(31), green: wrap(32), yellow: wrap(33) };
}

/** The real process streams. */
export function processIo(): CliIo {
  return { stdout: closableSink(process.stdout), stderr: closableSink(process.stderr), env: process.env, cwd: process.cwd(), availableMemory };
}

/**
 * A process stream whose reader may go away (`oncotwin run --json | head -1`): the stream's error
 * (EPIPE) is absorbed and later writes are dropped, so the run still finishes and commits its files
 * instead of dying with an unhandled 'error' event and a stack trace.
 */
function closableSink(stream: NodeJS.WriteStream): Sink {
  let open = true;
  stream.on('error', () => {
    open = false;
  });
  return {
    write: (text: string) => (open ? stream.write(text) : false),
    get isTTY() {
      return stream.isTTY === true;
    },
    get columns() {
      return stream.columns;
    },
  };
}
