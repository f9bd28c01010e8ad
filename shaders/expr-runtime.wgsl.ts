/**
 * The expression language's rounding and power in f32 (docs/KERNEL.md §5): `round` rounds half away
 * from zero (mathjs); `^` allows negative bases for integer exponents (WGSL's pow is undefined for
 * x < 0). One pow for both signs: a SIMD branch runs for all lanes as soon as one lane takes it.
 */
export const exprRuntimeWgsl = /* wgsl */ `
fn rt_round(x: f32) -> f32 { return sign(x) * floor(abs(x) + 0.5); }
fn rt_pow(a: f32, b: f32) -> f32 {
  let r = pow(abs(a), b);
  if (a >= 0.0) { return r; }
  if (b != floor(b)) { return f32_nan(); }
  return select(r, -r, abs(b % 2.0) == 1.0);
}
`;
