/**
 * A scenario's subgroup report, computed on the host from a finished run: the per-patient values the
 * result reports (covariates, genotypes, phenotypes) decide each patient's group, the raw per-patient
 * summaries give the events and means, and the model's validity domains give who is outside. The same
 * for every backend, since it reads only what every backend returns.
 */
import { writtenDoses } from '../dosing/written-doses.js';
import type { ScenarioResult } from '../scenario-result.js';
import type { Scenario } from '../scenario/scenario.js';
import type { EventColumn } from '../stats/subgroup-stats.js';
import { subgroupRows } from '../stats/subgroup-stats.js';
import type { SubgroupReport, SubgroupTable } from '../stats/subgroup-types.js';
import { eventFlags } from '../stats/summarize.js';
import { groupPatients } from './group-patients.js';
import { checkValidity } from './validity-check.js';

/** Summary columns the endpoints or survival add (reported through their own endpoints instead). */
const ENDPOINT_COLUMN = /^(neutropenia|recist|survival)\./;

/** Event columns: the scenario's events, then the clinical endpoints' per-patient grades and responses. */
function eventColumns(scenario: Scenario, result: ScenarioResult): EventColumn[] {
  const raws = result.ensemble.regimens;
  const out: EventColumn[] = scenario.events.map((ev) => ({ name: ev.name, flags: raws.map((raw) => eventFlags(raw, ev)) }));
  const neut = result.endpoints?.neutropenia;
  if (neut) {
    const grade = (k: number) => neut.regimens.map((r) => Float64Array.from(r.patientWorstGrade, (g) => (Number.isFinite(g) ? (g >= k ? 1 : 0) : NaN)));
    out.push({ name: 'neutropenia grade ≥3', flags: grade(3) }, { name: 'neutropenia grade 4', flags: grade(4) });
  }
  const recist = result.endpoints?.recist;
  if (recist) {
    out.push({ name: 'objective response (CR+PR)', flags: recist.regimens.map((r) => Float64Array.from(r.patientBest, (b) => (b === 'NE' ? NaN : b === 'CR' || b === 'PR' ? 1 : 0))) });
  }
  return out;
}

/** The report, or undefined when the scenario declares no subgroups and the model no validity domain. */
export function scenarioSubgroups(scenario: Scenario, result: ScenarioResult): SubgroupReport | undefined {
  const specs = scenario.population.subgroups ?? [];
  const domains = scenario.model.validity ?? [];
  if (!specs.length && !domains.length) return undefined;
  const symbols = new Map(scenario.population.symbols.map((s) => [s.name, s]));
  const n = result.provenance.nPatients;
  const validity = domains.length ? checkValidity(domains, result.patients, symbols, scenario.model.timeUnit, n, writtenDoses(scenario.data)) : undefined;
  const events = eventColumns(scenario, result);
  const raws = result.ensemble.regimens;
  const summaries = scenario.summaries.map((s) => s.name).filter((name) => !ENDPOINT_COLUMN.test(name) && raws.every((r) => Object.hasOwn(r.summaries, name)));
  const tables: SubgroupTable[] = specs.map((spec) => {
    const axes = spec.axes.map((a) => a.covariate);
    const table: SubgroupTable = { name: axes.join(' × '), axes, rows: [] };
    const grouped = groupPatients(spec, result.patients, symbols);
    if (typeof grouped === 'string') table.note = grouped;
    else table.rows = subgroupRows(grouped, raws, events, summaries, validity?.outside);
    return table;
  });
  const report: SubgroupReport = { tables };
  if (validity) report.validity = validity.report;
  return report;
}
