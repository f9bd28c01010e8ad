/**
 * Subgroup results for a CLI run: computed on the host from the finished result and the scenario as
 * loaded (engine/common/subgroups). The scenario is read again after the run, so a file edited while
 * the run was going is detected by its hash and the subgroups are then left out with a note rather
 * than computed for the wrong declarations.
 */
import type { ScenarioResult } from '../common/scenario-result.js';
import type { Scenario } from '../common/scenario/index.js';
import { scenarioSubgroups } from '../common/subgroups/scenario-subgroups.js';

export function attachSubgroups(result: ScenarioResult, scenario: Scenario): ScenarioResult {
  if (result.subgroups) return result;
  if (scenario.sha256 !== result.provenance.scenarioSha256) {
    result.provenance.notes.push('subgroup results left out: the scenario file changed while it ran; run it again');
    return result;
  }
  const subgroups = scenarioSubgroups(scenario, result);
  if (subgroups) result.subgroups = subgroups;
  return result;
}
