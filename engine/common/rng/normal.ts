/**
 * Standard normal CDF (`pnorm`), its inverse (`qnorm`) and `erf`, in f64, to about 1e-15 relative.
 *
 * - qnorm: Wichura, M.J. (1988) Algorithm AS 241 (PPND16), Applied Statistics 37:477-484, the
 *   algorithm R's qnorm uses. Coefficients as published.
 * - pnorm: Cody, W.J. (1969/1993) rational Chebyshev approximations (ACM TOMS Algorithm 715), the
 *   algorithm R's pnorm_both uses, with R's exp-splitting for the tails.
 */

const A = [3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
  45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727];
const B = [1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077,
  21213.794301586595867, 39307.89580009271061, 28729.085735721942674, 5226.495278852854561];
const C = [1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
  1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4];
const D = [1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455,
  0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9];
const E = [6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123,
  0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7];
const F = [1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525,
  7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15];

/** Horner evaluation of c[0] + c[1] r + … + c[7] r⁷. */
function poly7(c: number[], r: number): number {
  return ((((((c[7] * r + c[6]) * r + c[5]) * r + c[4]) * r + c[3]) * r + c[2]) * r + c[1]) * r + c[0];
}

/** Inverse of the standard normal CDF (AS 241). qnorm(0) = −∞, qnorm(1) = +∞, NaN outside [0,1]. */
export function qnorm(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly7(A, r)) / poly7(B, r);
  }
  let r = q < 0 ? p : 1 - p;
  if (r === 0) return q < 0 ? -Infinity : Infinity;
  r = Math.sqrt(-Math.log(r));
  const val = r <= 5 ? poly7(C, r - 1.6) / poly7(D, r - 1.6) : poly7(E, r - 5) / poly7(F, r - 5);
  return q < 0 ? -val : val;
}

const PA = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249,
  0.065682337918207449113];
const PB = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const PC = [0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226,
  2494.5375852903726711, 6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218,
  1.0765576773720192317e-8];
const PD = [22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755,
  18615.571640885098091, 34900.952721145977266, 38912.003286093271411, 19685.429676859990727];
const PP = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466,
  2.9112874951168792e-5, 0.02307344176494017303];
const PQ = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244,
  7.29751555083966205e-5];
const M_1_SQRT_2PI = 0.398942280401432677939946059934;
const M_SQRT_32 = 5.656854249492380195206754896838;

/** Φ(x) − 1/2 for |x| ≤ 0.67448975 (Cody's central rational function), exact in relative terms. */
function centralPart(x: number): number {
  const xsq = x * x;
  let xnum = PA[4] * xsq;
  let xden = xsq;
  for (let i = 0; i < 3; i++) {
    xnum = (xnum + PA[i]) * xsq;
    xden = (xden + PB[i]) * xsq;
  }
  return (x * (xnum + PA[3])) / (xden + PB[3]);
}

/** Lower tail Φ(−y) for y > 0.67448975. */
function lowerTail(y: number): number {
  let temp: number;
  if (y <= M_SQRT_32) {
    let xnum = PC[8] * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + PC[i]) * y;
      xden = (xden + PD[i]) * y;
    }
    temp = (xnum + PC[7]) / (xden + PD[7]);
  } else {
    const xsq = 1 / (y * y);
    let xnum = PP[5] * xsq;
    let xden = xsq;
    for (let i = 0; i < 4; i++) {
      xnum = (xnum + PP[i]) * xsq;
      xden = (xden + PQ[i]) * xsq;
    }
    temp = (xsq * (xnum + PP[4])) / (xden + PQ[4]);
    temp = (M_1_SQRT_2PI - temp) / y;
  }
  // exp(−y²/2) split as exp(−ys²/2)·exp(−δ/2) with ys = y rounded down to 1/16, so the large part
  // is exact and the rounding error of y² does not blow up in the tail (R's do_del).
  const ys = Math.trunc(y * 16) / 16;
  const del = (y - ys) * (y + ys);
  return Math.exp(-ys * ys * 0.5) * Math.exp(-del * 0.5) * temp;
}

/** Standard normal CDF Φ(x). */
export function pnorm(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= 0.67448975) return 0.5 + centralPart(x);
  if (y > 40) return x > 0 ? 1 : 0;
  const tail = lowerTail(y);
  return x > 0 ? 1 - tail : tail;
}

/** The error function, erf(x) = 2Φ(x√2) − 1, relative-accurate near 0 as well. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const z = Math.abs(x) * Math.SQRT2;
  if (z <= 0.67448975) return 2 * centralPart(x * Math.SQRT2);
  if (z > 40) return Math.sign(x);
  return Math.sign(x) * (1 - 2 * lowerTail(z));
}
