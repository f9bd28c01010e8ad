/**
 * Questions printers ask of a checked kernel program's statements, expressions and array types,
 * answered once here for every target (the JS and WebAssembly printers print an array-returning function the same
 * way: its returned local written in place of the out-parameter, a call that reads its own
 * destination through a temporary).
 */
import type { ArrayType, Expr, ScalarType, Stmt } from './ast.js';

/** The array local every `return` of a body returns, if any (it may then be written in place of the result). */
export function returnedLocal(body: Stmt[]): string | undefined {
  const names = new Set<string>();
  let other = false;
  const walk = (list: Stmt[]): void => {
    for (const s of list) {
      if (s.k === 'return') { if (s.value?.k === 'name') names.add(s.value.name); else other = true; }
      if (s.k === 'if') { walk(s.then); if (s.else) walk(s.else); }
      if (s.k === 'for' || s.k === 'while' || s.k === 'loop') walk(s.body);
    }
  };
  walk(body);
  const [only] = names;
  const declared = body.some((s) => s.k === 'var' && s.name === only);
  return !other && names.size === 1 && declared ? only : undefined;
}

/** Whether expression e reads the name `name` anywhere. */
export function mentions(e: Expr, name: string): boolean {
  return JSON.stringify(e, (k, v: unknown) => (k === 'loc' ? undefined : v)).includes(`"name":"${name}"`);
}

/** Innermost scalar type, total length and row length (elements of one inner array) of an array type. */
export function flatArray(t: ArrayType): { elem: ScalarType; n: number; row: number } {
  if (typeof t.elem === 'string') return { elem: t.elem, n: t.len as number, row: 1 };
  const inner = flatArray(t.elem);
  return { elem: inner.elem, n: (t.len as number) * inner.n, row: inner.n };
}
