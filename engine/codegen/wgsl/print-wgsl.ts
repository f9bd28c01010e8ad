/**
 * Kernel program → WGSL (the WebGPU target). The kernel language is shaped like WGSL, so this
 * printer mostly spells types and literals (real → f32), uniforms (`P.<name>`) and externs; and it
 * generates the parking of `var<state>` globals (save_state / load_state), which is what makes the
 * kernel resumable across dispatches.
 */
import type { Expr, ExternPrinter, FnDecl, Program, Stmt, Type } from '../../kernel/lang/ast.js';
import { checkProgram, type CheckedProgram } from '../../kernel/lang/check.js';

/** A finite f32 literal (NaN and infinities come from the runtime: WGSL cannot spell them). */
export function wgslReal(v: number): string {
  if (Number.isNaN(v)) return 'f32_nan()';
  if (!Number.isFinite(v) || Math.abs(v) > 3.4028234663852886e38) return v > 0 ? 'f32_inf()' : '(-f32_inf())';
  if (v !== 0 && Math.abs(v) < 1.1754943508222875e-38) return '0.0f';
  const s = String(Math.abs(v));
  const lit = /[.e]/.test(s) ? `${s}f` : `${s}.0f`;
  return v < 0 ? `(-${lit})` : lit;
}

export function wgslType(t: Type): string {
  if (typeof t === 'string') return t === 'real' ? 'f32' : t;
  return `array<${wgslType(t.elem)}, ${t.len}>`;
}

/** Words a value of type t takes in the parked state. */
function words(t: Type): number {
  return typeof t === 'string' ? 1 : (t.len as number) * words(t.elem);
}

export interface WgslPrinted {
  /** Globals and functions. */
  code: string;
  /** save_state(b) / load_state(b) over every var<state> global, and the offset of `st_done`. */
  parking: string;
  /** Parked words per patient (after word 0, the "parked" flag). */
  stateWords: number;
  doneWord: number;
}

class WgslPrinter {
  private readonly c: CheckedProgram;
  private readonly uniforms: Set<string>;

  constructor(prog: Program, private readonly externs: Record<string, ExternPrinter>) {
    this.c = checkProgram(prog);
    this.uniforms = new Set(prog.uniforms.map((u) => u.name));
  }

  print(): WgslPrinted {
    return { code: this.functions(), ...this.parking() };
  }

  functions(): string {
    const globals = this.c.prog.globals.map((g) => `var<private> ${g.name}: ${wgslType(g.type)};`);
    const fns = this.c.prog.fns.map((f) => this.fn(f));
    return [...globals, ...fns].join('\n');
  }

  private fn(f: FnDecl): string {
    const params = f.params.map((p) => `${p.name}: ${wgslType(p.type)}`).join(', ');
    return `fn ${f.name}(${params})${f.ret ? ` -> ${wgslType(f.ret)}` : ''} {\n${this.stmts(f.body, '  ')}\n}`;
  }

  private stmts(list: Stmt[], ind: string): string {
    return list.map((s) => this.stmt(s, ind)).join('\n');
  }

  private stmt(s: Stmt, ind: string): string {
    const inner = (b: Stmt[]): string => this.stmts(b, `${ind}  `);
    switch (s.k) {
      case 'let': return `${ind}let ${s.name}${s.type ? `: ${wgslType(s.type)}` : ''} = ${this.expr(s.init)};`;
      // A var without a value gets its zero value written out: SwiftShader was seen not to re-zero a
      // var declared inside a loop body on later iterations.
      case 'var': return `${ind}var ${s.name}${s.type ? `: ${wgslType(s.type)}` : ''} = ${s.init ? this.expr(s.init) : `${wgslType(s.type!)}()`};`;
      case 'assign': return `${ind}${this.expr(s.target)} ${s.op} ${this.expr(s.value)};`;
      case 'incr': return `${ind}${this.expr(s.target)}${s.op};`;
      case 'expr': return `${ind}${this.expr(s.e)};`;
      case 'if':
        if (s.cond.k === 'bool' && s.cond.v) return `${ind}{\n${inner(s.then)}\n${ind}}`;
        return `${ind}if (${this.expr(s.cond)}) {\n${inner(s.then)}\n${ind}}${s.else ? ` else {\n${inner(s.else)}\n${ind}}` : ''}`;
      case 'while': return `${ind}while (${this.expr(s.cond)}) {\n${inner(s.body)}\n${ind}}`;
      case 'loop': return `${ind}loop {\n${inner(s.body)}\n${ind}}`;
      case 'for': {
        const init = s.init ? this.stmt(s.init, '').replace(/;$/, '') : '';
        const step = this.stmt(s.step, '').replace(/;$/, '');
        return `${ind}for (${init}; ${this.expr(s.cond)}; ${step}) {\n${inner(s.body)}\n${ind}}`;
      }
      case 'break': return `${ind}break;`;
      case 'continue': return `${ind}continue;`;
      case 'return': return `${ind}return${s.value ? ` ${this.expr(s.value)}` : ''};`;
    }
  }

