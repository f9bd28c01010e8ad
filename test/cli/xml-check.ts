import { expect } from 'vitest';

/**
 * A small XML 1.0 well-formedness check (no parser is installed): tags nest and close, attribute
 * values are quoted, `&` starts a known entity or a character reference, no raw `<` in text, no forbidden control characters.
 */
export function assertWellFormedXml(xml: string): void {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  expect(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(xml)).toBe(false);
  expect(/&(?!(amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);)/.test(xml)).toBe(false);
  const body = xml.slice(xml.indexOf('?>') + 2);
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|<|>/g;
  let m: RegExpExecArray | null;
  while ((m = token.exec(body))) {
    expect(m[2], `stray ${m[0]} at ${m.index}`).toBeDefined();
    if (m[1]) expect(stack.pop()).toBe(m[2]);
    else if (!m[4]) stack.push(m[2]);
  }
  expect(stack).toEqual([]);
}
