/**
 * Parsing and checking of numeric and named command-line values.
 */
import { BACKEND_NAMES, type BackendChoice } from '../backends/backend.js';
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
export function parseBackend(text: string): BackendChoice {
  const choices: readonly string[] = ['auto', ...BACKEND_NAMES];
  if (choices.includes(text)) return text as BackendChoice;
  throw new UsageError(`--backend must be one of ${choices.join(', ')}, got "${text}"`, 'use --backend cpu to force the 64-bit CPU backend');
}
