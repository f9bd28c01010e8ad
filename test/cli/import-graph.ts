/**
 * The static import graph of the engine's TypeScript sources, read from the text (no compiler needed):
 * value imports and re-exports (`import … from`, `export … from`), not `import type` (erased) and not
 * `import()` (loaded on demand, which is the point of lazy loading).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^;'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm;

/** The module specifiers `file` imports statically at load time. */
export function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(STATIC_IMPORT)].map((m) => m[1]);
}

/** A relative specifier as the .ts file it names (sources import `./x.js` for `./x.ts`). */
function resolveLocal(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const js = resolve(dirname(from), spec);
  const ts = js.replace(/\.js$/, '.ts');
  return existsSync(ts) ? ts : existsSync(js) ? js : undefined;
}

/** Every file and package loaded when `entry` is imported, following only static imports. */
export function staticClosure(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of staticImports(file)) {
      const local = resolveLocal(file, spec);
      if (local) visit(local);
      else if (!spec.startsWith('.') && !spec.startsWith('node:')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    }
  };
  visit(entry);
  return { files, packages };
}

/** Import cycles among `files` (each reported once, as the path round the cycle). */
export function importCycles(files: string[]): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const spec of staticImports(file)) {
      const next = resolveLocal(file, spec);
      if (!next || !files.includes(next)) continue;
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return cycles;
}
