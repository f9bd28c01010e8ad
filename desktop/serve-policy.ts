/** Content-Security-Policies shared by `npm run ui` (serve.ts) and the Electron app:// handler. */

/** No remote anything: scripts and workers only from this origin; inline styles for uPlot and charts. */
export const CSP = "default-src 'none'; script-src 'self'; worker-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The engine worker compiles the model into a JavaScript kernel (engine/codegen/js) and instantiates
 * it with `new Function`, so its policy alone adds 'unsafe-eval'; the page never evaluates strings.
 */
export const WORKER_CSP = "default-src 'none'; script-src 'self' 'unsafe-eval'; connect-src 'self'";

/** The worker scripts that run generated kernels: the engine worker and the patient twin's worker. */
export const WORKER_SCRIPTS: ReadonlySet<string> = new Set(['/worker.js', '/twin-worker.js']);

/** The policy of a served path. */
export const cspFor = (path: string): string => (WORKER_SCRIPTS.has(path) ? WORKER_CSP : CSP);
