/**
 * The CPU targets' exp (libm-tables.ts) as JavaScript source for the JS target's runtime: the same
 * operations, in the same order, as the WebAssembly function (codegen/wasm/wasm-libm.ts), so the two
 * targets give the same bits. 2^⌊k/128⌋ is written as exponent bits through an Int32Array over a
 * Float64Array's buffer. Also φ (the closed form's input term, `lin_phi`; Math.expm1 where
 * e^z − 1 would cancel) and `rt_pow` (a^b = exp(b·ln a) for a > 0, ln = Math.log), which the
 * WebAssembly module has as functions too.
 */
import { EXP_LIMIT, EXP_POLY, ROUND_SHIFT, libmTables } from './libm-tables.js';

/** A number as JavaScript source that reads back as the same double. */
const num = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));
const list = (xs: number[]): string => `new Float64Array([${xs.map(num).join(', ')}])`;

export function libmRuntimeJs(): string {
  const t = libmTables();
  const [c2, c3, c4, c5] = EXP_POLY.map(num);
  return `
const LM_F = new Float64Array(1), LM_I = new Int32Array(LM_F.buffer);
const LM_EXP_HI = ${list(t.expHi)};
const LM_EXP_LO = ${list(t.expLo)};
// exp: 2^(k/128) from the table times e^r − 1 by a polynomial, 2^floor(k/128) from exponent bits.
function rt_exp(x) {
  if (!(Math.abs(x) < ${EXP_LIMIT})) return Math.exp(x);
  const kd = (x * ${num(t.invLn2N)} + ${ROUND_SHIFT}) - ${ROUND_SHIFT};
  const r = (x - kd * ${num(t.ln2NHi)}) - kd * ${num(t.ln2NLo)};
  const k = kd | 0;
  const r2 = r * r;
  const p = r + r2 * ((${c2} + r * ${c3}) + r2 * (${c4} + r * ${c5}));
  const j = k & 127;
  const th = LM_EXP_HI[j];
  LM_I[0] = 0; LM_I[1] = ((k >> 7) + 1023) << 20;
  return (th + (LM_EXP_LO[j] + th * p)) * LM_F[0];
}
// φ(λ, τ) = (e^{λτ} − 1)/λ with e = e^{λτ} given; expm1 where the subtraction would cancel digits.
function rt_phi(l, tau, e) {
  const z = l * tau;
  if (z === 0) return tau;
  return Math.abs(z) < 0.5 ? Math.expm1(z) / l : (e - 1) / l;
}
// a^b as exp(b·ln a) for a > 0 (relative error ≲ |b ln a|·2^-53); the host's pow otherwise.
function rt_pow(a, b) { return a > 0 ? rt_exp(b * Math.log(a)) : Math.pow(a, b); }
`;
}
