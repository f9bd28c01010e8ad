/**
 * The scenario's `summaries:` (per-patient summaries of model outputs) and `events:` (a summary
 * compared with a threshold; rates per regimen follow from it). Each item is checked on its own,
 * so one pass reports a problem in every item that has one.
 */
import { closest, type Problems } from '../errors.js';
import { resultNameProblem, SUMMARY_NAME } from '../expr/names.js';
import type { ModelIR } from '../ir.js';
import type { SummarySpec } from '../job.js';
import type { YamlNode } from '../yaml/yaml-node.js';
import { eventSchema, SUMMARY_KINDS, summarySchema } from './schema.js';
import { timeValue } from './sections.js';

const SUMMARY_KEYS = summarySchema.keyof().options;
const EVENT_KEYS = eventSchema.keyof().options;

/** An event: a per-patient summary compared with a threshold; rates per regimen follow from it. */
export interface EventSpec {
  name: string;
  summary: string;
  below?: number;
  above?: number;
}

/** Keys each summary kind takes besides name, kind and output. */
const KIND_KEYS: Record<(typeof SUMMARY_KINDS)[number], readonly string[]> = {
  max: ['from', 'to'], min: ['from', 'to'], auc: ['from', 'to'], time_below: ['threshold'], time_above: ['threshold'], value_at: ['time'],
};

/** A summary or event name, checked (names become result keys and CSV columns). */
function resultName(c: YamlNode, what: string): string {
  const name = c.required().str();
  const problem = resultNameProblem(name, SUMMARY_NAME);
  if (problem) throw c.error(`'${name}' cannot name ${what}: ${problem}`, 'e.g. anc_nadir, auc_c1');
  return name;
}

function parseSummary(it: YamlNode, model: ModelIR, horizon: number): SummarySpec {
  const tu = model.timeUnit;
  const o = it.fields(SUMMARY_KEYS);
  const name = resultName(o.name, 'a summary');
  const kind = o.kind.required(`one of ${SUMMARY_KINDS.join(', ')}`).oneOf(SUMMARY_KINDS);
  const output = o.output.required().str();
  const outputs = model.outputs.map((x) => x.name);
  if (!outputs.includes(output)) {
    const s = closest(output, outputs);
    throw o.output.error(`model ${model.name} has no output '${output}'`, s ? `did you mean '${s}'?` : `outputs: ${outputs.join(', ')}`);
  }
  for (const k of ['from', 'to', 'threshold', 'time'] as const) {
    if (o[k].present && !KIND_KEYS[kind].includes(k)) throw o[k].error(`'${k}' does not apply to a ${kind} summary`, `remove '${k}'`);
  }
  const within = (k: 'from' | 'to' | 'time'): number => {
    const t = timeValue(o[k], tu);
    if (t < 0 || t > horizon) throw o[k].error(`${k} lies outside [0, horizon]`);
    return t;
  };
  switch (kind) {
    case 'max': case 'min': case 'auc': {
      const s: SummarySpec & { from?: number; to?: number } = { kind, name, output };
      if (o.from.present) s.from = within('from');
      if (o.to.present) s.to = within('to');
      if (s.from !== undefined && s.to !== undefined && !(s.from < s.to)) throw o.to.error('the window must satisfy from < to');
      return s;
    }
    case 'time_below': case 'time_above':
      return { kind, name, output, threshold: o.threshold.required(`in the output's unit (${model.outputs.find((x) => x.name === output)!.unit})`).num() };
    case 'value_at':
      return { kind, name, output, time: within('time') };
  }
}

/** The summaries that check out; every problem goes to `problems`. */
export function parseSummaries(c: YamlNode, model: ModelIR, horizon: number, problems: Problems): SummarySpec[] {
  if (!c.present) return [];
  const seen = new Set<string>();
  return c.items().flatMap((it) => {
    const s = problems.guard(() => {
      const parsed = parseSummary(it, model, horizon);
      if (seen.has(parsed.name)) throw it.at('name').error(`summary '${parsed.name}' is defined twice`, 'give each summary its own name');
      seen.add(parsed.name);
      return parsed;
    });
    return s ? [s] : [];
  });
}

/**
 * The events that check out. `summaries` are the names events may use; `unchecked` tells names of
 * summaries that could not be checked (their own problems are reported; events on them are not).
 */
export function parseEvents(c: YamlNode, summaries: readonly string[], unchecked: (name: string) => boolean, problems: Problems): EventSpec[] {
  if (!c.present) return [];
  const seen = new Set<string>();
  return c.items().flatMap((it) => {
    const e = problems.guard((): EventSpec | undefined => {
      const o = it.fields(EVENT_KEYS);
      const name = resultName(o.name, 'an event');
      if (seen.has(name)) throw o.name.error(`event '${name}' is defined twice`, 'give each event its own name');
      seen.add(name);
      const summary = o.summary.required().str();
      if (unchecked(summary)) return undefined;
      if (!summaries.includes(summary)) {
        const s = closest(summary, summaries);
        throw o.summary.error(`no summary named '${summary}'`, s ? `did you mean '${s}'?` : 'define it under summaries:');
      }
      if (o.below.present === o.above.present) throw it.error('an event needs exactly one of below or above', 'e.g. { name: grade4, summary: anc_nadir, below: 0.5 }');
      return o.below.present ? { name, summary, below: o.below.num() } : { name, summary, above: o.above.num() };
    });
    return e ? [e] : [];
  });
}
