/**
 * Finding tokens in expression source. mathjs nodes carry no source positions, so the lowering pass
 * locates the offending identifier, function or operator by scanning the text.
 */

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Offset of the first whole-word occurrence of a (possibly dotted) identifier, or 0 when absent. */
export function findIdentifier(src: string, name: string): number {
  const re = new RegExp(`(?<![A-Za-z0-9_.$])${escape(name)}(?![A-Za-z0-9_$])`);
  const m = re.exec(src);
  return m ? m.index : 0;
}

/** Offset of the last whole-word occurrence of an identifier, or -1 when absent. */
export function findLastIdentifier(src: string, name: string): number {
  const re = new RegExp(`(?<![A-Za-z0-9_.$])${escape(name)}(?![A-Za-z0-9_$])`, 'g');
  let last = -1;
  for (const m of src.matchAll(re)) last = m.index;
  return last;
}

/** Offset of a function name followed by `(`, or 0 when absent. */
export function findCall(src: string, name: string): number {
  const re = new RegExp(`(?<![A-Za-z0-9_.$])${escape(name)}\\s*\\(`);
  const m = re.exec(src);
  return m ? m.index : findIdentifier(src, name);
}

/** Offset of an operator or punctuation (word operators match whole words), or 0 when absent. */
export function findOperator(src: string, op: string): number {
  const re = /^[A-Za-z]/.test(op) ? new RegExp(`(?<![A-Za-z0-9_.$])${escape(op)}(?![A-Za-z0-9_$])`) : new RegExp(escape(op));
  const m = re.exec(src);
  return m ? m.index : 0;
}
