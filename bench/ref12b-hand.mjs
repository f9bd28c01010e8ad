/**
 * Yardstick of docs/BENCHMARKS.md ("CPU backend against the native limit"): ../shared/peers/ref12b.c's
 * algorithm hand-written in plain JavaScript — closed-form PK from each step's start, DOPRI5 on the 9
 * PD states, powers as exp(b·ln a), no dense output, no summaries, no sketches — single thread, its
 * own patients (same distributions; a small LCG instead of ref12b's splitmix). Prints patient-regimens
 * and attempted steps per CPU-second: the JavaScript limit of the algorithm on this V8.
 * Usage: node bench/ref12b-hand.mjs [patients, default 2000]
 */
const NP = 9;
let seed = 12345;
function rnd() { seed = (seed * 1103515245 + 12345) % 2147483648; return (seed + 0.5) / 2147483648; }
function gauss() { return Math.sqrt(-2 * Math.log(rnd())) * Math.cos(6.283185307179586 * rnd()); }
const pw = (a, b) => (a > 0 ? Math.exp(b * Math.log(a)) : Math.pow(a, b));
function patient() {
  const p = { CL: 36.7 * Math.exp(0.25 * gauss()), V1: 7.4 * Math.exp(0.2 * gauss()), Q2: 8.3, V2: 6, Q3: 10.8, V3: 150,
    Circ0: 5.05 * Math.exp(0.4 * gauss()), MTT: 84.3 * Math.exp(0.2 * gauss()), gam: 0.161, slope: 8.58 * Math.exp(0.5 * gauss()),
    l0: 0.01 / 24 * Math.exp(0.4 * gauss()), l1: 1 / 24, k1: 0.5 / 24, k2: 0.02 * Math.exp(0.5 * gauss()), w0: 50 * Math.exp(0.5 * gauss()) };
  const k10 = p.CL / p.V1, k12 = p.Q2 / p.V1, k21 = p.Q2 / p.V2, k13 = p.Q3 / p.V1, k31 = p.Q3 / p.V3;
  const a0 = k10 * k21 * k31, a1 = k10 * k31 + k21 * k31 + k21 * k13 + k10 * k21 + k31 * k12, a2 = k10 + k12 + k13 + k21 + k31;
  const pp = a1 - a2 * a2 / 3, q = 2 * a2 * a2 * a2 / 27 - a1 * a2 / 3 + a0, r1 = Math.sqrt(-pp * pp * pp / 27), phi = Math.acos(-q / (2 * r1)) / 3, r2 = 2 * Math.exp(Math.log(r1) / 3);
  const l = [-(Math.cos(phi) * r2 - a2 / 3), -(Math.cos(phi + 2 * Math.PI / 3) * r2 - a2 / 3), -(Math.cos(phi + 4 * Math.PI / 3) * r2 - a2 / 3)];
  p.mu = new Float64Array(3); p.Vr = new Float64Array(9); p.Vi = new Float64Array(9);
  for (let i = 0; i < 3; i++) { const m = -l[i]; p.mu[i] = m; p.Vr[i] = 1; p.Vr[3 + i] = k12 / (m + k21); p.Vr[6 + i] = k13 / (m + k31); }
  const a = p.Vr, b = p.Vi;
  const det = a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6]) + a[2] * (a[3] * a[7] - a[4] * a[6]);
  b[0] = (a[4] * a[8] - a[5] * a[7]) / det; b[1] = (a[2] * a[7] - a[1] * a[8]) / det; b[2] = (a[1] * a[5] - a[2] * a[4]) / det;
  b[3] = (a[5] * a[6] - a[3] * a[8]) / det; b[4] = (a[0] * a[8] - a[2] * a[6]) / det; b[5] = (a[2] * a[3] - a[0] * a[5]) / det;
  b[6] = (a[3] * a[7] - a[4] * a[6]) / det; b[7] = (a[1] * a[6] - a[0] * a[7]) / det; b[8] = (a[0] * a[4] - a[1] * a[3]) / det;
  return p;
}
function concAt(p, w, rate, tau) {
  let c = 0;
  for (let i = 0; i < 3; i++) { const e = Math.exp(p.mu[i] * tau); c += p.Vr[i] * (e * w[i] + rate * p.Vi[3 * i] * (e - 1) / p.mu[i]); }
  return c / p.V1;
}
function rhs(p, C, y, dy) {
  const Cum = C / 0.8079, ktr = 4 / p.MTT, E = p.slope * Cum;
  const circ = y[4] > 1e-9 ? y[4] : 1e-9, fb = pw(p.Circ0 / circ, p.gam);
  dy[0] = ktr * y[0] * (1 - E) * fb - ktr * y[0]; dy[1] = ktr * (y[0] - y[1]); dy[2] = ktr * (y[1] - y[2]); dy[3] = ktr * (y[2] - y[3]); dy[4] = ktr * (y[3] - y[4]);
  const w = y[5] + y[6] + y[7] + y[8], g = p.l0 * y[5] / pw(1 + pw(p.l0 / p.l1 * w, 20), 1 / 20);
  dy[5] = g - p.k2 * C * y[5]; dy[6] = p.k2 * C * y[5] - p.k1 * y[6]; dy[7] = p.k1 * (y[6] - y[7]); dy[8] = p.k1 * (y[7] - y[8]);
}
const K = Array.from({ length: 7 }, () => new Float64Array(NP)), yt = new Float64Array(NP), yn = new Float64Array(NP), w = new Float64Array(3), z = new Float64Array(3);
const out = new Float64Array(254), grid = Float64Array.from({ length: 127 }, (_, i) => 24 * i);
let gi = 0, hio = 0;
function dopri(p, a, rate, y, t0, t1, rtol, atol) {
  const [k1, k2, k3, k4, k5, k6, k7] = K;
  let t = t0, h = hio, steps = 0;
  for (let i = 0; i < 3; i++) w[i] = p.Vi[3 * i] * a[0] + p.Vi[3 * i + 1] * a[1] + p.Vi[3 * i + 2] * a[2];
  rhs(p, concAt(p, w, rate, 0), y, k1);
  while (t < t1) {
    if (t + h > t1) h = t1 - t;
    for (let i = 0; i < NP; i++) yt[i] = y[i] + h * (1 / 5) * k1[i]; rhs(p, concAt(p, w, rate, 0.2 * h), yt, k2);
    for (let i = 0; i < NP; i++) yt[i] = y[i] + h * (3 / 40 * k1[i] + 9 / 40 * k2[i]); rhs(p, concAt(p, w, rate, 0.3 * h), yt, k3);
    for (let i = 0; i < NP; i++) yt[i] = y[i] + h * (44 / 45 * k1[i] - 56 / 15 * k2[i] + 32 / 9 * k3[i]); rhs(p, concAt(p, w, rate, 0.8 * h), yt, k4);
    for (let i = 0; i < NP; i++) yt[i] = y[i] + h * (19372 / 6561 * k1[i] - 25360 / 2187 * k2[i] + 64448 / 6561 * k3[i] - 212 / 729 * k4[i]); rhs(p, concAt(p, w, rate, 8 / 9 * h), yt, k5);
    for (let i = 0; i < NP; i++) yt[i] = y[i] + h * (9017 / 3168 * k1[i] - 355 / 33 * k2[i] + 46732 / 5247 * k3[i] + 49 / 176 * k4[i] - 5103 / 18656 * k5[i]);
    const Ch = concAt(p, w, rate, h); rhs(p, Ch, yt, k6);
    for (let i = 0; i < NP; i++) yn[i] = y[i] + h * (35 / 384 * k1[i] + 500 / 1113 * k3[i] + 125 / 192 * k4[i] - 2187 / 6784 * k5[i] + 11 / 84 * k6[i]); rhs(p, Ch, yn, k7);
    let err = 0;
    for (let i = 0; i < NP; i++) {
      const sk = atol + rtol * Math.max(Math.abs(y[i]), Math.abs(yn[i]));
      const e = h * (71 / 57600 * k1[i] - 71 / 16695 * k3[i] + 71 / 1920 * k4[i] - 17253 / 339200 * k5[i] + 22 / 525 * k6[i] - 1 / 40 * k7[i]);
      err += (e / sk) * (e / sk);
    }
    err = Math.sqrt(err / NP); steps++;
    if (err <= 1) {
      const tn = t + h;
      while (gi < 127 && grid[gi] <= tn) { const th = (grid[gi] - t) / h; out[gi * 2] = (1 - th) * y[4] + th * yn[4]; out[gi * 2 + 1] = (1 - th) * (y[5] + y[6] + y[7] + y[8]) + th * (yn[5] + yn[6] + yn[7] + yn[8]); gi++; }
      for (let i = 0; i < 3; i++) w[i] = p.Vi[3 * i] * a[0] + p.Vi[3 * i + 1] * a[1] + p.Vi[3 * i + 2] * a[2];
      for (let i = 0; i < 3; i++) { const e = Math.exp(p.mu[i] * h); z[i] = e * w[i] + rate * p.Vi[3 * i] * (e - 1) / p.mu[i]; }
      for (let r = 0; r < 3; r++) a[r] = p.Vr[3 * r] * z[0] + p.Vr[3 * r + 1] * z[1] + p.Vr[3 * r + 2] * z[2];
      for (let i = 0; i < 3; i++) w[i] = p.Vi[3 * i] * a[0] + p.Vi[3 * i + 1] * a[1] + p.Vi[3 * i + 2] * a[2];
      t = tn; y.set(yn); k1.set(k7); h *= err === 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * Math.pow(err, -0.2)));
    } else h *= Math.max(0.2, 0.9 * Math.pow(err, -0.2));
  }
  hio = h; return steps;
}
function run(N) {
  let tot = 0, chk = 0;
  for (let pi = 0; pi < 2 * N; pi++) {
    const reg = pi % 2, p = patient(), bsa = 1.8 * Math.exp(0.1 * gauss());
    const dose = reg === 0 ? 100 * bsa : 35 * bsa, every = reg === 0 ? 504 : 168, nd = reg === 0 ? 6 : 18;
    const y = new Float64Array(NP); for (let i = 0; i < 5; i++) y[i] = p.Circ0; y[5] = p.w0;
    gi = 0; let t = 0, st = 0; const a = new Float64Array(3);
    for (let d = 0; d < nd; d++) { const ts = d * every; if (ts > t) { hio = 0.01; st += dopri(p, a, 0, y, t, ts, 1e-6, 1e-9); t = ts; } hio = 0.01; st += dopri(p, a, dose, y, t, t + 1, 1e-6, 1e-9); t += 1; hio = 0.01; }
    st += dopri(p, a, 0, y, t, 3024, 1e-6, 1e-9);
    tot += st; chk += out[253];
  }
  return { tot, chk: chk / (2 * N) };
}
run(200);
for (let r = 0; r < 3; r++) {
  const c0 = process.cpuUsage(); const N = Number(process.argv[2] ?? 2000); const res = run(N); const c = process.cpuUsage(c0); const s = (c.user + c.system) / 1e6;
  console.log(`hand-written JS ref12b: ${(2 * N / s).toFixed(0)} pr/CPU-s, ${(res.tot / s / 1e6).toFixed(3)} M attempted steps/CPU-s, ${(res.tot / (2 * N)).toFixed(1)} steps/pr, chk ${res.chk.toFixed(4)}`);
}
