/**
 * The CPU targets' exp and log (libm-tables.ts) as JavaScript source for the JS target's runtime:
 * the same operations, in the same order, as the WebAssembly code (codegen/wasm/wasm-libm.ts), so
 * the two targets give the same bits. Exponent and word manipulations go through an Int32Array over
 * a Float64Array's buffer. Also φ (the closed form's input term, `lin_phi`; a series where
 * e^z − 1 would cancel) and `rt_pow` (a^b = exp(b·ln a) for a > 0 with these exp and log), which
 * the WebAssembly module has too.
 */
import { EXP_MAX, EXP_MIN, EXP_POLY, EXP_ZERO_BELOW, LOG_OFF_HI, LOG_POLY, PHI_SMALL, ROUND_SHIFT, libmTables, phiPolyTree, type PolyTree } from './libm-tables.js';

/** A number as JavaScript source that reads back as the same double. */
const num = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));
/** A polynomial tree as a fully parenthesised JavaScript expression (evaluation order kept). */
const polyJs = (t: PolyTree): string => (typeof t === 'number' ? num(t) : typeof t === 'string' ? t : `(${polyJs(t[1])} ${t[0]} ${polyJs(t[2])})`);
const list = (xs: number[]): string => `new Float64Array([${xs.map(num).join(', ')}])`;

export function libmRuntimeJs(): string {
  const t = libmTables();
  const [c2, c3, c4, c5] = EXP_POLY.map(num);
  const [a2, a3, a4, a5, a6, a7] = LOG_POLY.map(num);
  return `
const LM_F = new Float64Array(1), LM_I = new Int32Array(LM_F.buffer);
const LM_EXP_HI = ${list(t.expHi)};
const LM_EXP_LO = ${list(t.expLo)};
const LM_LOG_C = ${list(t.logC)};
const LM_LOG_INVHI = ${list(t.logInvHi)};
const LM_LOG_INVLO = ${list(t.logInvLo)};
const LM_LOG_CHI = ${list(t.logCHi)};
const LM_LOG_CLO = ${list(t.logCLo)};
// exp: 2^(k/128) from the table (scaled by 2^floor(k/128), built from exponent bits) times
// 1 + (e^r − 1); k is the low word of x·128/ln 2 + 1.5·2^52.
function rt_exp(x) {
  if (!(x > ${EXP_MIN} && x < ${EXP_MAX})) return x < ${EXP_ZERO_BELOW} ? 0 : Math.exp(x);
  const z = x * ${num(t.invLn2N)} + ${ROUND_SHIFT};
  LM_F[0] = z;
  const k = LM_I[0];
  const kd = z - ${ROUND_SHIFT};
  const r = (x - kd * ${num(t.ln2NHi)}) - kd * ${num(t.ln2NLo)};
  LM_I[0] = 0; LM_I[1] = ((k >> 7) + 1023) << 20;
  const sc = LM_F[0];
  const j = k & 127;
  const th = LM_EXP_HI[j] * sc;
  const r2 = r * r;
  const p = (r + r2 * (${c2} + r * ${c3})) + (r2 * r2) * (${c4} + r * ${c5});
  return th + (LM_EXP_LO[j] * sc + th * p);
}
// ln: x = 2^k·z, ln x = k·ln 2 + ln c + log1p((z − c)/c), c the centre of z's interval; the top
// word of x's bits gives k and the interval, z is x with k taken off its exponent.
function rt_log(x) {
  LM_F[0] = x;
  const hw = LM_I[1];
  if (((hw >>> 20) - 1) >>> 0 >= 0x7fe) return Math.log(x);
  const tmp = (hw - ${LOG_OFF_HI}) | 0;
  const i = (tmp >> 13) & 127;
  const kd = tmp >> 20;
  LM_I[1] = hw - (tmp & 0xfff00000);
  const d = LM_F[0] - LM_LOG_C[i];
  const rh = d * LM_LOG_INVHI[i];
  const rl = d * LM_LOG_INVLO[i];
  const r = rh + rl;
  const w = kd * ${num(t.ln2Hi)} + LM_LOG_CHI[i];
  const h = w + rh;
  const r2 = r * r;
  return h + (((((w - h) + rh) + rl) + (kd * ${num(t.ln2Lo)} + LM_LOG_CLO[i])) +
    r2 * (((${a2} + r * ${a3}) + r2 * (${a4} + r * ${a5})) + (r2 * r2) * (${a6} + r * ${a7})));
}
// φ(λ, τ) = (e^{λτ} − 1)/λ with e = e^{λτ} given; τ·(e^z − 1)/z by its series where the
// subtraction would cancel digits (|z| < ${PHI_SMALL}).
function rt_phi(l, tau, e) {
  const z = l * tau;
  if (Math.abs(z) < ${PHI_SMALL}) {
    const z2 = z * z, z4 = z2 * z2, z8 = z4 * z4;
    return tau * ${polyJs(phiPolyTree())};
  }
  return (e - 1) / l;
}
// a^b as exp(b·ln a) for a > 0 (relative error ≲ |b ln a|·2^-53); the host's pow otherwise.
function rt_pow(a, b) { return a > 0 ? rt_exp(b * rt_log(a)) : Math.pow(a, b); }
`;
}
