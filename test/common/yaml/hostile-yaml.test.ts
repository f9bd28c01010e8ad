/**
 * Hostile or mistaken YAML in a model file ends as positioned input errors (exit 2), never as an
 * exception from the YAML library: alias bombs, aliases without an anchor, `__proto__` keys and
 * anchors, oversized files (issue 15, item 4).
 */
import { describe, expect, it } from 'vitest';
import { loadError, loadText } from '../model/helpers.js';
import { MAX_YAML_BYTES } from '../../../engine/common/limits.js';

const model = (extra = '', v = '50', cl = '5') => `model: x
parameters:
  CL: { value: ${cl}, unit: L/h }
  V: { value: ${v}, unit: L }
states:
  A: { unit: mg }
odes:
  A: -CL * A / V
${extra}`;

const bomb = `description: &a [x, x, x, x, x, x, x, x, x]
title: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
population: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
references: { big: [*c, *c, *c, *c, *c, *c, *c, *c, *c] }
`;

describe('hostile YAML in model files', () => {
  it('an alias bomb is refused at the first alias, before it expands', async () => {
    const e = await loadError(model(bomb));
    expect(e.at).toBe('main.yaml:10:12');
    expect(e.message).toMatch(/aliases expand to too much data/);
  });

  it('an alias without an anchor is reported at the alias', async () => {
    const e = await loadError(model('', '*nope'));
    expect(e).toMatchObject({ at: 'main.yaml:4:15', message: 'alias *nope names no anchor defined before it' });
  });

  it('an anchor named __proto__ is an ordinary anchor', async () => {
    const m = await loadText(model('', '*__proto__', '&__proto__ 50'));
    expect(m.params.map((p) => [p.name, p.value])).toEqual([['tv.CL', 50], ['tv.V', 50]]);
  });

  it('a __proto__ key cannot make a parameter vanish', async () => {
    const e = await loadError(model().replace('  V: {', '  __proto__: { value: 1, unit: L }\n  V: {'));
    expect(e).toMatchObject({ at: 'main.yaml:4:3', message: "'__proto__' cannot be used as a key" });
  });

  it('a file larger than the limit is refused without parsing it', async () => {
    const e = await loadError(model(`# ${'x'.repeat(MAX_YAML_BYTES)}\n`));
    expect(e).toMatchObject({ at: 'main.yaml:1:1', message: expect.stringMatching(/may be at most 256 KiB/) });
  });

  it('YAML tags and keys that are lists are errors at their position, not library warnings', async () => {
    expect(await loadError(model('references: { x: !!js/function "f" }\n'))).toMatchObject({ at: 'main.yaml:9:18', message: expect.stringMatching(/^YAML: Unresolved tag/) });
    expect(await loadError(model('? [a, b]\n: 1\n'))).toMatchObject({ at: 'main.yaml:9:3', message: 'a key must be a name, not a list or mapping' });
  });

  it('names quoted in messages cannot carry terminal escapes or line breaks', async () => {
    const e = await loadError(model().replace('  V: {', '  "V\\e[2J\\u2028x": { value: 1, unit: L }\n  V: {'));
    expect(e.message).toMatch(/^'V\\u\{1b\}\[2J\\u\{2028\}x' cannot be used as a name/);
    expect(e.message).not.toMatch(/[\u001b\u2028\n]/);
  });

  it('small shared aliases still work', async () => {
    const m = await loadText(model('', '*v', '&v 50'));
    expect(m.params.map((p) => p.value)).toEqual([50, 50]);
  });
});
