/**
 * The native yardstick of `npm run bench`: ../shared/peers/ref12b.c (the reference workload in C with
 * the engine's own algorithm — closed-form PK from each step's start, DOPRI5 on the PD states,
 * OpenMP), built with gcc -O3 -march=native -fopenmp and run on the very patients oncotwin just
 * simulated (a CSV of their parameter values), so the two figures differ only in the implementation.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sha256Hex } from '../engine/common/hash.js';
import { PEER_COLUMNS } from './reference-workload.js';

export interface PeerResult {
  perSecond: number;
  stepsPerPatientRegimen: number;
  /** Share of patient-regimens with ANC < 0.5 on the daily grid, and mean final tumour size (a checksum). */
  g4Fraction: number;
  checksum: number;
  line: string;
}

const SOURCE = resolve(import.meta.dirname, '../../shared/peers/ref12b.c');

/** The peer's binary (built once per source text), or the reason there is none. */
export function buildPeer(): string | Error {
  if (!existsSync(SOURCE)) return new Error(`no peer source at ${SOURCE}`);
  const text = readFileSync(SOURCE, 'utf8');
  const dir = join(tmpdir(), 'oncotwin-peer');
  mkdirSync(dir, { recursive: true });
  const bin = join(dir, `ref12b-${sha256Hex(text).slice(0, 12)}`);
  if (existsSync(bin)) return bin;
  try {
    execFileSync('gcc', ['-O3', '-march=native', '-fopenmp', '-o', bin, SOURCE, '-lm'], { stdio: ['ignore', 'ignore', 'pipe'] });
    return bin;
  } catch (e) {
    return new Error(`gcc could not build the peer: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** Writes the patients' values as the peer's CSV (columns PEER_COLUMNS) and returns its path. */
export function writePeerPatients(patients: Record<string, Float64Array>): string {
  const n = patients.BSA.length;
  const lines = [PEER_COLUMNS.map(([c]) => c).join(',')];
  for (let i = 0; i < n; i++) lines.push(PEER_COLUMNS.map(([, from]) => String(patients[from][i])).join(','));
  const path = join(tmpdir(), `oncotwin-peer-patients-${process.pid}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Runs the peer on `threads` OpenMP threads over the patients in `csv`, at `rtol`. */
export function runPeer(bin: string, csv: string, threads: number, rtol: number): PeerResult {
  const out = execFileSync(bin, ['0', String(rtol), csv], { env: { ...process.env, OMP_NUM_THREADS: String(threads) } }).toString();
  const num = (key: string): number => Number(new RegExp(`${key}=([0-9.eE+-]+)`).exec(out)?.[1] ?? NaN);
  return { perSecond: num('patient-regimens/s'), stepsPerPatientRegimen: num('steps/pr'), g4Fraction: num('G4frac'), checksum: num('chk'), line: out.trim() };
}
