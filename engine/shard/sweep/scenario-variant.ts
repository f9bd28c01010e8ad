/**
 * A scenario variant: the scenario's YAML text with the values at some paths replaced in place.
 * Only the value's characters change, so every other line and column stays where it was and the
 * loader's file:line:col messages still point into the user's file. A path must name a value the
 * file already has (a typo is an error, never a new key the loader would ignore or reject far away).
 */
import { isCollection, isMap, isScalar, isSeq, parse, parseDocument, type Node } from 'yaml';
import { closest } from '../../common/errors.js';
import type { PathStep } from './set-spec.js';

export interface Override {
  path: PathStep[];
  pathText: string;
  /** The new value's YAML text. */
  value: string;
}

const showPath = (steps: PathStep[]): string => steps.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('') || '(top level)';

/** Why `path` names no replaceable value of the document, or undefined when it does. */
export function pathProblem(text: string, path: PathStep[]): string | undefined {
  const doc = parseDocument(text);
  let node: unknown = doc.contents;
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    const at = showPath(path.slice(0, i));
    if (typeof step === 'number') {
      if (!isSeq(node)) return `${at} is not a list, so it has no item [${step}]`;
      if (step >= node.items.length) return `${at} has ${node.items.length} item${node.items.length === 1 ? '' : 's'}, so no [${step}] (items count from 0)`;
      node = node.items[step];
    } else {
      if (!isMap(node)) return `${at} is not a mapping, so it has no key "${step}"`;
      const keys = node.items.map((p) => String(isScalar(p.key) ? p.key.value : p.key));
      if (!keys.includes(step)) {
        const near = closest(step, keys);
        return `${at} has no key "${step}"${near ? ` (did you mean "${near}"?)` : ''}; it has ${keys.join(', ')}`;
      }
      node = node.get(step, true);
    }
  }
  if (isCollection(node) && !node.flow) return `${showPath(path)} is a block ${isMap(node) ? 'mapping' : 'list'}; set one of its values instead`;
  if (!node || !(node as Node).range) return `${showPath(path)} has no value to replace`;
  return undefined;
}

/** Why `value` is not a YAML value, or undefined. */
export function valueProblem(value: string): string | undefined {
  try {
    parse(value);
    return undefined;
  } catch (e) {
    return `"${value}" is not a YAML value (${(e as Error).message.split('\n')[0]})`;
  }
}

/** The text with each override's value replaced (paths checked with pathProblem first). */
export function applyOverrides(text: string, overrides: Override[]): string {
  const doc = parseDocument(text);
  const spans = overrides.map((o) => {
    const node = doc.getIn(o.path, true) as Node;
    const [start, end] = node.range!;
    // JSON is YAML flow syntax, valid in block and flow context alike (a "2 h" stays one string).
    return { start, end, text: JSON.stringify(parse(o.value)) };
  }).sort((a, b) => b.start - a.start);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}
