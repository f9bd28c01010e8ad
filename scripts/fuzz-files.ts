/**
 * Fuzzer of model and scenario files (issue 15): mutations of every built-in file in models/ and
 * scenarios/ (deterministic for a seed) through the loaders, each case on a worker thread with a
 * time limit, and a sample through `oncotwin validate`. Every case must end as a valid file or as
 * input errors with positions: an internal error (exit code 3) or a hang is a defect. The test suite
 * runs a smaller set (test/common/fuzz/file-fuzz.test.ts).
 *
 *   npx tsx scripts/fuzz-files.ts [--cases 2000] [--seed 20261205] [--threads 2] [--limit-ms 5000] [--cli 40]
 *
 * Exit code 0 when every case passed, 1 otherwise (the failing cases are printed with their mutation;
 * `--dump DIR` writes them as files).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { builtinFiles, fuzzCases } from './fuzz/cases.js';
import { validateWithCli } from './fuzz/cli-sample.js';
import { runPool } from './fuzz/pool.js';

const { values } = parseArgs({ options: {
  cases: { type: 'string', default: '2000' }, seed: { type: 'string', default: '20261205' }, threads: { type: 'string', default: '2' },
  'limit-ms': { type: 'string', default: '5000' }, cli: { type: 'string', default: '40' }, dump: { type: 'string' },
} });
const files = builtinFiles();
const cases = fuzzCases(Number(values.seed), Number(values.cases), files);
const started = Date.now();
const results = await runPool(cases, files, Number(values.threads), Number(values['limit-ms']));
const counts: Record<string, number> = {};
for (const r of results) counts[r.outcome.kind] = (counts[r.outcome.kind] ?? 0) + 1;
const failed = results.filter((r) => r.outcome.kind === 'internal' || r.outcome.kind === 'hang');
console.log(`${cases.length} cases from ${files.size} built-in files (seed ${values.seed}) in ${((Date.now() - started) / 1000).toFixed(1)} s:`, counts);
for (const f of failed) console.log(`case ${f.case.id} (${f.case.base}; ${f.case.mutation}): ${f.outcome.kind === 'internal' ? f.outcome.message.split('\n').slice(0, 3).join(' | ') : 'no result within the time limit'}`);
if (values.dump) {
  mkdirSync(values.dump, { recursive: true });
  for (const f of failed) writeFileSync(join(values.dump, `case-${f.case.id}-${f.case.base.replace('/', '-')}`), f.case.text);
}
const sample = cases.filter((_, i) => i % Math.max(1, Math.floor(cases.length / Number(values.cli))) === 0).slice(0, Number(values.cli));
const cli = sample.length ? validateWithCli(sample, files, 300_000) : undefined;
if (cli) console.log(`oncotwin validate on ${sample.length} cases: exit code ${cli.code}${cli.timedOut ? ' (timed out)' : ''}${cli.internal ? ' — INTERNAL ERROR' : ''}`);
if (cli?.internal || cli?.timedOut) console.log(cli.output.split('\n').filter((l) => /internal|error:/i.test(l)).slice(0, 10).join('\n'));
process.exitCode = failed.length || cli?.internal || cli?.timedOut ? 1 : 0;
