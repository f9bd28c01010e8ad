/**
 * A wrongly indented line in the YAML editor is reported at that line, once (desktop/common/yaml-indent.ts
 * through yamlDiagnostics), not at every correctly indented sibling the parser then finds out of line.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { yamlDiagnostics } from '../../desktop/common/scenario-doc.js';

const DEFAULT = readFileSync('scenarios/docetaxel-schedules-translational.yaml', 'utf8');
const lines = DEFAULT.split('\n');
const withLine = (k: number, text: string): string => lines.map((l, i) => (i === k - 1 ? text : l)).join('\n');
const at = (text: string): string[] => yamlDiagnostics(text, 'default.yaml').map((d) => `${d.line}:${d.col}`);

describe('indentation errors are reported where they are', () => {
  it('a 3-space key at the top of a block: one diagnostic at its line (not 23, 25, 32, 34)', () => {
    expect(lines[21]).toBe('  size: 2000');
    const d = yamlDiagnostics(withLine(22, '   size: 2000'), 'default.yaml');
    expect(d).toEqual([{ file: 'default.yaml', line: 22, col: 4, message: 'bad indentation: this line starts at column 4, line 23 next to it at column 3', hint: 'indent it by 2 spaces to line it up with line 23' }]);
  });

  it('a key indented too little, or with a tab, is reported at its own line', () => {
    expect(at(withLine(22, ' size: 2000'))).toEqual(['22:2']);
    expect(at(withLine(22, 'size: 2000'))).toEqual(['22:1']);
    const tab = yamlDiagnostics(withLine(22, '\tsize: 2000'), 'f');
    expect(tab.map((d) => [d.line, d.message])).toEqual([[22, 'tabs are not allowed as indentation']]);
  });

  it('a line the parser reads as the continuation of the one above is still named', () => {
    // ` title:` after `scenario: default`: the parser reports line 13; the mistake is on line 14.
    expect(lines[13]).toMatch(/^title: /);
    expect(at(withLine(14, ` ${lines[13]}`))).toEqual(['14:2']);
  });

  it('other syntax errors are left as the parser reports them, an unrelated one next to a misindented line too', () => {
    const bracket = withLine(19, 'horizon: [126 d');
    expect(at(bracket)).toEqual(yamlDiagnostics(bracket, 'f').map((d) => `${d.line}:${d.col}`));
    expect(yamlDiagnostics(bracket, 'f').every((d) => !d.message.startsWith('bad indentation'))).toBe(true);
    const both = lines.map((l, i) => (i === 21 ? '   size: 2000' : i === 65 ? `${l} ]` : l)).join('\n');
    expect(parseDocument(both).errors.some((e) => e.linePos?.[0].line === 66)).toBe(true);
    const d = at(both);
    expect(d[0]).toBe('22:4');
    expect(d.slice(1).length).toBeGreaterThan(0);
    expect(d.slice(1).every((x) => Number(x.split(':')[0]) >= 66)).toBe(true);
  });

  it('every key line of default.yaml indented one space further is reported at that line (at least 9 in 10)', () => {
    let errors = 0;
    let exact = 0;
    lines.forEach((l, i) => {
      if (!/^\s*[\w-]/.test(l) || l.trimStart().startsWith('#')) return;
      const text = withLine(i + 1, ` ${l}`);
      if (!parseDocument(text).errors.length) return;
      errors++;
      if (yamlDiagnostics(text, 'f')[0].line === i + 1) exact++;
    });
    expect(errors).toBeGreaterThan(30);
    expect(exact / errors).toBeGreaterThanOrEqual(0.9);
  });
});
