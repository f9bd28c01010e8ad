/**
 * Node `worker_threads` implementation of the CPU backend's ChunkPool. Workers are created from
 * plain JavaScript (`eval: true`), so they need no TypeScript loader: the runner below compiles the
 * generated kernel source it receives (one instance per source text, rebound per run) and runs the chunks it is sent.
 * Chunks are handed out dynamically; results land in SharedArrayBuffers by patient index, so they
 * do not depend on the number of threads or on which thread ran which chunk.
 */
import { Worker } from 'node:worker_threads';
import { CancelledError, RuntimeFailure } from '../common/errors.js';
import type { ChunkPool, ChunkTask } from '../backends/cpu/chunk-pool.js';

const RUNNER = String.raw`
const { parentPort } = require('node:worker_threads');
const kernels = new Map();
let kernel = null;
parentPort.on('message', (m) => {
  try {
    if (m.type === 'init') {
      kernel = kernels.get(m.source);
      if (!kernel) { kernel = new Function('return (\n' + m.source + '\n);')()(); kernels.set(m.source, kernel); }
      kernel.bind(m.data);
      parentPort.postMessage({ type: 'ready' });
    } else if (m.type === 'chunk') {
      kernel.run(m.i0, m.i1);
      parentPort.postMessage({ type: 'done', n: m.i1 - m.i0 });
    }
  } catch (e) {
    parentPort.postMessage({ type: 'error', message: String(e && e.stack || e) });
  }
});
`;

interface Msg { type: 'ready' | 'done' | 'error'; n?: number; message?: string }

/** A pool of `threads` persistent workers (recreated after a cancellation). */
export function createWorkerPool(threads: number): ChunkPool {
  let workers: Worker[] = [];
  const spawn = (): Worker[] => {
    if (workers.length === 0) workers = Array.from({ length: threads }, () => new Worker(RUNNER, { eval: true }));
    return workers;
  };
  const killAll = async (): Promise<void> => {
    const w = workers;
    workers = [];
    await Promise.all(w.map((x) => x.terminate()));
  };
  return {
    threads,
    run(task: ChunkTask, onChunk, signal) {
      if (signal?.aborted) return Promise.reject(new CancelledError());
      const ws = spawn();
      let next = 0, active = 0, settled = false;
      return new Promise<void>((resolve, reject) => {
        const finish = (err?: Error): void => {
          if (settled) return;
          settled = true;
          for (const w of ws) { w.removeAllListeners('message'); w.removeAllListeners('error'); w.unref(); }
          signal?.removeEventListener('abort', onAbort);
          if (err) reject(err); else resolve();
        };
        const onAbort = (): void => { void killAll().then(() => finish(new CancelledError())); };
        signal?.addEventListener('abort', onAbort);
        const feed = (w: Worker): void => {
          if (signal?.aborted) return;
          if (next >= task.nPatients) { if (active === 0) finish(); return; }
          const i0 = next, i1 = Math.min(task.nPatients, i0 + task.chunkSize);
          next = i1; active++;
          w.postMessage({ type: 'chunk', i0, i1 });
        };
        for (const w of ws) {
          w.ref();
          w.on('error', (e) => { void killAll(); finish(new RuntimeFailure(`CPU worker crashed: ${e.message}`, 'rerun with --threads 1 to see the error in the main thread')); });
          w.on('message', (m: Msg) => {
            if (m.type === 'error') { void killAll(); finish(new RuntimeFailure(`CPU worker failed: ${m.message}`, 'this is an engine bug; please report it with the model')); return; }
            if (m.type === 'done') { active--; onChunk(m.n ?? 0); }
            if (m.type === 'ready' || m.type === 'done') feed(w);
          });
          w.postMessage({ type: 'init', source: task.source, data: task.data });
        }
      });
    },
    dispose: killAll,
  };
}
