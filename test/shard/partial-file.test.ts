/**
 * The partial-result file keeps every bit (NaN payloads, -0, subnormals), stores sketches sparsely,
 * and a damaged file is refused with the reason, never read as numbers.
 */
import { gzipSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { PartialResult } from '../../engine/kernel/partial-result.js';
import { decodePartial, encodePartial, PartialFormatError, type ShardProvenance } from '../../engine/shard/partial-file.js';
import { PARTIAL_FORMAT } from '../../engine/shard/partial-header.js';
import { JS_CAPS } from '../../engine/kernel/plan.js';
import { parseShardSpec, partialFileName, shardRange } from '../../engine/shard/shard-spec.js';

const prov: ShardProvenance = {
  format: PARTIAL_FORMAT,
  scenario: { id: 's', path: '/x/s.yaml', sha256: 'a'.repeat(64) },
  models: [{ path: '/x/m.yaml', sha256: 'b'.repeat(64) }],
  modelSha256: 'c'.repeat(64),
  engineVersion: '0.1.0',
  seed: 1, nPatients: 10, trajectories: 1,
  shard: { index: 1, count: 2 },
  structureKey: 'k', caps: JS_CAPS,
  backend: { name: 'cpu', precision: 64, device: 'test' },
  backendNotes: ['backend cpu: requested explicitly'],
  startedAt: new Date(0).toISOString(), durationMs: 1,
  regimenNames: ['A'],
};

function partial(): PartialResult {
  const nan = new Float64Array(1);
  new DataView(nan.buffer).setBigUint64(0, 0x7ff8_0000_dead_beefn, true);
  const sketch = new Uint32Array(5528 * 3);
  sketch[7] = 3; sketch[5528 * 2 + 11] = 4_000_000_000;
  return {
    start: 5, end: 10, notes: ['n1'],
    regimens: [{
      sums: Float64Array.from([nan[0], -0, 5e-324, 1.5, Number.MAX_VALUE]),
      status: Uint32Array.from([0, 10, 0, 2, 99, 1]),
      report: Float64Array.from([1, 2, 3, 4, 5]),
      trajectories: Float64Array.from([0.1, 0.2]),
      trajectoryRows: 0,
      sketch,
    }],
  };
}

describe('partial-result file', () => {
  it('round-trips bit for bit, sketch included', async () => {
    const p = partial();
    const bytes = await encodePartial(prov, p);
    const { header, partial: back } = await decodePartial(bytes);
    expect(header.range).toEqual({ start: 5, end: 10 });
    expect(header.regimens[0].sketchNonZero).toBe(2);
    const r0 = p.regimens[0], r1 = back.regimens[0];
    expect(Buffer.from(r1.sums.buffer).equals(Buffer.from(r0.sums.buffer))).toBe(true);
    expect(r1.status).toEqual(r0.status);
    expect(r1.report).toEqual(r0.report);
    expect(r1.trajectories).toEqual(r0.trajectories);
    expect(r1.sketch).toEqual(r0.sketch);
    expect(back.notes).toEqual(['n1']);
  });

  it('stores a mostly-zero sketch in far fewer bytes than it has', async () => {
    const bytes = await encodePartial(prov, partial());
    expect(bytes.length).toBeLessThan(1000);
  });

  it('refuses damaged files with the reason', async () => {
    const good = gunzipSync(await encodePartial(prov, partial()));
    await expect(decodePartial(Buffer.from('hello'))).rejects.toThrow(/not a gzip stream/);
    await expect(decodePartial(gzipSync(Buffer.from('OTHER123xxxx')))).rejects.toThrow(/signature/);
    await expect(decodePartial(gzipSync(good.subarray(0, good.length - 4)))).rejects.toThrow(PartialFormatError);
    await expect(decodePartial(gzipSync(Buffer.concat([good, Buffer.alloc(8)])))).rejects.toThrow(/bytes after its last buffer/);
    const text = good.toString('latin1').replace('"oncotwin-partial/1"', '"oncotwin-partial/9"');
    await expect(decodePartial(gzipSync(Buffer.from(text, 'latin1')))).rejects.toThrow(/format: .*another oncotwin version/);
  });
});

describe('shard specs and ranges', () => {
  it('parses k/N with k counted from 0 and refuses the rest', () => {
    expect(parseShardSpec('3/4')).toEqual({ index: 3, count: 4 });
    expect(parseShardSpec('4/4')).toMatch(/out of range/);
    expect(parseShardSpec('0/0')).toMatch(/at least 1/);
    expect(parseShardSpec('a/b')).toMatch(/not of the form/);
    expect(parseShardSpec('-1/4')).toMatch(/not of the form/);
  });

  it('ranges tile the population exactly once, also unevenly and with more shards than patients', () => {
    for (const [n, count] of [[1001, 3], [1001, 4], [7, 10], [20000, 8]]) {
      let at = 0;
      for (let index = 0; index < count; index++) {
        const r = shardRange(n, { index, count });
        expect(r.start).toBe(at);
        expect(r.end - r.start).toBeLessThanOrEqual(Math.ceil(n / count));
        at = r.end;
      }
      expect(at).toBe(n);
    }
  });

  it('names files so they sort in shard order', () => {
    const names = Array.from({ length: 12 }, (_, index) => partialFileName({ index, count: 12 }));
    expect([...names].sort()).toEqual(names);
  });
});
