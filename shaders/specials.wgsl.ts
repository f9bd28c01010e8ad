/**
 * NaN and infinity as run-time f32 values. WGSL rejects them as constant expressions (a literal or
 * a bitcast of a constant), so they are made from a private variable the compiler cannot fold.
 */
export const specialsWgsl = /* wgsl */ `
var<private> SPECIAL_BITS: vec2<u32> = vec2<u32>(0x7fc00000u, 0x7f800000u);
fn f32_nan() -> f32 { return bitcast<f32>(SPECIAL_BITS.x); }
fn f32_inf() -> f32 { return bitcast<f32>(SPECIAL_BITS.y); }
/** NaN by bit pattern: comparisons may be compiled as if no value were NaN. */
fn is_nan_f(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
`;
