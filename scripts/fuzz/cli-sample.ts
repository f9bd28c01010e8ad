/**
 * A sample of fuzz cases through the real command: the files are written beside copies of the
 * built-in files (so relative model paths resolve) and `oncotwin validate` checks them in one
 * process. Bad input must end in exit code 2 with diagnostics; exit code 3 or "internal error" is a
 * defect, and so is a run that does not finish within its time limit.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FuzzCase } from './cases.js';

export interface CliOutcome {
  code: number | null;
  timedOut: boolean;
  internal: boolean;
  output: string;
}

const BIN = fileURLToPath(new URL('../../bin/oncotwin.js', import.meta.url));

/** Runs `oncotwin validate` on `cases` (as files beside the built-ins) within `limitMs`. */
export function validateWithCli(cases: FuzzCase[], builtins: Map<string, string>, limitMs: number): CliOutcome {
  const dir = mkdtempSync(join(tmpdir(), 'oncotwin-fuzz-'));
  try {
    for (const sub of ['models', 'scenarios']) mkdirSync(join(dir, sub));
    for (const [name, text] of builtins) writeFileSync(join(dir, name), text);
    const files = cases.map((c) => {
      const [sub, name] = c.base.split('/');
      const path = join(dir, sub, `fuzz-${c.id}-${name}`);
      writeFileSync(path, c.text);
      return path;
    });
    const r = spawnSync(process.execPath, [BIN, 'validate', ...files], {
      cwd: dir, encoding: 'utf8', timeout: limitMs, env: { ...process.env, ONCOTWIN_FROM_SOURCE: '1', ONCOTWIN_DEBUG: '' },
    });
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    return { code: r.status, timedOut: r.error !== undefined || r.signal !== null, internal: r.status === 3 || /internal error/i.test(output), output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
