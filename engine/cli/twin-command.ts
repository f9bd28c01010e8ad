/**
 * Registers `oncotwin twin <patient-file> --scenario <scenario>` on the CLI's commander program.
 * Only option parsing lives here (it is loaded with --help, so it sits outside commands/); the
 * command itself is commands/twin.ts, imported when it runs.
 */
import { Option, type Command } from 'commander';
import type { CommandContext } from './context.js';
import { parseBackend, parsePositiveInt, parseSeed } from './options.js';
import { UsageError } from './exit-codes.js';

function parseDay(text: string): number {
  const v = Number(text);
  if (!Number.isFinite(v) || v < 0) throw new UsageError(`--start must be a number of days ≥ 0, got "${text}"`, 'e.g. --start 21 (days since time zero)');
  return v;
}

export function registerTwinCommand(program: Command, ctx: CommandContext, setCode: (code: number) => void): void {
  program
    .command('twin')
    .description("calibrate a patient's twin to their own measurements and forecast each regimen (writes twin.json and CSVs)")
    .argument('<patient-file>', 'patient file: .yaml (may import a NONMEM-style data set or a FHIR Bundle), .csv patient file, or FHIR R4 Bundle .json')
    .option('--scenario <scenario>', 'scenario whose model and regimens to use (file or built-in id)')
    .option('--model <model>', 'model without a scenario (file or built-in id): forecasts continue the last dose given')
    .option('--out <dir>', 'output directory (default: results/twin-<patient id>)')
    .option('--target <target>', 'dose finder target, e.g. grade4<=0.2, grade3<=30%@2, auc=5 mg/mL*min, auc:Cp in 20..30 mg*h/L')
    .option('--target-regimen <name>', 'regimen the dose finder scales (default: the first)')
    .addOption(new Option('--start <day>', 'forecast start in days since time zero (default: one cycle after the last dose)').argParser(parseDay))
    .addOption(new Option('--cycles <n>', 'cycles forecast (default 2)').argParser((v) => parsePositiveInt('--cycles', v)))
    .addOption(new Option('--candidates <n>', 'importance-sampling candidates (default 20000)').argParser((v) => parsePositiveInt('--candidates', v)))
    .addOption(new Option('--draws <n>', 'posterior draws kept for forecasts (default 1000)').argParser((v) => parsePositiveInt('--draws', v)))
    .addOption(new Option('--seed <s>', 'seed of the sampling (default 1)').argParser(parseSeed))
    .addOption(new Option('--backend <name>', 'auto | cpu | webgpu').default('auto').argParser(parseBackend))
    .addOption(new Option('--threads <n>', 'CPU worker threads').argParser((v) => parsePositiveInt('--threads', v)))
    .option('--json', 'print twin.json to stdout instead of the summary')
    .option('--quiet', 'print nothing but problems')
    .action(async (patient: string, opts) => {
      const { twinCommand } = await import('./commands/twin.js');
      setCode(await twinCommand(patient, opts, ctx));
    });
}
