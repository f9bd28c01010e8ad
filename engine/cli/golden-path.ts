/**
 * Where a scenario's `golden:` file lives, kept inside the places a golden may be: the scenario's own
 * directory tree, or the project's golden/ directory. `regress --update` writes there, so a scenario
 * file must not be able to aim it at ~/.bashrc or another scenario.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../common/errors.js';
import { isInside } from './output/confine.js';
import type { Position } from './scenario-info.js';

/**
 * The project root of a scenario: the nearest ancestor directory with a package.json (the FORMATS.md
 * convention `golden: golden/<id>.json` is relative to it), or the scenario's directory.
 */
export function projectRoot(scenarioPath: string): string {
  let dir = dirname(scenarioPath);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return dirname(scenarioPath);
    dir = up;
  }
}

/**
 * The golden path of a scenario: relative to the scenario file when that file exists, else relative
 * to the project root.
 * @throws InputError at the `golden:` value when it is not a .json file inside the scenario's
 *   directory tree or the project's golden/ directory.
 */
export function confinedGoldenPath(scenarioPath: string, golden: { value: string } & Position): string {
  const besides = resolve(dirname(scenarioPath), golden.value);
  const root = projectRoot(scenarioPath);
  const path = existsSync(besides) ? besides : resolve(root, golden.value);
  const fail = (message: string, hint: string): never => {
    throw InputError.at(scenarioPath, golden.line, golden.col, message, hint);
  };
  if (!path.endsWith('.json')) fail(`golden file ${golden.value} does not end in .json`, 'name a JSON file, e.g. golden: golden/<scenario id>.json');
  const goldenDir = join(root, 'golden');
  if (!isInside(dirname(scenarioPath), path) && !isInside(goldenDir, path)) {
    fail(`golden file ${golden.value} resolves to ${path}, outside the scenario's directory and ${goldenDir}`,
      `keep goldens in ${goldenDir} (golden: golden/<scenario id>.json) or beside the scenario`);
  }
  return path;
}
