/**
 * The CPU targets' own exp and log in WebAssembly, written out as the kernel module writes them
 * (engine/codegen/wasm/wasm-libm.ts), against the host's Math.exp and Math.log imported the way the
 * module imports them. Two loops per function, 2·10⁷ iterations, best of 3 rounds:
 * - latency: x ← f(x)·(−0.5) + 1.7, each call waiting for the one before (a right-hand side's
 *   powers are such chains: exp(b·ln a), nested in the Simeoni term);
 * - throughput: Σ f(x₀ + i·10⁻⁷), independent calls.
 * Both loops add a multiply and an add (≈ 2.5 ns of latency on this VM) to every figure alike.
 * Usage: npx tsx bench/libm.ts
 */
import { BLOCK_VOID, Bytes, encodeModule, OP, type Func, type ValType } from '../engine/codegen/wasm/wasm-encoder.js';
import { StaticLayout } from '../engine/codegen/wasm/wasm-layout.js';
import { EXP_SCRATCH, LOG_SCRATCH, emitExp, emitLog, wasmLibm, type LibmSite } from '../engine/codegen/wasm/wasm-libm.js';

/** Emits f of the f64 on the stack; `local` makes a scratch local of the enclosing function. */
type Emit = (b: Bytes, local: (t: ValType) => number) => void;

const HOST = ['exp', 'log'] as const;
const layout = new StaticLayout();
const libm = wasmLibm(layout, (name) => HOST.indexOf(name));
const scratch = (types: Record<string, ValType>, local: (t: ValType) => number): Record<string, number> =>
  Object.fromEntries(Object.entries(types).map(([k, t]) => [k, local(t)]));
const site: LibmSite = libm.site;

const variants: Record<string, Emit> = {
  'exp (host, imported)': (b) => { b.u8(OP.call).uleb(HOST.indexOf('exp')); },
  'exp (own, written out)': (b, local) => emitExp(b, site, scratch(EXP_SCRATCH, local)),
  'log (host, imported)': (b) => { b.u8(OP.call).uleb(HOST.indexOf('log')); },
  'log (own, written out)': (b, local) => emitLog(b, site, scratch(LOG_SCRATCH, local)),
};

// Parameters: n (i32) 0, x (f64) 1; locals: i 2 (i32), acc 3 (f64), then the variant's scratch.
function loop(emit: Emit, chained: boolean): Func {
  const locals: ValType[] = ['i32', 'f64'];
  const local = (t: ValType): number => 2 + locals.push(t) - 1;
  const b = new Bytes();
  const get = (i: number): Bytes => b.u8(OP.local_get).uleb(i);
  b.u8(OP.block, BLOCK_VOID, OP.loop, BLOCK_VOID);
  get(2); get(0); b.u8(OP.i32_ge_s, OP.br_if, 1);
  if (chained) {
    get(1); emit(b, local);
    b.u8(OP.f64_const).f64(-0.5).u8(OP.f64_mul, OP.f64_const).f64(1.7).u8(OP.f64_add, OP.local_set).uleb(1);
  } else {
    get(2); b.u8(OP.f64_convert_i32_s, OP.f64_const).f64(1e-7).u8(OP.f64_mul); get(1); b.u8(OP.f64_add);
    emit(b, local);
    get(3); b.u8(OP.f64_add, OP.local_set).uleb(3);
  }
  get(2); b.u8(OP.i32_const, 1, OP.i32_add, OP.local_set).uleb(2).u8(OP.br, 0, OP.end, OP.end);
  get(chained ? 1 : 3);
  return { params: ['i32', 'f64'], results: ['f64'], locals, body: b.b };
}

const names = Object.keys(variants);
const funcs = names.flatMap((n, k) => [
  { ...loop(variants[n], true), exportAs: `lat${k}` },
  { ...loop(variants[n], false), exportAs: `tput${k}` },
]);
const pages = Math.ceil(layout.end / 65536) + 1;
const bytes = encodeModule({
  imports: HOST.map((name) => ({ module: 'Math', name, params: ['f64'], results: ['f64'] })),
  memory: { minPages: pages }, globals: [], funcs, data: libm.data,
});
const memory = new WebAssembly.Memory({ initial: pages });
const { instance } = await WebAssembly.instantiate(bytes, { Math: { exp: Math.exp, log: Math.log }, env: { memory } });
const ex = instance.exports as Record<string, (n: number, x: number) => number>;

const N = 2e7;
const best = names.map(() => ({ lat: Infinity, tput: Infinity }));
for (let round = 0; round < 3; round++) {
  names.forEach((_, k) => {
    for (const mode of ['lat', 'tput'] as const) {
      const t0 = performance.now();
      ex[`${mode}${k}`](N, 0.3);
      best[k][mode] = Math.min(best[k][mode], ((performance.now() - t0) * 1e6) / N);
    }
  });
}
console.log('ns per call (best of 3 rounds of 2e7), WebAssembly in Node ' + process.version);
console.log('function'.padEnd(26) + 'latency'.padStart(10) + 'throughput'.padStart(12));
names.forEach((n, k) => console.log(n.padEnd(26) + best[k].lat.toFixed(2).padStart(10) + best[k].tput.toFixed(2).padStart(12)));
