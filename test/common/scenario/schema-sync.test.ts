import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOSE_KEYS, AUC_KEYS } from '../../../engine/common/dosing/dose-levels.js';
import { REGIMEN_KEYS, ROUTES } from '../../../engine/common/dosing/regimen.js';
import { RULE_ACTIONS, RULE_KEYS, TRACK_KEYS } from '../../../engine/common/dosing/rules.js';
import { SCHEDULE_KEYS } from '../../../engine/common/dosing/schedule.js';
import {
  CORRELATION_KEYS, COVARIATE_KEYS, DERIVED_FORMULAS, DERIVED_KEYS, DISTRIBUTIONS, POPULATION_KEYS, TABLE_KEYS,
} from '../../../engine/common/population/population-spec.js';
import { ENDPOINT_KEYS, NEUTROPENIA_KEYS, RECIST_KEYS, RECIST_MEASURES } from '../../../engine/common/scenario/endpoints-spec.js';
import { SCENARIO_KEYS } from '../../../engine/common/scenario/load-scenario.js';
import { EVENT_KEYS, GRID_KEYS, SOLVER_KEYS, SUMMARY_KEYS, SUMMARY_KINDS } from '../../../engine/common/scenario/sections.js';

interface JsonSchema { properties?: Record<string, JsonSchema & { enum?: string[] }>; definitions?: Record<string, JsonSchema>; }
const schema = JSON.parse(readFileSync(new URL('../../../schema/scenario.schema.json', import.meta.url), 'utf8')) as JsonSchema & { $schema: string };
const keys = (s: JsonSchema | undefined): string[] => Object.keys(s?.properties ?? {}).sort();
const sorted = (a: readonly string[]): string[] => [...a].sort();

describe('schema/scenario.schema.json matches the validator', () => {
  it('is draft-07', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  it('has the same keys in every section', () => {
    const d = schema.definitions!;
    const pairs: [string, JsonSchema | undefined, readonly string[]][] = [
      ['root', schema, SCENARIO_KEYS], ['population', d.population, POPULATION_KEYS], ['covariate', d.covariate, COVARIATE_KEYS],
      ['correlation', d.correlation, CORRELATION_KEYS], ['derived', d.derived, DERIVED_KEYS], ['table', d.table, TABLE_KEYS],
      ['regimen', d.regimen, REGIMEN_KEYS], ['dose', d.dose, DOSE_KEYS], ['auc', d.auc, AUC_KEYS], ['schedule', d.schedule, SCHEDULE_KEYS],
      ['outputGrid', d.outputGrid, GRID_KEYS], ['solver', d.solver, SOLVER_KEYS], ['summary', d.summary, SUMMARY_KEYS], ['event', d.event, EVENT_KEYS],
      ['rule', d.rule, RULE_KEYS], ['tracker', d.tracker, TRACK_KEYS],
      ['endpoints', d.endpoints, ENDPOINT_KEYS], ['neutropenia', d.neutropenia, NEUTROPENIA_KEYS], ['recist', d.recist, RECIST_KEYS],
    ];
    for (const [name, section, expected] of pairs) expect(keys(section), name).toEqual(sorted(expected));
  });

  it('has the same enumerations', () => {
    const d = schema.definitions!;
    expect(sorted(d.covariate.properties!.distribution.enum!)).toEqual(sorted(DISTRIBUTIONS));
    expect(sorted(d.derived.properties!.formula.enum!)).toEqual(sorted(DERIVED_FORMULAS));
    expect(sorted(d.summary.properties!.kind.enum!)).toEqual(sorted(SUMMARY_KINDS));
    expect(sorted(d.dose.properties!.route.enum!)).toEqual(sorted(ROUTES));
    expect(sorted(d.rule.properties!.action.enum!)).toEqual(sorted(RULE_ACTIONS));
    expect(sorted(d.recist.properties!.measure.enum!)).toEqual(sorted(RECIST_MEASURES));
  });
});
