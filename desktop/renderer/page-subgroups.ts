/**
 * Subgroup results for a run shown in the page: the engine computes them when it assembles the
 * result (engine/common/subgroups), in the worker as in the CLI, so the page only reads them.
 */
import type { ScenarioResult } from '../../engine/common/scenario-result.js';
import type { SubgroupReport } from '../../engine/common/stats/subgroup-types.js';

export async function pageSubgroups(result: ScenarioResult): Promise<SubgroupReport | undefined | string> {
  return result.subgroups;
}
