/**
 * A fake Engine for CLI tests: deterministic ScenarioResults built from small hand-made arrays,
 * with switches to fail, report progress or honour cancellation like the real engine.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError, type Diagnostic } from '../../engine/common/errors.js';
import type { ScenarioResult } from '../../engine/common/scenario-result.js';
import type { CatalogEntry, Engine, RunOptions } from '../../engine/cli/engine.js';
import type { CliIo } from '../../engine/cli/io.js';
import { readFileInfo } from '../../engine/cli/scenario-info.js';

export interface FakeOptions {
  /** Multiplies regimen B's cmax values (to make a regression move). */
  scaleB?: number;
  precision?: 32 | 64;
  throws?: unknown;
  scenarios?: CatalogEntry[];
  models?: CatalogEntry[];
  /** Diagnostics `validateFile` returns, per path (default: none). */
  diagnostics?: Record<string, Diagnostic[]>;
}

/** A result with 4 patients, 2 regimens, grid [0, 12, 24] h, one output, trajectories when asked. */
export function fakeResult(path: string, opts: RunOptions, f: FakeOptions = {}): ScenarioResult {
  const n = opts.nPatients ?? 4;
  const id = path.replace(/^.*\//, '').replace(/\.yaml$/, '');
  const grid = new Float64Array([0, 12, 24]);
  const k = Math.min(opts.trajectories ?? 0, n);
  const regimen = (name: string, scale: number) => {
    const cmax = Float64Array.from({ length: n }, (_, i) => scale * (1 + i));
    const failed = new Uint8Array(n);
    if (n > 3) failed[3] = 2;
    return {
      name,
      summaries: { cmax },
      failed,
      steps: Uint32Array.from({ length: n }, () => 100),
      quantiles: [{ output: 'Cp', probs: [0.05, 0.5, 0.95], values: Float64Array.from({ length: 9 }, (_, j) => scale * j) }],
      ...(k > 0 ? { trajectories: { patients: k, outputs: ['Cp'], values: Float64Array.from({ length: k * 3 }, (_, j) => scale * j) } } : {}),
    };
  };
  const rawA = regimen('A, "q3w"', 1);
  const rawB = regimen('B weekly', f.scaleB ?? 2);
  const stats = (raw: ReturnType<typeof regimen>) => {
    const v = Array.from(raw.summaries.cmax).filter((_, i) => raw.failed[i] === 0);
    const mean = v.reduce((s, x) => s + x, 0) / v.length;
    return { name: 'cmax', unit: 'mg/L', n: v.length, mean, sd: 1, probs: [0.05, 0.95], quantiles: [Math.min(...v), Math.max(...v)] };
  };
  const report = (raw: ReturnType<typeof regimen>) => ({
    name: raw.name,
    raw,
    summaries: { cmax: stats(raw) },
    events: { toxic: { count: 1, n: 3, p: 1 / 3, lo: 0.06, hi: 0.79 } },
    failures: { total: n > 3 ? 1 : 0, byCode: (n > 3 ? { stepUnderflow: 1 } : {}) as Record<string, number> },
  });
  return {
    scenario: { id, title: `Fake ${id}`, question: 'Which is better?', path },
    model: { name: 'fake-model', timeUnit: 'h' },
    timeUnit: 'h',
    grid,
    outputs: [{ name: 'Cp', unit: 'mg/L' }],
    regimens: [report(rawA), report(rawB)],
    comparisons: [{ a: rawA.name, b: rawB.name, events: { toxic: { diff: 0, lo: -0.1, hi: 0.1, n: 3 } }, summaries: { cmax: { meanDiff: 2, lo: 1, hi: 3, n: 3 } } }],
    patients: { WT: Float64Array.from({ length: n }, (_, i) => 60 + i), SEX: Float64Array.from({ length: n }, (_, i) => i % 2) },
    provenance: {
      scenarioSha256: 'ab'.repeat(32),
      models: [{ path: 'models/fake.yaml', sha256: 'cd'.repeat(32) }],
      engineVersion: '0.1.0',
      gitCommit: 'deadbeef',
      backend: f.precision === 32 ? 'webgpu' : 'cpu',
      device: f.precision === 32 ? 'fake GPU' : '2 worker threads',
      precision: f.precision ?? 64,
      solver: { method: 'dopri5', rtol: 1e-6, atol: [1e-9], closedFormLinear: true },
      seed: opts.seed ?? 42,
      nPatients: n,
      startedAt: '2026-11-22T03:00:00.000Z',
      durationMs: 1234,
      notes: [],
    },
    ensemble: { backend: 'cpu', precision: 64, device: 'fake', grid, regimens: [rawA, rawB], notes: [] },
  };
}

/** The fake engine plus a log of the options each run received. */
export function fakeEngine(f: FakeOptions = {}): Engine & { calls: { path: string; opts: RunOptions }[] } {
  const calls: { path: string; opts: RunOptions }[] = [];
  return {
    calls,
    async runScenario(path, opts) {
      calls.push({ path, opts });
      if (f.throws !== undefined) throw f.throws;
      for (const p of [0, 0.5, 1]) {
        if (opts.signal?.aborted) throw new CancelledError();
        opts.onProgress?.(p);
      }
      return fakeResult(path, opts, f);
    },
    async planRun(path) {
      const info = await readFileInfo(path);
      return { nPatients: info.populationSize?.value ?? 4, regimens: 2, outputs: 1, gridPoints: 3, summaryColumns: 1, kernelColumns: 1, patientColumns: 2, trajectories: 0 };
    },
    async validateFile(path) {
      return f.diagnostics?.[path] ?? [];
    },
    async listModels() {
      return f.models ?? [{ id: 'fake-model', title: 'A fake model', path: '/nowhere/fake-model.yaml' }];
    },
    async listScenarios() {
      return f.scenarios ?? [];
    },
  };
}

/** Captured output streams and a temporary working directory; 64 GiB of memory unless told otherwise. */
export function captureIo(opts: { tty?: boolean; env?: Record<string, string>; memory?: number } = {}): CliIo & { out(): string; err(): string } {
  let out = '';
  let err = '';
  const cwd = mkdtempSync(join(tmpdir(), 'oncotwin-cli-'));
  return {
    stdout: { write: (s: string) => (out += s), isTTY: opts.tty ?? false },
    stderr: { write: (s: string) => (err += s), isTTY: opts.tty ?? false },
    env: opts.env ?? {},
    cwd,
    availableMemory: () => ({ bytes: opts.memory ?? 64 * 2 ** 30, source: 'available (test)' }),
    out: () => out,
    err: () => err,
  };
}

/** Writes a scenario YAML file into `dir` and returns its path. */
export function writeScenario(dir: string, id: string, extra = ''): string {
  const path = join(dir, `${id}.yaml`);
  writeFileSync(path, `scenario: ${id}\ntitle: Scenario ${id}\nregimens:\n  - name: A\n  - name: B\nsummaries:\n  - { name: cmax, kind: max, output: Cp }\n${extra}`);
  return path;
}
