/**
 * The package's built-in models/ and scenarios/, and resolution of a command-line scenario argument
 * (a path, or the id of a built-in).
 */
import { existsSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closest } from '../common/errors.js';
import type { CatalogEntry, Engine } from './engine.js';
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

/** What a command accepts as a file argument. */
export type FileArgKind = 'scenario' | 'model-or-scenario';

/** The built-ins, listed only when an argument is not a path (listing parses every built-in file). */
export interface Builtins {
  scenarios(): Promise<CatalogEntry[]>;
  models(): Promise<CatalogEntry[]>;
}

/** The engine's built-in lists, read only if an argument is not a path. */
export function builtinsOf(engine: Engine): Builtins {
  return { scenarios: () => engine.listScenarios(), models: () => engine.listModels() };
}

const byName = (arg: string) => (b: CatalogEntry) => b.id === arg || basename(b.path).replace(/\.ya?ml$/, '') === arg.replace(/\.ya?ml$/, '');

/**
 * Resolves a file argument the same way for every command: an existing path (relative to `cwd`),
 * else the id (or file name) of a built-in scenario, else — where models are accepted — of a
 * built-in model.
 * @throws UsageError naming the closest built-in id, or saying that a model was given where a
 *   scenario is needed.
 */
export async function resolveFileArg(arg: string, cwd: string, builtins: Builtins, accept: FileArgKind): Promise<string> {
  const asPath = resolve(cwd, arg);
  if (existsSync(asPath)) return asPath;
  const scenarios = await builtins.scenarios();
  const scenario = scenarios.find(byName(arg));
  if (scenario) return scenario.path;
  const models = await builtins.models();
  const model = models.find(byName(arg));
  if (model && accept === 'model-or-scenario') return model.path;
  if (model) {
    throw new UsageError(
      `"${arg}" is a built-in model, not a scenario: a run needs a scenario (the regimens, population and horizon to simulate)`,
      `run a scenario that uses it (\`oncotwin scenarios\` lists them), or check the model with \`oncotwin validate ${arg}\``,
    );
  }
  const ids = [...scenarios, ...(accept === 'model-or-scenario' ? models : [])].map((b) => b.id);
  const near = closest(arg.replace(/\.ya?ml$/, ''), ids);
  const what = accept === 'scenario' ? 'scenario' : 'model or scenario';
  const list = accept === 'scenario' ? '`oncotwin scenarios` lists the built-ins' : '`oncotwin scenarios` and `oncotwin models` list the built-ins';
  throw new UsageError(`${what} not found: ${arg} (no such file, and no built-in ${what} with that id)`, near ? `did you mean "${near}"? ${list}` : list);
}
