/**
 * Production wiring: the real engine modules behind the CLI's `Engine` interface. The only CLI file
 * that imports engine internals, so tests inject fakes everywhere else.
 */
import { join } from 'node:path';
import { InputError, type Diagnostic } from '../common/errors.js';
import { loadModel } from '../common/model/load-model.js';
import { NodeFileHost } from '../node/node-file-host.js';
import { loadScenarioFile, runScenario } from '../run-scenario.js';
import { listYaml, packageRoot } from './catalog.js';
import type { Engine } from './engine.js';
import { readFileInfo } from './scenario-info.js';

/** The real engine: loaders with the Node file host, `runScenario`, and the package's built-ins. */
export function realEngine(): Engine {
  const host = new NodeFileHost();
  const root = packageRoot();
  return {
    runScenario: (path, opts) => runScenario(path, opts),
    async validateFiles(paths) {
      const all: Diagnostic[] = [];
      for (const path of paths) all.push(...(await validateOne(path, host)));
      return all;
    },
    listModels: () => listYaml(join(root, 'models')),
    listScenarios: () => listYaml(join(root, 'scenarios')),
  };
}

/**
 * Diagnostics of one file: loaded as a model or a scenario according to its top-level key (a scenario
 * with the same loader options `runScenario` uses, so built-in model ids resolve the same way).
 */
async function validateOne(path: string, host: NodeFileHost): Promise<Diagnostic[]> {
  try {
    await host.readText(path);
    const info = await readFileInfo(path);
    if (info.kind === 'unknown') {
      if (info.syntaxErrors.length > 0) {
        return info.syntaxErrors.map((e) => ({ file: path, line: e.line, col: e.col, message: `YAML syntax: ${e.message}`, hint: 'fix the YAML syntax (indentation, a missing colon or quote)' }));
      }
      return [{ file: path, line: 1, col: 1, message: 'not a model or scenario file: no top-level `model:` or `scenario:` key', hint: 'start a model with `model: <id>` or a scenario with `scenario: <id>`' }];
    }
    if (info.kind === 'model') await loadModel(path, host);
    else await loadScenarioFile(path);
    return [];
  } catch (e) {
    if (e instanceof InputError) return e.diagnostics;
    throw e;
  }
}
