/**
 * engine/node/dawn-polling.ts: native callbacks given to the global setImmediate (Dawn's polling
 * tick) are deferred by the pacing delay; JavaScript callbacks keep setImmediate's timing.
 */
import { describe, expect, it } from 'vitest';
import { dawnPollingPaced, paceDawnPolling } from '../../../engine/node/dawn-polling.js';

describe('paceDawnPolling', () => {
  it('defers native callbacks by the delay and leaves JavaScript callbacks immediate', async () => {
    const realImmediate = globalThis.setImmediate;
    paceDawnPolling(30);
    expect(dawnPollingPaced()).toBe(true);
    expect(globalThis.setImmediate).not.toBe(realImmediate);

    const order: string[] = [];
    const nativeTick = Array.prototype.push.bind(order, 'native'); // its source reads "[native code]"
    const t0 = performance.now();
    setImmediate(nativeTick);
    setImmediate(() => order.push('js'));
    await new Promise((r) => realImmediate(r));
    await new Promise((r) => realImmediate(r));
    expect(order).toEqual(['js']);
    await new Promise((r) => setTimeout(r, 60));
    expect(order).toEqual(['js', 'native']);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(29);
  });

  it('is installed once: a second call keeps the first wrapper', () => {
    const wrapper = globalThis.setImmediate;
    paceDawnPolling(1);
    expect(globalThis.setImmediate).toBe(wrapper);
  });

  it('passes arguments through to JavaScript callbacks', async () => {
    const got: unknown[] = [];
    await new Promise<void>((done) => setImmediate((a: number, b: string) => { got.push(a, b); done(); }, 7, 'x'));
    expect(got).toEqual([7, 'x']);
  });
});
