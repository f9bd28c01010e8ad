/**
 * The package's built-in models/ and scenarios/, and resolution of a command-line scenario argument
 * (a path, or the id of a built-in).
 */
import { existsSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closest } from '../common/errors.js';
import type { CatalogEntry } from './engine.js';
import { UsageError } from './exit-codes.js';
import { readFileInfo } from './scenario-info.js';

/**
 * The package root: the nearest ancestor of `from` whose package.json is named "oncotwin". Works
 * from the sources (engine/cli/) and from the bundle (dist/).
 */
export function packageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'oncotwin') return dir;
      } catch {
        // An unreadable or foreign package.json: keep walking up.
      }
    }
    const up = dirname(dir);
    if (up === dir) return resolve(from, '..', '..');
    dir = up;
  }
}

/** The `*.yaml` files of `dir` with their ids and titles, sorted by id. */
export async function listYaml(dir: string): Promise<CatalogEntry[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.yaml') || n.endsWith('.yml'));
  } catch {
    return [];
  }
  const entries = await Promise.all(
    names.map(async (n) => {
      const path = join(dir, n);
      const info = await readFileInfo(path).catch(() => undefined);
      return { id: info?.id ?? n.replace(/\.ya?ml$/, ''), title: info?.title ?? '', path };
    }),
  );
  return entries.sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Resolves a scenario argument: an existing path (relative to `cwd`), else a built-in scenario id.
 * @throws UsageError with the closest built-in id as a hint.
 */
export function resolveScenarioArg(arg: string, cwd: string, builtins: CatalogEntry[]): string {
  const asPath = resolve(cwd, arg);
  if (existsSync(asPath)) return asPath;
  const hit = builtins.find((b) => b.id === arg || b.path.endsWith(`/${arg}.yaml`));
  if (hit) return hit.path;
  const near = closest(arg.replace(/\.ya?ml$/, ''), builtins.map((b) => b.id));
  throw new UsageError(
    `scenario not found: ${arg} (no such file, and no built-in scenario with that id)`,
    near ? `did you mean "${near}"? \`oncotwin scenarios\` lists the built-ins` : '`oncotwin scenarios` lists the built-in scenarios',
  );
}
