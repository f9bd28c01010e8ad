/**
 * Telling a command that it was given the wrong kind of file — a model where a scenario is needed,
 * a file mixing both, a file that is neither — by the file's top-level keys (scenario-info.ts),
 * before a loader reports a confusing "unknown key".
 */
import { basename } from 'node:path';
import type { Diagnostic } from '../common/errors.js';
import { keyList, type FileInfo } from './scenario-info.js';

/**
 * The problem with using `path` as `expected`, or undefined when its kind fits (a file that cannot
 * be parsed is described by its `yamlProblems` instead).
 */
export function kindProblem(info: FileInfo, path: string, expected: 'scenario' | 'model-or-scenario'): Diagnostic | undefined {
  const at = { file: path, line: 1, col: 1 };
  if (info.kind === 'mixed') {
    return {
      ...at,
      message: `this file mixes model keys (${keyList(info.modelKeys)}) and scenario keys (${keyList(info.scenarioKeys)})`,
      hint: 'a model and a scenario are separate files: move the model into its own file and name it from the scenario with `model: <file>`',
    };
  }
  if (info.kind === 'model' && expected === 'scenario') {
    const keys = info.modelKeys.length > 0 ? `top-level ${keyList(info.modelKeys)}` : 'a top-level `model:` id and no scenario keys';
    return {
      ...at,
      message: `this is a model file (${keys}), not a scenario`,
      hint: `give a scenario that uses it (\`model: ${basename(path)}\`); \`oncotwin scenarios\` lists the built-in scenarios, \`oncotwin validate ${basename(path)}\` checks the model`,
    };
  }
  if (info.kind === 'unknown' && info.yamlProblems.length === 0) {
    return {
      ...at,
      message: 'not a model or scenario file: no top-level `model:` or `scenario:` key',
      hint: 'start a model with `model: <id>` or a scenario with `scenario: <id>`',
    };
  }
  return undefined;
}
