/**
 * In-place edits of a scenario YAML through the `yaml` Document API, so the regimen form and the
 * text editor stay in sync while keeping the user's comments, key order and formatting.
 *
 * Interface rules: functions take the YAML text and return new text (or read values); they never
 * throw for malformed YAML — `yamlDiagnostics` reports syntax errors with 1-based line:col instead,
 * and editors return the text unchanged when the document has errors.
 */
import { Document, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Diagnostic } from '../../engine/common/errors.js';

/** The editable fields of one regimen, as the form shows them. */
export interface RegimenForm {
  name: string;
  amount: number | undefined;
  unit: string;
  route: string;
  /** Schedule summary, e.g. "days 1,8,15 every 28 d × 4". */
  schedule: string;
}

function parse(text: string): { doc: Document; lc: LineCounter } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, keepSourceTokens: false });
  return { doc, lc };
}

/**
 * Sets the value at `path` by splicing the new scalar into the source text when the value already
 * exists (so nothing else — comments, flow maps, line breaks — moves); otherwise through the Document
 * API, which keeps comments but may reflow long lines.
 */
function setScalar(text: string, doc: Document, path: (string | number)[], value: number): string {
  const node = doc.getIn(path, true);
  if (isScalar(node) && node.range) return text.slice(0, node.range[0]) + String(value) + text.slice(node.range[1]);
  doc.setIn(path, value);
  return doc.toString();
}

/** YAML syntax errors (and warnings) as diagnostics with 1-based line and column. */
export function yamlDiagnostics(text: string, file: string): Diagnostic[] {
  const { doc } = parse(text);
  return [...doc.errors, ...doc.warnings].map((e) => {
    const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
    return {
      file,
      line: pos.line,
      col: pos.col,
      message: e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''),
      hint: e.code === 'BAD_INDENT' || e.code === 'MISSING_CHAR' ? 'check indentation and closing brackets' : undefined,
    };
  });
}

function str(x: unknown): string {
  return x === undefined || x === null ? '' : String(x);
}

function scheduleText(s: unknown): string {
  if (!s || typeof s !== 'object') return '';
  const o = s as Record<string, unknown>;
  if (Array.isArray(o.days)) {
    const cyc = o.cycles !== undefined ? ` × ${str(o.cycles)}` : '';
    return `days ${o.days.join(',')} every ${str(o.cycle_length)}${cyc}`;
  }
  if (Array.isArray(o.times)) return `at ${o.times.join(', ')} ${str(o.unit)}`;
  return '';
}

/** Reads the regimens for the form; an empty list when the YAML has errors or none are declared. */
export function readRegimens(text: string): RegimenForm[] {
  const { doc } = parse(text);
  if (doc.errors.length) return [];
  const js = doc.toJS() as { regimens?: unknown };
  if (!Array.isArray(js?.regimens)) return [];
  return js.regimens.map((r: Record<string, unknown>, i: number) => {
    const dose = (r?.dose ?? {}) as Record<string, unknown>;
    const amount = typeof dose.amount === 'number' ? dose.amount : undefined;
    return {
      name: str(r?.name) || `regimen ${i + 1}`,
      amount,
      unit: str(dose.unit),
      route: str(dose.route),
      schedule: scheduleText(r?.schedule),
    };
  });
}

/** Returns the text with `regimens[index].dose.amount` set to `amount`, comments preserved. */
export function setDoseAmount(text: string, index: number, amount: number): string {
  const { doc } = parse(text);
  if (doc.errors.length || !Number.isFinite(amount)) return text;
  const regs = doc.get('regimens');
  if (!isSeq(regs) || index < 0 || index >= regs.items.length) return text;
  return setScalar(text, doc, ['regimens', index, 'dose', 'amount'], amount);
}

/** Population size and seed as written in the scenario (undefined when absent or not numbers). */
export function readPopulation(text: string): { size?: number; seed?: number } {
  const { doc } = parse(text);
  if (doc.errors.length) return {};
  const size = doc.getIn(['population', 'size']);
  const seed = doc.getIn(['population', 'seed']);
  return {
    size: typeof size === 'number' ? size : undefined,
    seed: typeof seed === 'number' ? seed : undefined,
  };
}

/** Returns the text with `population.<key>` set, comments preserved. */
export function setPopulationField(text: string, key: 'size' | 'seed', value: number): string {
  const { doc } = parse(text);
  if (doc.errors.length || !Number.isFinite(value)) return text;
  return setScalar(text, doc, ['population', key], value);
}

/** Scenario id and title for lists and headings. */
export function readTitle(text: string): { id: string; title: string } {
  const { doc } = parse(text);
  if (doc.errors.length) return { id: '', title: '' };
  return { id: str(doc.get('scenario')), title: str(doc.get('title')) };
}
