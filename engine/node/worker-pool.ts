/**
 * Node `worker_threads` implementation of the CPU backend's ChunkPool. Workers are created from
 * plain JavaScript (`eval: true`), so they need no TypeScript loader: the runner below compiles each
 * kernel source it is sent once per structure key (compile once, run many), binds a run and runs the
 * chunks it is sent. Chunks are handed out dynamically; per-patient results land in
 * SharedArrayBuffers by patient index and sketch counts are added atomically, so results do not
 * depend on the number of threads or on which thread ran which chunk.
 */
import { Worker } from 'node:worker_threads';
import { CancelledError, RuntimeFailure } from '../common/errors.js';
import type { ChunkPool, ChunkRun } from '../backends/cpu/chunk-pool.js';

const RUNNER = String.raw`
const { parentPort } = require('node:worker_threads');
const kernels = new Map();
let kernel = null;
parentPort.on('message', (m) => {
  try {
    if (m.type === 'init') {
      kernel = kernels.get(m.key);
      if (!kernel) {
        if (m.source === undefined) { parentPort.postMessage({ type: 'need-source' }); return; }
        kernel = new Function('return (\n' + m.source + '\n);')()();
        kernels.set(m.key, kernel);
        if (kernels.size > 16) kernels.delete(kernels.keys().next().value);
      }
      kernel.begin(m.task);
      parentPort.postMessage({ type: 'ready' });
    } else if (m.type === 'chunk') {
      kernel.chunk(m.i0, m.i1);
      parentPort.postMessage({ type: 'done', n: m.i1 - m.i0 });
    }
  } catch (e) {
    parentPort.postMessage({ type: 'error', message: String(e && e.stack || e) });
  }
});
`;

interface Msg { type: 'ready' | 'done' | 'error' | 'need-source'; n?: number; message?: string }

/** A pool of `threads` persistent workers (recreated after a cancellation or a crash). */
export function createWorkerPool(threads: number): ChunkPool {
  let workers: Worker[] = [];
  /** Structure keys each worker has compiled (so a source is sent only the first time). */
  let known: Set<string>[] = [];
  const spawn = (): Worker[] => {
    if (workers.length === 0) {
      workers = Array.from({ length: threads }, () => new Worker(RUNNER, { eval: true }));
      known = workers.map(() => new Set<string>());
    }
    return workers;
  };
  const killAll = async (): Promise<void> => {
    const w = workers;
    workers = [];
    known = [];
    await Promise.all(w.map((x) => x.terminate()));
  };
  return {
    threads,
    run(r: ChunkRun, onChunk, signal) {
      if (signal?.aborted) return Promise.reject(new CancelledError());
      const ws = spawn();
      const seen = known;
      let next = r.start, active = 0, settled = false;
      return new Promise((resolve, reject) => {
        const finish = (err?: Error): void => {
          if (settled) return;
          settled = true;
          for (const w of ws) { w.removeAllListeners('message'); w.removeAllListeners('error'); w.unref(); }
          signal?.removeEventListener('abort', onAbort);
          if (err) reject(err); else resolve();
        };
        const onAbort = (): void => { void killAll().then(() => finish(new CancelledError())); };
        signal?.addEventListener('abort', onAbort);
        const init = (w: Worker, k: number, withSource: boolean): void => {
          w.postMessage({ type: 'init', key: r.key, source: withSource ? r.source : undefined, task: r.task });
          seen[k]?.add(r.key);
        };
        const feed = (w: Worker): void => {
          if (signal?.aborted) return;
          if (next >= r.end) { if (active === 0) finish(); return; }
          const i0 = next, i1 = Math.min(r.end, i0 + r.chunkSize);
          next = i1; active++;
          w.postMessage({ type: 'chunk', i0, i1 });
        };
        ws.forEach((w, k) => {
          w.ref();
          w.on('error', (e) => { void killAll(); finish(new RuntimeFailure(`CPU worker crashed: ${e.message}`, 'rerun with --threads 0 to see the error in the main thread')); });
          w.on('message', (m: Msg) => {
            if (m.type === 'error') { void killAll(); finish(new RuntimeFailure(`CPU worker failed: ${m.message}`, 'this is an engine bug; please report it with the model')); return; }
            if (m.type === 'need-source') { init(w, k, true); return; }
            if (m.type === 'done') { active--; onChunk(m.n ?? 0); }
            feed(w);
          });
          init(w, k, !seen[k]?.has(r.key));
        });
      });
    },
    dispose: killAll,
  };
}
