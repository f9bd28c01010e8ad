/**
 * engine/common is layered: no two of its folders (or top-level files) import each other, directly
 * or round a longer loop, type imports included (issue 13, item 5). A cycle fails here, naming the
 * files that close it.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { partCycles, partGraph } from './folder-graph.js';

const root = fileURLToPath(new URL('../../../engine/common', import.meta.url));

describe('engine/common has no folder cycles', () => {
  it('finds the parts it checks', () => {
    const g = partGraph(root);
    for (const part of ['scenario', 'dosing', 'population', 'units', 'expr', 'stats', 'endpoints', 'scenario-result']) expect(g.has(part), part).toBe(true);
    expect(g.get('scenario')!.has('dosing')).toBe(true);
  });

  it('reports a cycle when there is one', () => {
    const g = new Map([['a', new Map([['b', 'a/x.ts']])], ['b', new Map([['c', 'b/y.ts']])], ['c', new Map([['a', 'c/z.ts']])], ['d', new Map()]]);
    expect(partCycles(g)).toEqual([['a', 'b', 'c']]);
  });

  it('none among engine/common\'s folders and files', () => {
    const g = partGraph(root);
    const cycles = partCycles(g).map((c) => c.map((p) => `${p} (→ ${[...g.get(p)!].filter(([to]) => c.includes(to)).map(([to, file]) => `${to} in ${file}`).join(', ')})`).join('; '));
    expect(cycles).toEqual([]);
  });
});
