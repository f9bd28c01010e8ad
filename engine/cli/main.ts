/**
 * Process entry of `oncotwin` (bin/oncotwin.js imports this; `tsx engine/cli/main.ts` also works):
 * wires the real engine, turns Ctrl-C, SIGTERM and SIGHUP into a clean stop, and sets the exit code.
 */
import { runCli } from './cli.js';
import { describeError } from './describe-error.js';
import type { Engine } from './engine.js';
import type { SignalExitCode } from './exit-codes.js';
import { processIo } from './io.js';

/** Signals that stop a run the way Ctrl-C does, with the shell's exit code 128 + signal number. */
const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const satisfies Record<string, SignalExitCode>;
type StopSignal = keyof typeof STOP_SIGNALS;

async function main(): Promise<number> {
  const io = processIo();
  const controller = new AbortController();
  let stoppedBy: StopSignal | undefined;
  const onSignal = (signal: StopSignal) => {
    // First signal: ask the run to stop cleanly (temporaries removed, lock released, previous outputs
    // kept). Second: the user insists; exit at once — the 'exit' handlers still remove temporaries.
    if (stoppedBy) process.exit(STOP_SIGNALS[signal]);
    stoppedBy = signal;
    io.stderr.write(signal === 'SIGINT' ? '\nstopping… (Ctrl-C again to quit at once)\n' : `\nstopping on ${signal}…\n`);
    controller.abort();
  };
  const handlers = Object.keys(STOP_SIGNALS).map((s) => [s, () => onSignal(s as StopSignal)] as const);
  for (const [s, h] of handlers) process.on(s, h);
  try {
    const code = await runCli(process.argv.slice(2), { engine: lazyEngine(), io, signal: controller.signal });
    return stoppedBy ? STOP_SIGNALS[stoppedBy] : code;
  } catch (e) {
    const d = describeError(e, io.env.ONCOTWIN_DEBUG === '1');
    io.stderr.write(d.text);
    return d.code;
  } finally {
    for (const [s, h] of handlers) process.off(s, h);
  }
}

/**
 * The real engine, imported on first use: `--help`, `--version` and argument errors answer without
 * loading mathjs, the loaders or the GPU bindings, and a broken engine module is reported like any
 * other error instead of crashing on import.
 */
function lazyEngine(): Engine {
  let real: Promise<Engine> | undefined;
  const get = () => (real ??= import('./engine-wiring.js').then((m) => m.realEngine()));
  return {
    runScenario: async (path, opts) => (await get()).runScenario(path, opts),
    planRun: async (path) => (await get()).planRun(path),
    validateFile: async (path) => (await get()).validateFile(path),
    listModels: async () => (await get()).listModels(),
    listScenarios: async () => (await get()).listScenarios(),
  };
}

const exitCode = await main();
process.exitCode = exitCode;
// A GPU device or worker pool left open must not keep a finished CLI alive; the timer itself is
// unref'd, so a clean exit never waits for it.
setTimeout(() => process.exit(exitCode), 2000).unref();
