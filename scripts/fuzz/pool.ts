/**
 * Runs fuzz cases on worker threads with a per-case time limit: a case that does not finish in time
 * is a hang (its worker is terminated and replaced), so one endless loop cannot stop the run.
 */
import { Worker } from 'node:worker_threads';
import type { FuzzCase } from './cases.js';
import type { Outcome } from './run-case.js';

export type Result = { case: FuzzCase; ms: number; outcome: Outcome | { kind: 'hang' } };

/** Workers run the TypeScript sources through tsx, registered by a plain-JavaScript entry. */
function startWorker(builtins: Map<string, string>): Worker {
  return new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), { workerData: { builtins: [...builtins] } });
}

/** Resolves when the worker has loaded the engine. */
function ready(worker: Worker): Promise<Worker> {
  return new Promise((ok) => worker.once('message', () => ok(worker)));
}

/** One case on `worker`, or a hang after `limitMs`. */
function runOne(worker: Worker, c: FuzzCase, limitMs: number): Promise<Result> {
  return new Promise<Result>((resolve) => {
    const done = (res: Result) => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      resolve(res);
    };
    const onMessage = (m: { id: number; outcome: Outcome; ms: number }) => { if (m.id === c.id) done({ case: c, ms: m.ms, outcome: m.outcome }); };
    const onError = (e: Error) => done({ case: c, ms: 0, outcome: { kind: 'internal', message: `worker died: ${e.message}` } });
    const timer = setTimeout(() => done({ case: c, ms: limitMs, outcome: { kind: 'hang' } }), limitMs);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.postMessage(c);
  });
}

/** Runs `cases` on `threads` workers; each case has `limitMs` of wall time. */
export async function runPool(cases: FuzzCase[], builtins: Map<string, string>, threads: number, limitMs: number, onResult?: (r: Result) => void): Promise<Result[]> {
  const results: Result[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    let worker: Worker | undefined;
    while (next < cases.length) {
      const c = cases[next++];
      worker ??= await ready(startWorker(builtins));
      const r = await runOne(worker, c, limitMs);
      results.push(r);
      onResult?.(r);
      // A worker that hung or died is replaced (when another case needs one).
      if (r.outcome.kind === 'hang' || (r.outcome.kind === 'internal' && r.outcome.message.startsWith('worker died'))) {
        await worker.terminate();
        worker = undefined;
      }
    }
    await worker?.terminate();
  };
  await Promise.all(Array.from({ length: Math.max(1, threads) }, lane));
  return results.sort((a, b) => a.case.id - b.case.id);
}
