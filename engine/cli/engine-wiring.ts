/**
 * Production wiring: the real engine modules behind the CLI's `Engine` interface. The only CLI file
 * that imports engine internals, so tests inject fakes everywhere else.
 *
 * Loading costs start-up time, so this module holds only the loaders (what `validate` needs); the
 * backends, workers and GPU bindings behind `runScenario` are imported when a run starts.
 */
import { join } from 'node:path';
import { InputError, type Diagnostic } from '../common/errors.js';
import { loadModel } from '../common/model/load-model.js';
import { buildJob, loadScenario, type Scenario } from '../common/scenario/index.js';
import { NodeFileHost } from '../node/node-file-host.js';
import { listYaml, packageRoot } from './catalog.js';
import type { Engine } from './engine.js';
import { kindProblem } from './file-kind.js';
import { readFileInfo } from './scenario-info.js';

/** The real engine: loaders with the Node file host, `runScenario`, and the package's built-ins. */
export function realEngine(): Engine {
  const host = new NodeFileHost();
  const root = packageRoot();
  // The loader options of run-scenario.ts's loadScenarioFile (built-in model ids resolve the same
  // way), without importing that module's backends.
  const load = (path: string): Promise<Scenario> => loadScenario(path, host, loadModel, { builtinModelsDir: join(root, 'models') });
  return {
    runScenario: async (path, opts) => (await import('../run-scenario.js')).runScenario(path, opts),
    async planRun(path) {
      const job = buildJob(await load(path));
      const { planKernel, JS_CAPS } = await import('../kernel/plan.js');
      const kernel = planKernel(job, JS_CAPS);
      return {
        nPatients: job.nPatients,
        regimens: job.regimens.length,
        outputs: job.model.outputs.length,
        gridPoints: job.grid.length,
        summaryColumns: kernel.resultColumns.length,
        kernelColumns: kernel.columns.length,
        patientColumns: kernel.report.length,
        trajectories: job.trajectories,
      };
    },
    validateFile: (path) => validateOne(path, host, load),
    listModels: () => listYaml(join(root, 'models')),
    listScenarios: () => listYaml(join(root, 'scenarios')),
  };
}

/** Diagnostics of one file, loaded as a model or a scenario according to its top-level keys. */
async function validateOne(path: string, host: NodeFileHost, load: (path: string) => Promise<Scenario>): Promise<Diagnostic[]> {
  try {
    const info = await readFileInfo(path);
    const wrongKind = kindProblem(info, path, 'model-or-scenario');
    if (wrongKind) return [wrongKind];
    if (info.kind === 'unknown') return info.yamlProblems;
    if (info.kind === 'model') await loadModel(path, host);
    else await load(path);
    return [];
  } catch (e) {
    if (e instanceof InputError) return e.diagnostics;
    throw e;
  }
}
