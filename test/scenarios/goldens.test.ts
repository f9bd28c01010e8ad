/**
 * Every scenario in scenarios/ runs and reproduces its golden result (the CLI's `regress`, CPU backend,
 * 64-bit tolerances): a scenario file that stops loading, a model change that moves a number, or a
 * solver change beyond 1e-6 relative fails here with the field that moved. Cross-backend agreement
 * (WebGPU vs CPU) is the parity suite's job (test/parity).
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const scenarios = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml')).sort();

describe('scenario goldens', () => {
  it('every scenario declares a golden file', () => {
    for (const f of scenarios) expect(readFileSync(join(root, 'scenarios', f), 'utf8'), f).toMatch(/^golden: golden\/[\w-]+\.json$/m);
  });

  it('oncotwin regress reproduces every golden on the CPU backend', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'bin/oncotwin.js'), 'regress', '--backend', 'cpu'], {
      cwd: root, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 24,
    });
    expect(stdout).toContain(`${scenarios.length} scenario(s): ${scenarios.length} passed, 0 failed, 0 errored`);
  }, 600_000);
});
