/**
 * Start-up stays light by construction (timings live in docs/BENCHMARKS.md, never in tests): what
 * each path loads statically is checked on the import graph, and the bundle is used in a checkout
 * only while it matches its sources.
 */
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript without declarations (bin/ ships as-is)
import { bundleIsFresh } from '../../bin/bundle-freshness.js';
import { staticClosure } from './import-graph.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const rel = (files: Set<string>) => [...files].map((f) => relative(root, f));

describe('what each command loads before it needs it', () => {
  it('--help, --version and argument errors load commander and the CLI shell only', () => {
    const { files, packages } = staticClosure(join(root, 'engine/cli/main.ts'));
    expect([...packages]).toEqual(['commander']);
    // backend.ts: the backend names `--backend` accepts (a constant and types, no runtime imports).
    const shell = new Set(['engine/common/errors.ts', 'engine/backends/backend.ts']);
    expect(rel(files).filter((f) => !f.startsWith('engine/cli/') && !shell.has(f))).toEqual([]);
    expect(rel(files).filter((f) => /commands\/|engine-wiring|output\//.test(f) && !f.endsWith('output-error.ts'))).toEqual([]);
  });

  it('validate loads the loaders, not the backends, workers or GPU bindings', () => {
    const { files, packages } = staticClosure(join(root, 'engine/cli/engine-wiring.ts'));
    expect(packages.has('webgpu')).toBe(false);
    expect(rel(files).filter((f) => /^engine\/(backends|node\/(worker|webgpu|node-cpu)|run-scenario)/.test(f))).toEqual([]);
    const validate = staticClosure(join(root, 'engine/cli/commands/validate.ts'));
    expect(rel(validate.files).filter((f) => /report|result-csv|output-dir/.test(f))).toEqual([]);
  });
});

describe('bin/oncotwin.js in a checkout: the bundle only while it is fresh', () => {
  function fakeCheckout() {
    const dir = mkdtempSync(join(tmpdir(), 'oncotwin-fresh-'));
    mkdirSync(join(dir, 'dist'));
    mkdirSync(join(dir, 'engine'));
    writeFileSync(join(dir, 'engine', 'a.ts'), '');
    writeFileSync(join(dir, 'package-lock.json'), '{}');
    writeFileSync(join(dir, 'dist', 'inputs.json'), JSON.stringify({ inputs: ['engine/a.ts'] }));
    writeFileSync(join(dir, 'dist', 'oncotwin.mjs'), '');
    const at = (path: string, seconds: number) => utimesSync(join(dir, path), seconds, seconds);
    at('engine/a.ts', 1000);
    at('package-lock.json', 1000);
    at('dist/oncotwin.mjs', 2000);
    return { dir, at };
  }

  it('is fresh when every input is older than the bundle', () => {
    expect(bundleIsFresh(fakeCheckout().dir)).toBe(true);
  });

  it('is stale after a source edit, a dependency change, a removed input, or without its manifest', () => {
    const edited = fakeCheckout();
    edited.at('engine/a.ts', 3000);
    expect(bundleIsFresh(edited.dir)).toBe(false);
    const installed = fakeCheckout();
    installed.at('package-lock.json', 3000);
    expect(bundleIsFresh(installed.dir)).toBe(false);
    const renamed = fakeCheckout();
    writeFileSync(join(renamed.dir, 'dist', 'inputs.json'), JSON.stringify({ inputs: ['engine/gone.ts'] }));
    expect(bundleIsFresh(renamed.dir)).toBe(false);
    const bare = fakeCheckout();
    writeFileSync(join(bare.dir, 'dist', 'inputs.json'), 'not json');
    expect(bundleIsFresh(bare.dir)).toBe(false);
  });
});
