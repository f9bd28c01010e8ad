/**
 * Registers the commands that take a run beyond one machine: `merge` (shards' partial results →
 * one run's outputs), `slurm` (a job-array script for a Slurm cluster) and `sweep` (a grid of
 * scenario variants). Only option parsing lives here (it is loaded with --help); each command's
 * module is imported when it runs. See docs/SCALING.md.
 */
import { Option, type Command } from 'commander';
import type { CommandContext } from './context.js';
import { UsageError } from './exit-codes.js';
import { parseBackend, parsePositiveInt, parseSeed } from './options.js';

export function registerShardCommands(program: Command, ctx: CommandContext, setCode: (code: number) => void): void {
  program
    .command('merge')
    .description('merge the partial results of `run --shard k/N` into one run\'s summary.json, patients.csv, timecourse.csv')
    .argument('<dir...>', 'directories (or files) holding the shards\' partial results (*.otpart)')
    .option('--out <dir>', 'output directory of the merged result (required)')
    .option('--scenario <file>', 'the scenario file the shards ran, when it moved since (default: the path the shards recorded)')
    .option('--json', 'print summary.json to stdout instead of the table')
    .option('--quiet', 'no table')
    .option('--report', 'also write report.html')
    .action(async (dirs: string[], opts) => {
      const { mergeCommand } = await import('./commands/merge.js');
      setCode(await mergeCommand(dirs, opts, ctx));
    });

  program
    .command('slurm')
    .description('write (or submit) a Slurm job array that runs a scenario in N shards, then merges them')
    .argument('<scenario>', 'scenario file or built-in id')
    .addOption(new Option('--shards <n>', 'number of shards: array tasks 0..N-1 (required)').argParser((v) => parsePositiveInt('--shards', v)))
    .option('--out <dir>', 'directory for the scripts, logs, partials and merged result (default: results/<id>-slurm)')
    .option('--submit', 'submit the array and the dependent merge job with sbatch')
    .option('--wait', 'with --submit: wait for the merge job and report failed tasks')
    .option('--gpu', 'one GPU per task (--gres=gpu:1) and --backend webgpu')
    .option('--partition <p>', 'Slurm partition')
    .option('--time <t>', 'time limit per task (Slurm format, e.g. 01:00:00)')
    .addOption(new Option('--cpus-per-task <n>', 'CPUs per task, used as worker threads (default 1)').argParser((v) => parsePositiveInt('--cpus-per-task', v)))
    .addOption(new Option('--retries <n>', 'extra attempts of a failed shard inside its task (default 2)').argParser((v) => parseRetries(v)))
    .addOption(new Option('--patients <n>', 'number of virtual patients (overrides population.size)').argParser((v) => parsePositiveInt('--patients', v)))
    .addOption(new Option('--seed <s>', 'random seed (overrides population.seed)').argParser(parseSeed))
    .option('--oncotwin <command>', 'how tasks start oncotwin (default: this node and this installation)')
    .action(async (scenario: string, opts) => {
      const { slurmCommand } = await import('./commands/slurm.js');
      setCode(await slurmCommand(scenario, opts, ctx));
    });

  program
    .command('sweep')
    .description('run a scenario over a grid of values and tabulate and chart endpoints against them')
    .argument('<scenario>', 'scenario file or built-in id')
    .option('--set <path=values>', "a scenario path and comma-separated values, e.g. 'regimens[0].dose.amount=50,60,75' (repeat for a grid)", collect, [])
    .option('--metric <name>', 'what to tabulate: an event rate, a summary (mean), or "all" (default: every event rate)', collect, [])
    .addOption(new Option('--shards <n>', 'run each point in N shards and merge them (as a cluster would)').argParser((v) => parsePositiveInt('--shards', v)))
    .option('--out <dir>', 'output directory (default: results/<id>-sweep)')
    .addOption(new Option('--backend <name>', 'auto | cpu | webgpu').default('auto').argParser(parseBackend))
    .addOption(new Option('--threads <n>', 'CPU worker threads').argParser((v) => parsePositiveInt('--threads', v)))
    .addOption(new Option('--patients <n>', 'number of virtual patients per point (overrides population.size)').argParser((v) => parsePositiveInt('--patients', v)))
    .addOption(new Option('--seed <s>', 'random seed (overrides population.seed)').argParser(parseSeed))
    .option('--quiet', 'no progress, no table')
    .action(async (scenario: string, opts) => {
      const { sweepCommand } = await import('./commands/sweep.js');
      setCode(await sweepCommand(scenario, opts, ctx));
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseRetries(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 10) throw new UsageError(`--retries expects a whole number 0..10, got "${text}"`, 'for example --retries 2');
  return n;
}
