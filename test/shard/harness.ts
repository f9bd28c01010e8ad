/**
 * Helpers of the shard tests: the CLI in-process on the real engine, the fixture scenario, and the
 * comparison of a run's output directory with another's (provenance timing and notes aside).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { runCli } from '../../engine/cli/cli.js';
import { realEngine } from '../../engine/cli/engine-wiring.js';
import { captureIo } from '../cli/fake-engine.js';

export const FIXTURE = fileURLToPath(new URL('./fixtures/shard-1cmt.yaml', import.meta.url));
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function cli(args: string[]) {
  const io = captureIo();
  const code = await runCli(args, { engine: realEngine(), io, signal: new AbortController().signal });
  return { code, out: io.out(), err: io.err() };
}

export function tempDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `oncotwin-${tag}-`));
}

/** summary.json without what differs between any two runs (start time, duration, backend notes). */
export function comparableSummary(dir: string): unknown {
  const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { provenance: Record<string, unknown> };
  delete s.provenance.startedAt;
  delete s.provenance.durationMs;
  delete s.provenance.notes;
  return s;
}

/** The merged outputs equal the one-machine run's: CSVs byte for byte, summary.json field for field. */
export function expectSameRun(merged: string, single: string): void {
  for (const f of ['patients.csv', 'timecourse.csv']) {
    expect(readFileSync(join(merged, f)).equals(readFileSync(join(single, f))), `${f} differs`).toBe(true);
  }
  expect(comparableSummary(merged)).toEqual(comparableSummary(single));
}
