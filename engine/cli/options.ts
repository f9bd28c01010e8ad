/**
 * Parsing and checking of numeric command-line values, and the memory estimate that turns an
 * absurd population size into a clear error instead of an out-of-memory crash an hour later.
 */
import { totalmem } from 'node:os';
import { UsageError } from './exit-codes.js';

/** A positive integer option such as `--patients 1000` (also accepts 1e4 and 10_000). */
export function parsePositiveInt(flag: string, text: string): number {
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isFinite(n) || !Number.isInteger(n)) {
    throw new UsageError(`${flag} expects a whole number, got "${text}"`, `for example ${flag} 1000`);
  }
  if (n < 1) throw new UsageError(`${flag} must be at least 1, got ${text}`, `for example ${flag} 1000`);
  return n;
}

/** `--seed`: an integer in [0, 2^53) (the engine splits it into two 32-bit halves). */
export function parseSeed(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new UsageError(`--seed expects a non-negative whole number below 2^53, got "${text}"`, 'for example --seed 20261122');
  }
  return n;
}

/** `--trajectories K|all`: K leading patients, or every patient. */
export function parseTrajectories(text: string): number {
  if (text === 'all') return Number.POSITIVE_INFINITY;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) {
    throw new UsageError(`--trajectories expects a whole number or "all", got "${text}"`, 'for example --trajectories 20');
  }
  return n;
}

/** `--backend`. */
export function parseBackend(text: string): 'auto' | 'cpu' | 'webgpu' {
  if (text === 'auto' || text === 'cpu' || text === 'webgpu') return text;
  throw new UsageError(`--backend must be auto, cpu or webgpu, got "${text}"`, 'use --backend cpu to force the 64-bit CPU backend');
}

/**
 * Rough resident bytes per (patient, regimen): two 8-byte values per summary (value and time of
 * extremum), failure flag and step count, the per-patient scratch the backends keep for exact
 * quantiles (≈ 1 KiB at typical grid sizes), and the patients.csv row text built while writing.
 */
export function bytesPerPatient(regimens: number, summaries: number): number {
  const perRegimen = 16 * Math.max(1, summaries) + 5 + 1024 + 200;
  return Math.max(1, regimens) * perRegimen + 16 * 8;
}

export function formatBytes(b: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let i = 0;
  while (b >= 1024 && i < units.length - 1) { b /= 1024; i++; }
  return `${b.toFixed(b < 10 ? 1 : 0)} ${units[i]}`;
}

/** Largest population the engine indexes (patient indices are 32-bit counters in the RNG and on the GPU). */
export const MAX_PATIENTS = 2 ** 32 - 1;

/**
 * Returns a problem description when `n` patients cannot fit in memory (more than half of this
 * machine's RAM, leaving room for the OS and the solver), or exceed the index range.
 */
export function populationTooLarge(n: number, regimens: number, summaries: number, ram = totalmem()): string | undefined {
  const need = n * bytesPerPatient(regimens, summaries);
  if (n <= MAX_PATIENTS && need <= ram / 2) return undefined;
  return `${n} patients would need about ${formatBytes(need)} of memory (≈ ${formatBytes(bytesPerPatient(regimens, summaries))} per patient for ${Math.max(1, regimens)} regimen(s)); this machine has ${formatBytes(ram)}`;
}