  private expr(e: Expr): string {
    switch (e.k) {
      case 'lit': {
        const t = this.c.types.get(e);
        if (t === 'real') return wgslReal(e.v);
        return t === 'i32' ? `${e.v < 0 ? `(${e.v}i)` : `${e.v}i`}` : `${e.v}u`;
      }
      case 'bool': return e.v ? 'true' : 'false';
      // Locals never shadow uniforms (lang/check.ts), so a uniform's name is always the uniform.
      case 'name': return this.uniforms.has(e.name) ? `P.${e.name}` : e.name;
      case 'index': return `${this.expr(e.a)}[${this.expr(e.i)}]`;
      case 'unary': return `(${e.op}${this.expr(e.a)})`;
      case 'binary': return `(${this.expr(e.a)} ${e.op} ${this.expr(e.b)})`;
      case 'call': {
        const args = e.args.map((a) => this.expr(a));
        const ext = this.externs[e.fn];
        if (ext) return ext(args);
        return `${e.fn === 'real' ? 'f32' : e.fn}(${args.join(', ')})`;
      }
    }
  }

  private parking(): Omit<WgslPrinted, 'code'> {
    const save: string[] = [], load: string[] = [];
    let w = 1;
    let doneWord = -1;
    for (const g of this.c.prog.globals) {
      if (g.storage !== 'state') continue;
      if (g.name === 'st_done') doneWord = w;
      const n = words(g.type);
      const elems = typeof g.type === 'string' ? [{ path: g.name, t: g.type }] : elements(g.name, g.type);
      // Constant indices keep parked arrays in registers (a dynamic index keeps an array in memory).
      if (n <= 256) {
        elems.forEach((el, k) => {
          save.push(`pstate[b + ${w + k}u] = ${toWord(el.path, el.t)};`);
          load.push(`${el.path} = ${fromWord(`pstate[b + ${w + k}u]`, el.t)};`);
        });
      } else {
        // Long arrays as loops: unrolled copies would dominate compile time.
        const at = typeof g.type !== 'string' && typeof g.type.elem !== 'string'
          ? `${g.name}[k / ${words(g.type.elem)}u][k % ${words(g.type.elem)}u]` : `${g.name}[k]`;
        let el: Type = g.type;
        while (typeof el !== 'string') el = el.elem;
        save.push(`for (var k = 0u; k < ${n}u; k++) { pstate[b + ${w}u + k] = ${toWord(at, el)}; }`);
        load.push(`for (var k = 0u; k < ${n}u; k++) { ${at} = ${fromWord(`pstate[b + ${w}u + k]`, el)}; }`);
      }
      w += n;
    }
    if (doneWord < 0) throw new Error('wgsl printer: the program has no parked st_done');
    return {
      parking: `fn save_state(b: u32) {\n  ${save.join('\n  ')}\n}\nfn load_state(b: u32) {\n  ${load.join('\n  ')}\n}`,
      stateWords: w,
      doneWord,
    };
  }
}

/** Every scalar element of an array global, with constant indices (arrays stay in registers). */
function elements(name: string, t: Type): { path: string; t: string }[] {
  if (typeof t === 'string') return [{ path: name, t }];
  const out: { path: string; t: string }[] = [];
  for (let i = 0; i < (t.len as number); i++) out.push(...elements(`${name}[${i}]`, t.elem));
  return out;
}

function toWord(v: string, t: string): string {
  if (t === 'u32') return v;
  if (t === 'bool') return `select(0u, 1u, ${v})`;
  return `bitcast<u32>(${v})`;
}

function fromWord(w: string, t: string): string {
  if (t === 'u32') return w;
  if (t === 'bool') return `(${w} != 0u)`;
  return t === 'i32' ? `bitcast<i32>(${w})` : `bitcast<f32>(${w})`;
}

/** Prints a specialised program as WGSL globals, functions and parking. */
export function printWgsl(prog: Program, externs: Record<string, ExternPrinter>): WgslPrinted {
  return new WgslPrinter(prog, externs).print();
}

/** Prints a program that has no parked state (a helper module's functions), externs unmapped. */
export function printWgslFunctions(prog: Program, externs: Record<string, ExternPrinter> = {}): string {
  const p = new WgslPrinter(prog, externs);
  return p.functions();
}
