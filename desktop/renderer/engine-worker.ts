/**
 * The engine Web Worker: runs and validates scenarios off the page's thread (worker-protocol.ts).
 * Bundled by desktop/serve.ts as worker.js; models and the engine version come from the same origin.
 */
/// <reference lib="webworker" />
import { CancelledError, InputError, RuntimeFailure } from '../../engine/common/errors.js';
import { browserEngine, type EngineVersion } from './browser-engine.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

declare const self: DedicatedWorkerGlobalScope;

const post = (m: FromWorker): void => self.postMessage(m);
const running = new Map<number, AbortController>();

const versionPromise: Promise<EngineVersion> = fetch(new URL('/version.json', self.location.origin))
  .then((r) => (r.ok ? (r.json() as Promise<EngineVersion>) : { version: 'unknown' }))
  .catch(() => ({ version: 'unknown' }));

function fail(id: number, e: unknown): void {
  if (e instanceof CancelledError) post({ type: 'error', id, kind: 'cancelled', message: 'run cancelled' });
  else if (e instanceof InputError) post({ type: 'error', id, kind: 'input', message: e.message, diagnostics: e.diagnostics });
  else if (e instanceof RuntimeFailure) post({ type: 'error', id, kind: 'runtime', message: e.message, hint: e.hint });
  else post({ type: 'error', id, kind: 'runtime', message: e instanceof Error ? e.message : String(e) });
}

/** One engine for the worker's life: its session keeps backends and compiled kernels between runs. */
const enginePromise = versionPromise.then((v) => browserEngine(self.location.origin, v));

self.onmessage = async (ev: MessageEvent<ToWorker>) => {
  const m = ev.data;
  if (m.type === 'cancel') {
    running.get(m.id)?.abort();
    return;
  }
  const engine = await enginePromise;
  if (m.type === 'validate') {
    try {
      post({ type: 'diagnostics', id: m.id, diagnostics: await engine.validateScenario(m.yaml, m.fileName) });
    } catch (e) {
      fail(m.id, e);
    }
    return;
  }
  const ac = new AbortController();
  running.set(m.id, ac);
  try {
    const result = await engine.runScenario(m.yaml, m.opts, (progress) => post({ type: 'progress', id: m.id, progress }), ac.signal,
      (preview, patients, total) => post({ type: 'preview', id: m.id, result: preview, patients, total }));
    post({ type: 'result', id: m.id, result });
  } catch (e) {
    fail(m.id, e);
  } finally {
    running.delete(m.id);
  }
};
