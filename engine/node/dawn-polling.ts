/**
 * Paces the event polling of Dawn's Node binding on software adapters.
 *
 * Why: while a `mapAsync` or `onSubmittedWorkDone` is pending, the binding drives Dawn with a
 * `setImmediate` loop that never pauses (dawn/node AsyncRunner::QueueTick, which looks
 * `setImmediate` up on the global object at every tick). On a hardware GPU that costs one spare host
 * core. On a software adapter (SwiftShader) the "GPU" is the same two cores, and the loop took a
 * whole one from it: the host thread used 1.9–2.2 CPU-s against the shader's 5.6–5.8 in a 3.8–4.1 s
 * run (bench/webgpu.ts, 2,048 × 2 patients, docs/BENCHMARKS.md).
 *
 * How: the global `setImmediate` is wrapped so that callbacks which are native functions (the
 * binding's tick; a bound function looks the same and is merely delayed too) run after `delayMs`
 * through `setTimeout` instead; every other caller gets the real `setImmediate`. A map resolves at
 * most `delayMs` later than it would, negligible against SwiftShader's 100-ms dispatches; hardware
 * adapters are left alone, so short real-GPU dispatches keep their latency.
 */

let installed = false;

export function paceDawnPolling(delayMs = 1): void {
  if (installed) return;
  installed = true;
  const immediate = globalThis.setImmediate;
  const nativeSource = /\{\s*\[native code\]\s*\}$/;
  const paced = (fn: (...args: unknown[]) => void, ...args: unknown[]) =>
    typeof fn === 'function' && nativeSource.test(Function.prototype.toString.call(fn))
      ? setTimeout(fn, delayMs, ...args)
      : immediate(fn, ...args);
  globalThis.setImmediate = Object.assign(paced, immediate) as unknown as typeof setImmediate;
}

/** Whether the pacing is installed (for tests and provenance). */
export function dawnPollingPaced(): boolean {
  return installed;
}
