/**
 * The partial-result file: a shard's PartialResult (engine/kernel/partial-result.ts) with its
 * provenance header, gzip-compressed as one stream (node:zlib):
 *
 *   "OTPART1\n" · u32 LE header length · header JSON (UTF-8) · per regimen, in header order:
 *   sums f64[] · status u32[] · report f64[] · trajectories f64[] · sketch indices u32[] · sketch counts u32[]
 *
 * Numbers are little-endian and copied bit for bit (no rounding, NaN payloads kept), so a merged
 * result is the one-machine result. The per-time sketches (outputs × grid × 5528 counts) are mostly
 * zero and are stored as their non-zero (index, count) pairs.
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { PartialRegimen, PartialResult } from '../kernel/partial-result.js';
import { partialHeaderSchema, type PartialHeader } from './partial-header.js';

const MAGIC = 'OTPART1\n';
const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** The header fields a shard supplies; buffer counts are filled in from the partial. */
export type ShardProvenance = Omit<PartialHeader, 'regimens' | 'notes' | 'range'> & { regimenNames: string[] };

/** A partial that does not read: the reason, for an error naming the file. */
export class PartialFormatError extends Error {}

function sparse(sketch: Uint32Array): { index: Uint32Array; count: Uint32Array } {
  let nnz = 0;
  for (let i = 0; i < sketch.length; i++) if (sketch[i] !== 0) nnz++;
  const index = new Uint32Array(nnz), count = new Uint32Array(nnz);
  let k = 0;
  for (let i = 0; i < sketch.length; i++) if (sketch[i] !== 0) { index[k] = i; count[k++] = sketch[i]; }
  return { index, count };
}

const bytesOf = (a: Float64Array | Uint32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Encodes a shard's partial result with its provenance; gzip level 1 (the buffers are mostly doubles). */
export async function encodePartial(prov: ShardProvenance, part: PartialResult): Promise<Buffer> {
  const { regimenNames, ...rest } = prov;
  const sketches = part.regimens.map((r) => sparse(r.sketch));
  const header: PartialHeader = {
    ...rest,
    range: { start: part.start, end: part.end },
    notes: part.notes,
    regimens: part.regimens.map((r, i) => ({
      name: regimenNames[i] ?? `regimen ${i}`,
      sums: r.sums.length, status: r.status.length, report: r.report.length,
      trajectories: r.trajectories.length, trajectoryRows: r.trajectoryRows,
      sketch: r.sketch.length, sketchNonZero: sketches[i].index.length,
    })),
  };
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length);
  const chunks: Uint8Array[] = [Buffer.from(MAGIC, 'latin1'), len, head];
  part.regimens.forEach((r, i) => {
    chunks.push(bytesOf(r.sums), bytesOf(r.status), bytesOf(r.report), bytesOf(r.trajectories), bytesOf(sketches[i].index), bytesOf(sketches[i].count));
  });
  return gzipAsync(Buffer.concat(chunks), { level: 1 });
}

/** Decodes a partial-result file; a file that is not one throws PartialFormatError with the reason. */
export async function decodePartial(file: Uint8Array): Promise<{ header: PartialHeader; partial: PartialResult }> {
  let raw: Buffer;
  try {
    raw = await gunzipAsync(file);
  } catch {
    throw new PartialFormatError('not a gzip stream, so not an oncotwin partial result (written by `oncotwin run --shard k/N`)');
  }
  if (raw.length < 12 || raw.toString('latin1', 0, 8) !== MAGIC) {
    throw new PartialFormatError('does not start with the oncotwin partial-result signature');
  }
  const headLen = raw.readUInt32LE(8);
  if (12 + headLen > raw.length) throw new PartialFormatError('is truncated inside its header');
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8', 12, 12 + headLen));
  } catch {
    throw new PartialFormatError('has a header that is not JSON');
  }
  const parsed = partialHeaderSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PartialFormatError(`has a header this engine does not read (${issue.path.join('.') || 'format'}: ${issue.message}); it may come from another oncotwin version`);
  }
  const header = parsed.data;
  const reader = new BufferReader(raw, 12 + headLen);
  const regimens: PartialRegimen[] = header.regimens.map((r) => {
    const sums = reader.f64(r.sums), status = reader.u32(r.status), report = reader.f64(r.report), trajectories = reader.f64(r.trajectories);
    const index = reader.u32(r.sketchNonZero), count = reader.u32(r.sketchNonZero);
    const sketch = new Uint32Array(r.sketch);
    for (let k = 0; k < index.length; k++) {
      if (index[k] >= sketch.length) throw new PartialFormatError('has a sketch index beyond its sketch (corrupt file)');
      sketch[index[k]] = count[k];
    }
    return { sums, status, report, trajectories, trajectoryRows: r.trajectoryRows, sketch };
  });
  if (reader.offset !== raw.length) throw new PartialFormatError(`has ${raw.length - reader.offset} bytes after its last buffer (corrupt file)`);
  return { header, partial: { start: header.range.start, end: header.range.end, regimens, notes: header.notes } };
}

/** Sequential typed-array reads that copy (the payload after the header is not 8-byte aligned). */
class BufferReader {
  constructor(private readonly raw: Buffer, public offset: number) {}

  private take(bytes: number): ArrayBuffer {
    if (this.offset + bytes > this.raw.length) throw new PartialFormatError('is truncated (a buffer ends past the end of the file)');
    const out = new ArrayBuffer(bytes);
    new Uint8Array(out).set(this.raw.subarray(this.offset, this.offset + bytes));
    this.offset += bytes;
    return out;
  }

  f64(n: number): Float64Array { return new Float64Array(this.take(8 * n)); }
  u32(n: number): Uint32Array { return new Uint32Array(this.take(4 * n)); }
}
