/**
 * EngineClient over the engine Web Worker (worker-protocol.ts): one request id per call, progress
 * forwarded, cancellation through the AbortSignal. Errors come back as the engine's own classes.
 */
import { CancelledError, InputError, RuntimeFailure, type Diagnostic } from '../../engine/common/errors.js';
import type { ScenarioResult } from '../../engine/common/scenario-result.js';
import type { EngineClient, EngineProgress, EngineRunOptions, OnPreview } from '../common/engine-client.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

type Pending = { resolve(v: unknown): void; reject(e: Error): void; onProgress?: (p: EngineProgress) => void; onPreview?: OnPreview };

export class WorkerEngineClient implements EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly worker: Worker) {
    worker.onmessage = (ev: MessageEvent<FromWorker>) => this.receive(ev.data);
    worker.onerror = (ev) => {
      for (const p of this.pending.values()) p.reject(new RuntimeFailure(`engine worker failed: ${ev.message}`));
      this.pending.clear();
    };
  }

  run(yaml: string, opts: EngineRunOptions, onProgress: (p: EngineProgress) => void, signal: AbortSignal, onPreview?: OnPreview): Promise<ScenarioResult> {
    const id = this.nextId++;
    signal.addEventListener('abort', () => this.post({ type: 'cancel', id }), { once: true });
    return this.request<ScenarioResult>(id, { type: 'run', id, yaml, opts }, onProgress, onPreview);
  }

  validate(yaml: string, fileName: string): Promise<Diagnostic[]> {
    const id = this.nextId++;
    return this.request<Diagnostic[]>(id, { type: 'validate', id, yaml, fileName });
  }

  private request<T>(id: number, msg: ToWorker, onProgress?: (p: EngineProgress) => void, onPreview?: OnPreview): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress, onPreview });
      this.post(msg);
    });
  }

  private post(m: ToWorker): void {
    this.worker.postMessage(m);
  }

  private receive(m: FromWorker): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.type === 'progress') { p.onProgress?.(m.progress); return; }
    if (m.type === 'preview') { p.onPreview?.(m.result, m.patients, m.total); return; }
    this.pending.delete(m.id);
    if (m.type === 'result') p.resolve(m.result);
    else if (m.type === 'diagnostics') p.resolve(m.diagnostics);
    else if (m.kind === 'cancelled') p.reject(new CancelledError());
    else if (m.kind === 'input') p.reject(new InputError(m.diagnostics ?? []));
    else p.reject(new RuntimeFailure(m.message, m.hint));
  }
}
