/**
 * Emits the per-(patient, regimen) integrator of docs/KERNEL.md §3–4 as JavaScript text, specialised
 * for one numerical-state count and one method. It is instantiated once for the closed-form mode
 * (`Cf`: linear subsystem analytic, numerical slots = other states + AUC aux) and once for the
 * fully numerical mode (`Full`). Scratch vectors are allocated once per kernel, never per step.
 */

/** Dormand–Prince 5(4) tableau, error weights (b − b̂) and Hairer's dense-output coefficients. */
const DOPRI = `
const A21 = 1 / 5, A31 = 3 / 40, A32 = 9 / 40, A41 = 44 / 45, A42 = -56 / 15, A43 = 32 / 9;
const A51 = 19372 / 6561, A52 = -25360 / 2187, A53 = 64448 / 6561, A54 = -212 / 729;
const A61 = 9017 / 3168, A62 = -355 / 33, A63 = 46732 / 5247, A64 = 49 / 176, A65 = -5103 / 18656;
const A71 = 35 / 384, A73 = 500 / 1113, A74 = 125 / 192, A75 = -2187 / 6784, A76 = 11 / 84;
const E1 = 71 / 57600, E3 = -71 / 16695, E4 = 71 / 1920, E5 = -17253 / 339200, E6 = 22 / 525, E7 = -1 / 40;
const D1 = -12715105075 / 11282082432, D3 = 87487479700 / 32700410799, D4 = -10690763975 / 1880347072;
const D5 = 701980252875 / 199316789632, D6 = -1453857185 / 822651844, D7 = 69997945 / 29380423;
`;

/** Shared constants, emitted once per kernel. */
export function emitSolverConstants(): string {
  return DOPRI;
}

/**
 * The solver for one mode. Expects in scope: rhs${m}(y,f), outs${m}(y,o) (time in SV[7]), linStart${m}(T) and
 * linEnd${m}(T, TE) (closed-form bookkeeping; no-ops in Full mode), applyEvents${m}(T), the summary hooks
 * and the solver settings (RTOL, HMAX, H0, HMIN, MAXSTEPS).
 */
