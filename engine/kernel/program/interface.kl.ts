/**
 * The contract between the one kernel program and the targets (docs/KERNEL.md §0): the per-run
 * uniforms the host writes by name (engine/kernel/pack.ts), and the externs each target's runtime
 * supplies (engine/kernel/print/js-runtime.ts, engine/kernel/print/wgsl-runtime.ts).
 */
export const interfaceKl = {
  file: 'interface.kl',
  text: /* kl */ `
// Per-run values (one regimen, one batch of patients).
uniform regimen: u32;       // regimen index
uniform n_doses: u32;       // planned doses of this regimen
uniform off_dose: u32;      // its first dose row in the data buffer
uniform level_base: u32;    // its first dose-level slot
uniform n_grid: u32;
uniform table_rows: u32;
uniform max_steps: u32;     // solver attempts per patient before failure 3
uniform max_iter: u32;      // driver iterations per dispatch (suspend after; GPU dispatch budget)
uniform horizon: real;
uniform rtol: real;
uniform hmax: real;
uniform h0: real;
uniform hmin: real;
uniform off_params: u32;
uniform off_atol: u32;
uniform off_grid: u32;
uniform off_const: u32;
uniform off_table: u32;
uniform off_sum: u32;
uniform off_track: u32;
uniform off_list: u32;

// Data buffer of the job (parameters, tolerances, grid, lifted constants, table, summary, tracker
// and dose tables; engine/kernel/pack.ts).
extern fn fd(i: u32) -> real;
// Draw k of the current patient's counter-based stream (docs/KERNEL.md §1).
extern fn rand_u(k: u32) -> real;
// Per-patient persistent words (dose state of protocol rules), DOSE_WORDS per planned dose.
extern fn pm_get(i: u32) -> real;
extern fn pm_set(i: u32, v: real);
// Results of the current patient.
extern fn out_sum(c: u32, v: real);
extern fn out_status(code: u32, steps: u32, fallback: u32);
extern fn out_grid(g: u32, o: u32, v: real);
extern fn out_report(k: u32, v: real);
// Closed-form linear subsystem: eigenvalues lin_lam and covariants lin_P of lin_K (false: integrate).
extern fn lin_setup() -> bool;
// (e^{lam tau} - 1)/lam given e = e^{lam tau}, accurate where the subtraction cancels.
extern fn lin_phi(lam: real, tau: real, e: real) -> real;
// Math of the expression language (docs/KERNEL.md §5).
extern fn rt_pow(a: real, b: real) -> real;
extern fn rt_log10(x: real) -> real;
extern fn rt_round(x: real) -> real;
extern fn rt_erf(x: real) -> real;
extern fn rt_pnorm(x: real) -> real;
extern fn rt_qnorm(p: real) -> real;
extern fn f_nan() -> real;
// NaN test by bit pattern: GPU compilers may assume no NaN in comparisons, so no kernel logic relies
// on a comparison with NaN (markers use the sentinel -BIG instead).
extern fn is_nan(x: real) -> bool;
extern fn f_inf() -> real;
`,
};
