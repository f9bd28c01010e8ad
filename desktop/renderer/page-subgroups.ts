/**
 * Subgroup results for a run shown in the page: the result's own when the engine computed them, else
 * computed here from the result and the scenario text the run was started with (read through the same
 * kind of UrlFileHost the engine uses, with the user's opened model files), exactly as the CLI does.
 */
import { InputError } from '../../engine/common/errors.js';
import { loadModel } from '../../engine/common/model/load-model.js';
import { loadScenario } from '../../engine/common/scenario/index.js';
import type { ScenarioResult } from '../../engine/common/scenario-result.js';
import type { SubgroupReport } from '../../engine/common/stats/subgroup-types.js';
import { scenarioSubgroups } from '../../engine/common/subgroups/scenario-subgroups.js';
import { UrlFileHost } from './url-file-host.js';

export async function pageSubgroups(result: ScenarioResult, yaml: string, file: string, origin: string, userFile: (path: string) => string | undefined): Promise<SubgroupReport | undefined | string> {
  if (result.subgroups) return result.subgroups;
  try {
    const host = new UrlFileHost(origin, new Map([[file, yaml]]), async (p) => userFile(p));
    const scenario = await loadScenario(file, host, loadModel, { builtinModelsDir: '/models' });
    if (scenario.sha256 !== result.provenance.scenarioSha256) return 'Subgroup results are not shown: the scenario changed after this run.';
    return scenarioSubgroups(scenario, result);
  } catch (e) {
    if (e instanceof InputError) return `Subgroup results are not shown: ${e.message}`;
    throw e;
  }
}
