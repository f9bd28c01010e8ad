/** Worker thread of the file fuzzer: runs the cases it is sent and posts each outcome back. */
import { parentPort, workerData } from 'node:worker_threads';
import type { FuzzCase } from './cases.js';
import { runCase } from './run-case.js';

const builtins = new Map<string, string>(workerData.builtins as [string, string][]);
parentPort!.on('message', async (c: FuzzCase) => {
  const start = performance.now();
  const outcome = await runCase(c, builtins);
  parentPort!.postMessage({ id: c.id, outcome, ms: performance.now() - start });
});
parentPort!.postMessage({ ready: true });
