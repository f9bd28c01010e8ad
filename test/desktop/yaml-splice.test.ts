/**
 * desktop/common/yaml-splice.ts: minimal-diff edits. Each case checks the data the text parses to
 * (yaml.parse, an independent reading) and exactly which text changed.
 */
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { appendItem, deleteAt, flowYaml, readAt, setAt } from '../../desktop/common/yaml-splice.js';

describe('flowYaml', () => {
  it('quotes strings only when plain YAML would read them as something else', () => {
    expect(flowYaml('75 mg/m² q3w')).toBe('75 mg/m² q3w');
    for (const s of ['a: b', 'a, b', '# x', '- x', 'true', '1e3', 'null', '', ' lead', '[x]', 'x\ny']) {
      const out = flowYaml(s);
      expect(parse(`k: ${out}`), s).toEqual({ k: s });
      expect(parse(`{ k: ${out}, j: 1 }`), s).toEqual({ k: s, j: 1 });
    }
    expect(flowYaml({ days: [1, 8], cycle_length: '21 d', cycles: undefined })).toBe('{ days: [1, 8], cycle_length: 21 d }');
  });
});

describe('setAt', () => {
  const TEXT = 'a: 1   # one\nb:\n  c: x   # see\n  d: { e: 2 }\nf: []\n';

  it('replaces a scalar in place, keeping its quoting style', () => {
    expect(setAt(TEXT, ['b', 'c'], 'y')).toBe(TEXT.replace('c: x', 'c: y'));
    expect(setAt('k: "a"\n', ['k'], 'b c')).toBe('k: "b c"\n');
    expect(setAt("k: 'a'\n", ['k'], "it's")).toBe("k: 'it''s'\n");
  });

  it('adds a key to a block map at its indentation, and to a flow map before the brace', () => {
    const t = setAt(TEXT, ['b', 'g'], 3);
    expect(t).toBe('a: 1   # one\nb:\n  c: x   # see\n  d: { e: 2 }\n  g: 3\nf: []\n');
    expect(setAt(TEXT, ['b', 'd', 'h'], [1, 2])).toBe(TEXT.replace('{ e: 2 }', '{ e: 2, h: [1, 2] }'));
    expect(parse(setAt('m: {}\n', ['m', 'k'], 'v'))).toEqual({ m: { k: 'v' } });
  });

  it('leaves the text alone for a bad path or broken YAML', () => {
    expect(setAt(TEXT, ['zz', 'y'], 1)).toBe(TEXT);
    expect(setAt(TEXT, ['f', 3], 1)).toBe(TEXT);
    expect(setAt('a: [1\n', ['a'], 2)).toBe('a: [1\n');
  });
});

describe('deleteAt and appendItem', () => {
  it('removes a flow-map key with its comma, and a block-map key with its line', () => {
    expect(deleteAt('d: { a: 1, b: 2, c: 3 }\n', ['d', 'b'])).toBe('d: { a: 1, c: 3 }\n');
    expect(deleteAt('d: { a: 1, b: 2 }\n', ['d', 'b'])).toBe('d: { a: 1 }\n');
    expect(deleteAt('a: 1\nb: 2  # two\nc: 3\n', ['b'])).toBe('a: 1\nc: 3\n');
  });

  it('falls back to the Document API where no splice applies (the only item of a block list)', () => {
    const t = deleteAt('# head\nl:\n  - 1\n', ['l', 0]);
    expect(parse(t)).toEqual({ l: [] });
    expect(t).toContain('# head');
  });

  it('appends to block and flow lists, or creates the list', () => {
    expect(appendItem('l:\n  - { a: 1 }   # first\n', ['l'], { a: 2 })).toBe('l:\n  - { a: 1 }   # first\n  - { a: 2 }\n');
    expect(appendItem('l: [1, 2]\n', ['l'], 3)).toBe('l: [1, 2, 3]\n');
    expect(readAt(appendItem('m:\n  k: 1\n', ['m', 'l'], 'x'), ['m', 'l'])).toEqual(['x']);
  });
});