export function emitSolver(m: 'Cf' | 'Full', ny: number, method: 'dopri5' | 'rk4', dynamic = false): string {
  // Small systems are unrolled so every slot index is a constant; large ones keep a loop.
  const loop = (body: string): string => (ny <= 32
    ? Array.from({ length: ny }, (_, j) => `{ ${body.replaceAll('[j]', `[${j}]`)} }`).join('\n      ')
    : `for (let j = 0; j < ${ny}; j++) { ${body} }`);
  const dense = method === 'dopri5'
    ? `function dense${m}(tq, o) {
  const th = (tq - DT0) / DH, th1 = 1 - th;
  ${loop('YD[j] = RC1[j] + th * (RC2[j] + th1 * (RC3[j] + th * (RC4[j] + th1 * RC5[j])));')}
  SV[7] = tq; outs${m}(YD, o);
}
function densePrev${m}(tq, o) {
  const th = (tq - PT0) / PH, th1 = 1 - th;
  ${loop('YD[j] = PC1[j] + th * (PC2[j] + th1 * (PC3[j] + th * (PC4[j] + th1 * PC5[j])));')}
  SV[7] = tq; outs${m}(YD, o);
}
function denseBuild${m}(y0, yn) {
  const hs = DH;
  ${loop(`const yd = yn[j] - y0[j], bs = hs * K1[j] - yd;
    RC1[j] = y0[j]; RC2[j] = yd; RC3[j] = bs; RC4[j] = yd - hs * K7[j] - bs;
    RC5[j] = hs * (D1 * K1[j] + D3 * K3[j] + D4 * K4[j] + D5 * K5[j] + D6 * K6[j] + D7 * K7[j]);`)}
}`
    // rk4: cubic Hermite on (y0, f0, y1, f1); f1 is the next step's first stage.
    : `function dense${m}(tq, o) {
  const th = (tq - DT0) / DH, t2 = th * th, t3 = t2 * th;
  const h00 = 2 * t3 - 3 * t2 + 1, h10 = t3 - 2 * t2 + th, h01 = -2 * t3 + 3 * t2, h11 = t3 - t2;
  ${loop('YD[j] = h00 * RC1[j] + h10 * DH * RC3[j] + h01 * RC2[j] + h11 * DH * RC4[j];')}
  SV[7] = tq; outs${m}(YD, o);
}
function densePrev${m}(tq, o) {
  const th = (tq - PT0) / PH, t2 = th * th, t3 = t2 * th;
  const h00 = 2 * t3 - 3 * t2 + 1, h10 = t3 - 2 * t2 + th, h01 = -2 * t3 + 3 * t2, h11 = t3 - t2;
  ${loop('YD[j] = h00 * PC1[j] + h10 * PH * PC3[j] + h01 * PC2[j] + h11 * PH * PC4[j];')}
  SV[7] = tq; outs${m}(YD, o);
}
function denseBuild${m}(y0, yn) {
  const hs = DH;
  ${loop('RC1[j] = y0[j]; RC2[j] = yn[j]; RC3[j] = K1[j]; RC4[j] = K7[j];')}
}`;
  const step = method === 'dopri5'
    ? `
      ${loop('YT[j] = Y[j] + hs * A21 * K1[j];')}
      SV[7] = t + hs / 5; rhs${m}(YT, K2);
      ${loop('YT[j] = Y[j] + hs * (A31 * K1[j] + A32 * K2[j]);')}
      SV[7] = t + 3 * hs / 10; rhs${m}(YT, K3);
      ${loop('YT[j] = Y[j] + hs * (A41 * K1[j] + A42 * K2[j] + A43 * K3[j]);')}
      SV[7] = t + 4 * hs / 5; rhs${m}(YT, K4);
      ${loop('YT[j] = Y[j] + hs * (A51 * K1[j] + A52 * K2[j] + A53 * K3[j] + A54 * K4[j]);')}
      SV[7] = t + 8 * hs / 9; rhs${m}(YT, K5);
      ${loop('YT[j] = Y[j] + hs * (A61 * K1[j] + A62 * K2[j] + A63 * K3[j] + A64 * K4[j] + A65 * K5[j]);')}
      SV[7] = t + hs; rhs${m}(YT, K6);
      ${loop('YN[j] = Y[j] + hs * (A71 * K1[j] + A73 * K3[j] + A74 * K4[j] + A75 * K5[j] + A76 * K6[j]);')}
      SV[7] = tn; rhs${m}(YN, K7);
      let err = 0;
      ${loop(`const ej = hs * (E1 * K1[j] + E3 * K3[j] + E4 * K4[j] + E5 * K5[j] + E6 * K6[j] + E7 * K7[j]);
        const sk = ATOL${m}[j] + RTOL * Math.max(Math.abs(Y[j]), Math.abs(YN[j]));
        err += (ej / sk) * (ej / sk);`)}
      err = ${ny > 0 ? `Math.sqrt(err / ${ny})` : '0'};`
    : `
      ${loop('YT[j] = Y[j] + 0.5 * hs * K1[j];')}
      SV[7] = t + hs / 2; rhs${m}(YT, K2);
      ${loop('YT[j] = Y[j] + 0.5 * hs * K2[j];')}
      SV[7] = t + hs / 2; rhs${m}(YT, K3);
      ${loop('YT[j] = Y[j] + hs * K3[j];')}
      SV[7] = t + hs; rhs${m}(YT, K4);
      ${loop('YN[j] = Y[j] + hs * (K1[j] + 2 * K2[j] + 2 * K3[j] + K4[j]) / 6;')}
      SV[7] = tn; rhs${m}(YN, K7);
      let err = 0;
      ${loop('err += 0 * YN[j] + 0 * K7[j];')}`;
  const control = method === 'dopri5'
    ? `
      if (!(err <= 1)) {
        // A non-finite trial (e.g. a stage that stepped a level negative under a fractional power)
        // is a rejected step, not a failed patient: shrink hard and retry; hmin bounds the retries.
        lastRej = true;
        h = Number.isFinite(err) ? hs * Math.max(0.2, 0.9 * Math.pow(err, -0.2)) : hs * 0.2;
        if (h < HMIN) return 2;
        continue;
      }
      let fac = err === 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * Math.pow(err, -0.2)));
      if (lastRej) fac = Math.min(1, fac);
      lastRej = false;
      if (!clipped) h = Math.min(HCAP, hs * fac);`
    : `
      if (!Number.isFinite(err)) return 1;`;
  return `${dense}
// Integrates patient state (Y, XT, RATE prepared by the caller) over all breakpoints of regimen r.
// Returns a failure code (0 ok); accepted steps are left in STEPS_ACC.
function solve${m}(r, i) {
  // Without numerical states (all closed form) steps only need to reach the breakpoints.
  // Without numerical states nothing limits the step but breakpoints, and a closed-form peak could
  // fall inside one long step unseen by the extremum search: cap steps at 1/1024 of the horizon
  // (each costs a few exp() calls) so every turning point is bracketed and then refined.
  const HCAP = ${ny > 0 ? 'HMAX' : 'Math.min(HMAX, HORIZON / 1024)'};
  let h = ${method === 'dopri5' && ny > 0 ? 'Math.min(H0, HCAP)' : 'HCAP'}, lastRej = false, tries = 0, gi = 0;
  STEPS_ACC = 0;
  for (let b = 0; b + 1 < NBP; b++) {
    const T = BP[b];${dynamic ? `
    // Protocol rules decide the doses planned at T on the outputs just before T's events; a decision
    // rebuilds the events and breakpoints from T on (emit-rules.ts), which then start at BP[0] = T.
    linStart${m}(T); SV[7] = T; outs${m}(Y, O);
    if (decide(r, T)) { buildEventsDyn(r, T); b = 0; }` : ''}
    const TE = BP[b + 1];
    applyEvents${m}(T);
    setWindows(T);
    linStart${m}(T);
    SV[7] = T; rhs${m}(Y, K1);
    SV[7] = T; outs${m}(Y, O);
    SV[10] = T; sumPoint(O);
    sumStart(T, O);${dynamic ? `
    ruleStart(O);` : ''}
    let t = T;
    while (t < TE) {
      let hs = h, clipped = false;
      // A step ending within 1e-9·h of the breakpoint is stretched to it (no sliver steps).
      if (t + hs * (1 + 1e-9) >= TE) { hs = TE - t; clipped = true; }
      const tn = clipped ? TE : t + hs;
      if (++tries > MAXSTEPS) return 3;
      ${step}
      ${control}
      STEPS_ACC++;
      SV[8] = t; SV[9] = tn;
      ${loop('PC1[j] = RC1[j]; PC2[j] = RC2[j]; PC3[j] = RC3[j]; PC4[j] = RC4[j]; PC5[j] = RC5[j];')}
      PT0 = DT0; PH = DH; DT0 = t; DH = hs;
      denseBuild${m}(Y, YN);
      while (gi < NG && GRID[gi] < tn) { dense${m}(GRID[gi], OD); gridStore(r, i, gi, OD); SV[10] = GRID[gi]; sumPoint(OD); gi++; }
      sumValueAt(dense${m});
      O.set(RO);
      SV[10] = tn; sumPoint(O);
      sumStep(O, dense${m});${dynamic ? `
      ruleStep(O, dense${m}, r);` : ''}
      sumRefine(O, dense${m}, densePrev${m});
      ${loop('Y[j] = YN[j]; K1[j] = K7[j];')}
      t = tn;
    }
    linEnd${m}(T, TE);
  }
  SV[7] = HORIZON; outs${m}(Y, O);
  while (gi < NG) { gridStore(r, i, gi, O); SV[10] = GRID[gi]; sumPoint(O); gi++; }
  sumValueAtEnd(O);
  return 0;
}
`;
}
