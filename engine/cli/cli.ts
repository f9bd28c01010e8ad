/**
 * The `oncotwin` command line: parses arguments with commander, dispatches to the commands and maps
 * every outcome to an exit code. Nothing escapes as a stack trace (ONCOTWIN_DEBUG=1 shows it).
 *
 * Each command's module is imported when that command runs: `--help`, `--version` and argument
 * errors load commander and this file only (test/cli/startup.test.ts keeps it so).
 */
import { Command, CommanderError, Option } from 'commander';
import type { CommandContext } from './context.js';
import { DEFAULT_OUT } from './defaults.js';
import { describeError } from './describe-error.js';
import { EXIT, EXIT_CODES_HELP } from './exit-codes.js';
import { parseBackend, parsePositiveInt, parseSeed, parseTrajectories } from './options.js';
import { registerShardCommands } from './shard-commands.js';
import { registerTwinCommand } from './twin-command.js';

/** Package version shown by --version (kept in step with package.json by the test suite). */
export const CLI_VERSION = '0.1.0';

const ENV_HELP = `Environment:
  NO_COLOR=1        plain output: no colour, no progress animation (also when not on a terminal)
  CI=1              the same, for CI logs
  ONCOTWIN_DEBUG=1  print stack traces of errors`;

/**
 * Runs the CLI with `argv` (the arguments after the program name) and returns the exit code.
 * Never throws.
 */
export async function runCli(argv: string[], ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  let code: number = EXIT.ok;
  const program = new Command('oncotwin')
    .description('Digital-twin simulation of cancer treatment: population PK/PD ensembles on CPU and WebGPU')
    .version(CLI_VERSION)
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .addHelpText('after', `\n${EXIT_CODES_HELP}\n\n${ENV_HELP}\n`);

  const backend = () =>
    new Option('--backend <name>', 'auto | cpu | webgpu (auto: WebGPU when available, else CPU)').default('auto').argParser(parseBackend);
  const threads = () => new Option('--threads <n>', 'CPU worker threads').argParser((v) => parsePositiveInt('--threads', v));
  const patients = () => new Option('--patients <n>', 'number of virtual patients (overrides population.size)').argParser((v) => parsePositiveInt('--patients', v));
  const seed = () => new Option('--seed <s>', 'random seed (overrides population.seed)').argParser(parseSeed);

  program
    .command('run')
    .description('run scenarios and write summary.json, patients.csv, timecourse.csv')
    .argument('[scenario...]', 'scenario files or built-in scenario ids (default: the built-in "default" scenario)')
    .option('--out <dir>', `output directory (default: ${DEFAULT_OUT}/<scenario id>; several scenarios: DIR/<scenario id>)`)
    .addOption(backend())
    .addOption(patients())
    .addOption(seed())
    .addOption(threads())
    .addOption(new Option('--trajectories <k>', 'also write trajectories.csv for the first K patients, or "all"').argParser(parseTrajectories))
    .option('--json', 'print summary.json to stdout instead of the table')
    .option('--quiet', 'no progress bar, no table')
    .option('--report', 'also write report.html')
    .option('--shard <k/N>', 'run only shard k of N (k = 0..N-1) and write its partial result to --out for `oncotwin merge`')
    .action(async (scenarios: string[], opts) => {
      const { runCommand } = await import('./commands/run.js');
      code = await runCommand(scenarios.length > 0 ? scenarios : ['default'], opts, ctx);
    });

  program
    .command('validate')
    .description('check model and scenario files; print every problem as file:line:col')
    .argument('<file...>', 'model or scenario files, or built-in ids')
    .option('--quiet', 'print only problems')
    .action(async (files: string[], opts: { quiet?: boolean }) => {
      const { validateCommand } = await import('./commands/validate.js');
      code = await validateCommand(files, opts.quiet === true, ctx);
    });

  program
    .command('regress')
    .description('re-run scenarios that declare `golden:` and compare with their golden files')
    .argument('[scenario_or_dir...]', 'scenario files, ids or directories (default: scenarios/)')
    .option('--update', 'rewrite the golden files from this run (tolerances are kept)')
    .option('--junit <file>', 'write a JUnit XML report')
    .addOption(backend())
    .addOption(threads())
    .addOption(patients())
    .addOption(seed())
    .action(async (targets: string[], opts) => {
      const { regressCommand } = await import('./commands/regress.js');
      code = await regressCommand(targets, opts, ctx);
    });

  registerTwinCommand(program, ctx, (c) => { code = c; });
  registerShardCommands(program, ctx, (c) => { code = c; });

  for (const what of ['models', 'scenarios'] as const) {
    program
      .command(what)
      .description(`list the built-in ${what}`)
      .option('--json', 'machine-readable list')
      .action(async (opts: { json?: boolean }) => {
        const { listCommand } = await import('./commands/list.js');
        code = await listCommand(what, opts.json === true, ctx);
      });
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are "errors" under exitOverride; their exit code is 0. Usage errors are bad input.
      return e.exitCode === 0 ? EXIT.ok : EXIT.input;
    }
    const d = describeError(e, io.env.ONCOTWIN_DEBUG === '1');
    io.stderr.write(d.text);
    return d.code;
  }
}
