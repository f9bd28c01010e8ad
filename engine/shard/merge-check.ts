/**
 * Checks a set of partial-result headers before anything is merged: the same run (scenario and
 * model hashes, engine version, seed, population, kernel structure, backend) and a complete set of
 * shards (each index 0..N-1 exactly once, each covering its own patient range). Every problem found
 * is reported, each naming the files it concerns, so an incomplete Slurm array or a partial left
 * over from another run can never be merged as if it were the whole population.
 */
import { InputError, type Diagnostic } from '../common/errors.js';
import type { PartialHeader } from './partial-header.js';
import { shardRange } from './shard-spec.js';

export interface HeaderOf {
  file: string;
  header: PartialHeader;
}

/** What must be equal across a set, with how a difference is worded. */
const SAME_RUN: { what: string; value(h: PartialHeader): string; hint: string }[] = [
  { what: 'scenario file (sha256)', value: (h) => h.scenario.sha256, hint: 'merge only partials of one scenario file; re-run the shards made from an edited file' },
  { what: 'model files (sha256)', value: (h) => h.modelSha256, hint: 'the model changed between shards; re-run them with one model version' },
  { what: 'engine version', value: (h) => h.engineVersion, hint: 'run every shard with the same oncotwin version' },
  { what: 'seed', value: (h) => String(h.seed), hint: 'run every shard with the same --seed' },
  { what: 'population size', value: (h) => String(h.nPatients), hint: 'run every shard with the same --patients' },
  { what: 'trajectories', value: (h) => String(h.trajectories), hint: 'run every shard with the same --trajectories' },
  { what: 'shard count N', value: (h) => String(h.shard.count), hint: 'merge the shards of one k/N split' },
  { what: 'backend', value: (h) => `${h.backend.name} (${h.backend.precision}-bit)`, hint: 'run every shard on one backend (--backend cpu or webgpu): f32 and f64 results are not one population' },
  { what: 'kernel structure key', value: (h) => h.structureKey, hint: 'run every shard with the same oncotwin build' },
];

const short = (v: string): string => (/^[0-9a-f]{64}$/.test(v) ? `${v.slice(0, 12)}…` : v);

function diag(file: string, message: string, hint: string): Diagnostic {
  return { file, line: 1, col: 1, message, hint };
}

/** Problems of provenance: for each field, the files that differ from the first file's value. */
function provenanceProblems(set: HeaderOf[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const [first] = set;
  for (const rule of SAME_RUN) {
    const ref = rule.value(first.header);
    const odd = set.filter((p) => rule.value(p.header) !== ref);
    if (odd.length === 0) continue;
    const theirs = [...new Set(odd.map((p) => short(rule.value(p.header))))].join(', ');
    out.push(diag(odd[0].file, `${rule.what} differs: ${first.file} has ${short(ref)}, but ${odd.map((p) => p.file).join(', ')} ${odd.length === 1 ? 'has' : 'have'} ${theirs}`, rule.hint));
  }
  return out;
}

/** Problems of the shard set: duplicates, wrong ranges, missing indices. */
function completenessProblems(set: HeaderOf[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { count } = set[0].header.shard;
  const n = set[0].header.nPatients;
  const byIndex = new Map<number, string[]>();
  for (const p of set) {
    const { index } = p.header.shard;
    byIndex.set(index, [...(byIndex.get(index) ?? []), p.file]);
    const want = shardRange(n, p.header.shard);
    const { start, end } = p.header.range;
    if (start !== want.start || end !== want.end) {
      out.push(diag(p.file, `shard ${index}/${count} covers patients [${start}, ${end}), but shard ${index} of ${count} of ${n} patients is [${want.start}, ${want.end})`, 'the file was altered or written by another oncotwin version; re-run this shard'));
    }
  }
  for (const [index, files] of byIndex) {
    if (files.length > 1) out.push(diag(files[1], `shard ${index}/${count} appears ${files.length} times: ${files.join(', ')}`, 'pass each shard once (results of a re-run task replace the old file)'));
  }
  const missing = Array.from({ length: count }, (_, k) => k).filter((k) => !byIndex.has(k));
  if (missing.length > 0) {
    const list = missing.length > 20 ? `${missing.slice(0, 20).join(', ')}, … (${missing.length} in all)` : missing.join(', ');
    out.push(diag(set[0].file, `incomplete shard set: shard${missing.length === 1 ? '' : 's'} ${list} of ${count} ${missing.length === 1 ? 'is' : 'are'} missing (${set.length} of ${count} present)`, 'run the missing shards (oncotwin run SCENARIO --shard k/N) or wait for their tasks to finish; a partial set is never merged'));
  }
  return out;
}

/** Throws InputError listing every problem of the set; returns when it is one complete run. */
export function checkShardSet(set: HeaderOf[]): void {
  if (set.length === 0) throw new InputError([diag('(merge)', 'no partial results to merge', 'pass the directories the shards wrote (oncotwin run SCENARIO --shard k/N --out DIR)')]);
  const problems = provenanceProblems(set);
  // Completeness is judged against the first file's N and population; differing ones are reported above.
  if (problems.length === 0 || problems.every((d) => !/shard count|population size/.test(d.message))) problems.push(...completenessProblems(set));
  if (problems.length > 0) throw new InputError(problems);
}
