/**
 * Process entry of `oncotwin` (bin/oncotwin.js imports this; `tsx engine/cli/main.ts` also works):
 * wires the real engine, turns Ctrl-C into a clean stop, and sets the exit code.
 */
import { runCli } from './cli.js';
import { describeError } from './describe-error.js';
import type { Engine } from './engine.js';
import { EXIT } from './exit-codes.js';
import { processIo } from './io.js';

async function main(): Promise<number> {
  const io = processIo();
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    // First Ctrl-C: ask the run to stop cleanly. Second: the user insists; leave without cleanup.
    if (interrupts > 1) process.exit(EXIT.cancelled);
    io.stderr.write('\nstopping… (Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const code = await runCli(process.argv.slice(2), { engine: lazyEngine(), io, signal: controller.signal });
    return controller.signal.aborted ? EXIT.cancelled : code;
  } catch (e) {
    const d = describeError(e, io.env.ONCOTWIN_DEBUG === '1');
    io.stderr.write(d.text);
    return d.code;
  } finally {
    process.off('SIGINT', onSigint);
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
    validateFiles: async (paths) => (await get()).validateFiles(paths),
    listModels: async () => (await get()).listModels(),
    listScenarios: async () => (await get()).listScenarios(),
  };
}

const exitCode = await main();
process.exitCode = exitCode;
// A GPU device or worker pool left open must not keep a finished CLI alive; the timer itself is
// unref'd, so a clean exit never waits for it.
setTimeout(() => process.exit(exitCode), 2000).unref();
