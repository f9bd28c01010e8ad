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
  /** Patient-regimens per CPU-second of all its threads (NaN where /proc is missing): the figure that holds up on a loaded machine. */
  perCpuSecond: number;
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

/**
 * CPU seconds used by this process's waited-for children (Linux /proc/self/stat cutime + cstime, in
 * clock ticks of 1/100 s), or NaN where there is no /proc.
 */
function childCpuSeconds(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return NaN;
  }
}

/**
 * Runs the peer on `threads` OpenMP threads over the patients in `csv`, at `rtol`. Idle OpenMP
 * threads sleep instead of spinning (OMP_WAIT_POLICY=passive), so its CPU time is work done.
 */
export function runPeer(bin: string, csv: string, threads: number, rtol: number): PeerResult {
  const c0 = childCpuSeconds();
  const out = execFileSync(bin, ['0', String(rtol), csv], { env: { ...process.env, OMP_NUM_THREADS: String(threads), OMP_WAIT_POLICY: 'passive' } }).toString();
  const cpu = childCpuSeconds() - c0;
  const num = (key: string): number => Number(new RegExp(`${key}=([0-9.eE+-]+)`).exec(out)?.[1] ?? NaN);
  const perSecond = num('patient-regimens/s'), n = 2 * num('N');
  return {
    perSecond, perCpuSecond: cpu > 0 ? n / cpu : NaN, stepsPerPatientRegimen: num('steps/pr'), g4Fraction: num('G4frac'), checksum: num('chk'), line: out.trim(),
  };
}
