/**
 * The fuzz cases: every built-in model and scenario file in turn, each mutated with a seeded
 * generator, so a seed and a count name the same cases everywhere.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mutate, rng } from './mutations.js';

export interface FuzzCase {
  id: number;
  kind: 'model' | 'scenario';
  /** The built-in file it mutates (`models/x.yaml`). */
  base: string;
  mutation: string;
  text: string;
}

/** The repository's built-in files: `models/x.yaml` and `scenarios/y.yaml` → text. */
export function builtinFiles(): Map<string, string> {
  const root = new URL('../../', import.meta.url);
  const files = new Map<string, string>();
  for (const dir of ['models', 'scenarios']) {
    for (const f of readdirSync(new URL(`${dir}/`, root)).filter((x) => x.endsWith('.yaml')).sort()) {
      files.set(`${dir}/${f}`, readFileSync(fileURLToPath(new URL(`${dir}/${f}`, root)), 'utf8'));
    }
  }
  return files;
}

/** `count` cases from `seed`, cycling through every built-in file. */
export function fuzzCases(seed: number, count: number, files = builtinFiles()): FuzzCase[] {
  const r = rng(seed);
  const bases = [...files.keys()];
  return Array.from({ length: count }, (_, id) => {
    const base = bases[id % bases.length];
    const { text, mutation } = mutate(r, files.get(base)!);
    return { id, kind: base.startsWith('models/') ? 'model' : 'scenario', base, mutation, text };
  });
}
