/**
 * Plain-JavaScript source text for the closed-form linear subsystem (docs/KERNEL.md §3), run once
 * per patient: eigenvalues of K and its Frobenius covariants.
 *
 * Eigenvalue method: the characteristic polynomial by Faddeev–LeVerrier; its roots by Newton's method
 * started above the largest root (Gershgorin bound: max_i K_ii + Σ_j≠i |K_ij|, nudged up), which for
 * a polynomial with only real roots descends monotonically onto the largest root; the root is
 * deflated (Horner) and the search repeats until a quadratic remains, solved in closed form
 * (negative discriminant ⇒ complex pair ⇒ failure). Every root is then polished by Newton steps on
 * the undeflated polynomial. Failure (non-convergence, complex or near-equal roots closer than
 * 1e-4·max|λ|) makes the patient fall back to numerical integration of the subsystem.
 */
export const LINEAR_RUNTIME = String.raw`
// Value and derivative of the monic polynomial with coefficients c[0..m] (c[m] = 1) at x.
function rt_polyval(c, m, x) {
  let p = c[m], d = 0;
  for (let j = m - 1; j >= 0; j--) { d = d * x + p; p = p * x + c[j]; }
  rt_pd = d;
  return p;
}
let rt_pd = 0;
// Eigen-decomposition of the n×n row-major K into lam[n] and covariants P[k*n*n + i*n + j].
// W: scratch of at least 4*n*n + 2*(n+1). Returns true on success.
function rt_linsetup(n, K, lam, P, W) {
  if (n === 1) { lam[0] = K[0]; P[0] = 1; return Number.isFinite(K[0]); }
  const nn = n * n, M = W.subarray(0, nn), AM = W.subarray(nn, 2 * nn);
  const c = W.subarray(4 * nn, 4 * nn + n + 1), d = W.subarray(4 * nn + n + 1, 4 * nn + 2 * n + 2);
  // Faddeev–LeVerrier: M_1 = I, c_{n-1} = -tr K; M_k = K M_{k-1} + c_{n-k+1} I, c_{n-k} = -tr(K M_k)/k.
  c[n] = 1;
  for (let i = 0; i < nn; i++) M[i] = 0;
  for (let i = 0; i < n; i++) M[i * n + i] = 1;
  for (let k = 1; k <= n; k++) {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let l = 0; l < n; l++) s += K[i * n + l] * M[l * n + j];
      AM[i * n + j] = s;
    }
    let tr = 0;
    for (let i = 0; i < n; i++) tr += AM[i * n + i];
    c[n - k] = -tr / k;
    for (let i = 0; i < nn; i++) M[i] = AM[i];
    for (let i = 0; i < n; i++) M[i * n + i] += c[n - k];
  }
  let bound = -Infinity;
  for (let i = 0; i < n; i++) {
    let s = K[i * n + i];
    for (let j = 0; j < n; j++) if (j !== i) s += Math.abs(K[i * n + j]);
    if (s > bound) bound = s;
  }
  let x0 = bound + Math.abs(bound) * 1e-3 + 1e-12;
  for (let i = 0; i <= n; i++) d[i] = c[i];
  let m = n, found = 0;
  while (m > 2) {
    let x = x0, ok = false;
    for (let it = 0; it < 200; it++) {
      const p = rt_polyval(d, m, x);
      if (rt_pd === 0) break;
      const dx = p / rt_pd;
      x -= dx;
      if (!Number.isFinite(x)) break;
      if (Math.abs(dx) <= 1e-12 * Math.abs(x) || p === 0) { ok = true; break; }
    }
    if (!ok) return false;
    lam[found++] = x;
    // Deflate by synthetic division: d ← d / (λ − x), a monic polynomial of degree m − 1.
    let carry = d[m];
    for (let j = m - 1; j >= 0; j--) { const cj = d[j]; d[j] = carry; carry = cj + carry * x; }
    m -= 1;
    x0 = x;
  }
  // Remaining monic quadratic λ² + d1 λ + d0 (or linear when n == 1, handled above).
  const b = d[1], cc = d[0], disc = b * b - 4 * cc;
  if (!(disc >= 0)) return false;
  const q = -0.5 * (b + (b >= 0 ? 1 : -1) * Math.sqrt(disc));
  lam[found++] = q;
  lam[found++] = q !== 0 ? cc / q : 0;
  // Polish on the full polynomial.
  for (let k = 0; k < n; k++) {
    let x = lam[k];
    for (let it = 0; it < 3; it++) {
      const p = rt_polyval(c, n, x);
      if (rt_pd === 0 || !Number.isFinite(p)) break;
      const xn = x - p / rt_pd;
      if (Math.abs(rt_polyval(c, n, xn)) < Math.abs(p)) x = xn; else break;
    }
    lam[k] = x;
  }
  let big = 0;
  for (let k = 0; k < n; k++) big = Math.max(big, Math.abs(lam[k]));
  if (!(big > 0)) return false;
  for (let a = 0; a < n; a++) for (let b2 = a + 1; b2 < n; b2++) {
    if (Math.abs(lam[a] - lam[b2]) < 1e-4 * big) return false;
  }
  // Frobenius covariants P_k = Π_{j≠k} (K - λ_j I)/(λ_k - λ_j).
  const T = W.subarray(2 * nn, 3 * nn), U = W.subarray(3 * nn, 4 * nn);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < nn; i++) T[i] = 0;
    for (let i = 0; i < n; i++) T[i * n + i] = 1;
    for (let j = 0; j < n; j++) {
      if (j === k) continue;
      const s = 1 / (lam[k] - lam[j]);
      for (let i = 0; i < n; i++) for (let jj = 0; jj < n; jj++) {
        let acc = 0;
        for (let l = 0; l < n; l++) acc += T[i * n + l] * (K[l * n + jj] - (l === jj ? lam[j] : 0));
        U[i * n + jj] = acc * s;
      }
      for (let i = 0; i < nn; i++) T[i] = U[i];
    }
    for (let i = 0; i < nn; i++) P[k * nn + i] = T[i];
  }
  for (let i = 0; i < n * nn; i++) if (!Number.isFinite(P[i])) return false;
  return true;
}
`;
