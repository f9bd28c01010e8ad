/**
 * Parser of the kernel language (ast.ts): recursive descent over a small token stream. The kernel's
 * sources are ours (engine/kernel/program/ and the model functions generated from the IR), so an
 * error here is an engine bug: it names the source and line, and stops.
 */
import type { ArrayType, AssignOp, BinaryOp, Expr, FnDecl, Loc, Param, Program, ScalarType, Stmt, Type } from './ast.js';

interface Tok { t: 'id' | 'num' | 'p'; v: string; line: number; col: number }

const PUNCT = ['<<=', '>>=', '->', '++', '--', '+=', '-=', '*=', '/=', '|=', '&=', '==', '!=', '<=', '>=', '&&', '||', '<<', '>>',
  '+', '-', '*', '/', '%', '<', '>', '=', '!', '~', '&', '|', '^', '(', ')', '{', '}', '[', ']', ',', ';', ':'];

function lex(src: string, file: string): Tok[] {
  const out: Tok[] = [];
  let i = 0, line = 1, col = 1;
  const adv = (n: number): void => {
    for (let k = 0; k < n; k++) { if (src[i] === '\n') { line++; col = 1; } else col++; i++; }
  };
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') { adv(1); continue; }
    if (src.startsWith('//', i)) { while (i < src.length && src[i] !== '\n') adv(1); continue; }
    if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw new Error(`${file}:${line}:${col}: unterminated comment`);
      adv(end + 2 - i);
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 64));
    if (id) { out.push({ t: 'id', v: id[0], line, col }); adv(id[0].length); continue; }
    const num = /^(?:\d+\.\d*(?:e[+-]?\d+)?|\d+e[+-]?\d+|\.\d+(?:e[+-]?\d+)?|0x[0-9a-fA-F]+u?|\d+[ui]?)/.exec(src.slice(i, i + 64));
    if (num) { out.push({ t: 'num', v: num[0], line, col }); adv(num[0].length); continue; }
    const p = PUNCT.find((q) => src.startsWith(q, i));
    if (!p) throw new Error(`${file}:${line}:${col}: unexpected character '${c}'`);
    out.push({ t: 'p', v: p, line, col });
    adv(p.length);
  }
  return out;
}

/** Binary operators by precedence, loosest first. */
const LEVELS: BinaryOp[][] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '<=', '>', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];
const SCALARS: ScalarType[] = ['real', 'u32', 'i32', 'bool'];

class Parser {
  private p = 0;
  constructor(private readonly toks: Tok[], private readonly file: string) {}

  private loc(t: Tok | undefined = this.toks[this.p]): Loc {
    return t ? { file: this.file, line: t.line, col: t.col } : { file: this.file, line: 0, col: 0 };
  }
  private fail(msg: string): never {
    const t = this.toks[this.p];
    throw new Error(`${this.file}:${t?.line ?? 'end'}:${t?.col ?? ''}: ${msg}${t ? ` (at '${t.v}')` : ''}`);
  }
  private peek(v: string, ahead = 0): boolean {
    const t = this.toks[this.p + ahead];
    return t !== undefined && t.v === v && (t.t === 'p' || t.t === 'id');
  }
  private eat(v: string): boolean {
    if (!this.peek(v)) return false;
    this.p++;
    return true;
  }
  private expect(v: string): Tok {
    if (!this.peek(v)) this.fail(`expected '${v}'`);
    return this.toks[this.p++];
  }
  private ident(): string {
    const t = this.toks[this.p];
    if (t?.t !== 'id') this.fail('expected a name');
    this.p++;
    return t.v;
  }
  done(): boolean { return this.p >= this.toks.length; }

  type(): Type {
    if (this.eat('array')) {
      this.expect('<');
      const elem = this.type() as ScalarType | ArrayType;
      this.expect(',');
      const t = this.toks[this.p++];
      if (!t || (t.t !== 'num' && t.t !== 'id')) this.fail('expected an array length');
      this.expect('>');
      return { k: 'array', elem, len: t.t === 'num' ? parseInt(t.v, 10) : t.v };
    }
    const n = this.ident();
    if (!(SCALARS as string[]).includes(n)) this.fail(`unknown type '${n}'`);
    return n as ScalarType;
  }

  item(prog: Program): void {
    const loc = this.loc();
    if (this.eat('const')) {
      const name = this.ident();
      this.expect(':');
      const type = this.type();
      if (typeof type !== 'string') this.fail('constants are scalars');
      this.expect('=');
      prog.consts.push({ name, type, value: this.expr(), loc });
      this.expect(';');
    } else if (this.eat('uniform')) {
      const name = this.ident();
      this.expect(':');
      const type = this.type();
      if (typeof type !== 'string') this.fail('uniforms are scalars');
      prog.uniforms.push({ name, type, loc });
      this.expect(';');
    } else if (this.eat('var')) {
      this.expect('<');
      const storage = this.ident();
      if (storage !== 'private' && storage !== 'state') this.fail("storage is 'private' or 'state'");
      this.expect('>');
      const name = this.ident();
      this.expect(':');
      prog.globals.push({ name, type: this.type(), storage, loc });
      this.expect(';');
    } else if (this.eat('extern')) {
      this.expect('fn');
      const { name, params, ret } = this.signature();
      prog.externs.push({ name, params, ret, loc });
      this.expect(';');
    } else if (this.eat('fn')) {
      const { name, params, ret } = this.signature();
      prog.fns.push({ name, params, ret, body: this.block(), loc } satisfies FnDecl);
    } else this.fail('expected a declaration');
  }

  private signature(): { name: string; params: Param[]; ret?: Type } {
    const name = this.ident();
    this.expect('(');
    const params: Param[] = [];
    while (!this.eat(')')) {
      const pn = this.ident();
      this.expect(':');
      params.push({ name: pn, type: this.type() });
      if (!this.peek(')')) this.expect(',');
    }
    return { name, params, ret: this.eat('->') ? this.type() : undefined };
  }

  private block(): Stmt[] {
    this.expect('{');
    const out: Stmt[] = [];
    while (!this.eat('}')) out.push(this.stmt());
    return out;
  }

  private stmt(): Stmt {
    const loc = this.loc();
    if (this.eat('let')) {
      const name = this.ident();
      const type = this.eat(':') ? this.type() : undefined;
      this.expect('=');
      const init = this.expr();
      this.expect(';');
      return { k: 'let', name, type, init, loc };
    }
    if (this.peek('var')) { const s = this.varDecl(); this.expect(';'); return s; }
    if (this.eat('if')) return this.ifRest(loc);
    if (this.eat('unroll')) { this.expect('for'); return this.forRest(loc, true); }
    if (this.eat('for')) return this.forRest(loc, false);
    if (this.eat('while')) {
      this.expect('(');
      const cond = this.expr();
      this.expect(')');
      return { k: 'while', cond, body: this.block(), loc };
    }
    if (this.eat('loop')) return { k: 'loop', body: this.block(), loc };
    if (this.eat('break')) { this.expect(';'); return { k: 'break', loc }; }
    if (this.eat('continue')) { this.expect(';'); return { k: 'continue', loc }; }
    if (this.eat('return')) {
      if (this.eat(';')) return { k: 'return', loc };
      const value = this.expr();
      this.expect(';');
      return { k: 'return', value, loc };
    }
    const s = this.simple();
    this.expect(';');
    return s;
  }

  private varDecl(): Stmt {
    const loc = this.loc();
    this.expect('var');
    const name = this.ident();
    const type = this.eat(':') ? this.type() : undefined;
    const init = this.eat('=') ? this.expr() : undefined;
    if (!type && !init) this.fail('a var needs a type or an initial value');
    return { k: 'var', name, type, init, loc };
  }

  /** Assignment, increment or call statement (no trailing ';'). */
  private simple(): Stmt {
    const loc = this.loc();
    const target = this.expr();
    for (const op of ['=', '+=', '-=', '*=', '/=', '|=', '&='] as AssignOp[]) {
      if (this.eat(op)) return { k: 'assign', target, op, value: this.expr(), loc };
    }
    if (this.eat('++')) return { k: 'incr', target, op: '++', loc };
    if (this.eat('--')) return { k: 'incr', target, op: '--', loc };
    if (target.k !== 'call') this.fail('expected an assignment or a call');
    return { k: 'expr', e: target, loc };
  }

  private ifRest(loc: Loc): Stmt {
    this.expect('(');
    const cond = this.expr();
    this.expect(')');
    const then = this.block();
    if (!this.eat('else')) return { k: 'if', cond, then, loc };
    if (this.peek('if')) {
      const l2 = this.loc();
      this.p++;
      return { k: 'if', cond, then, else: [this.ifRest(l2)], loc };
    }
    return { k: 'if', cond, then, else: this.block(), loc };
  }

  private forRest(loc: Loc, unroll: boolean): Stmt {
    this.expect('(');
    const init = this.peek(';') ? undefined : this.peek('var') ? this.varDecl() : this.simple();
    this.expect(';');
    const cond = this.expr();
    this.expect(';');
    const step = this.simple();
    this.expect(')');
    return { k: 'for', init, cond, step, body: this.block(), unroll, loc };
  }

  expr(level = 0): Expr {
    if (level === LEVELS.length) return this.unary();
    let a = this.expr(level + 1);
    for (;;) {
      const t = this.toks[this.p];
      const op = t?.t === 'p' ? LEVELS[level].find((o) => o === t.v) : undefined;
      if (!op) return a;
      this.p++;
      a = { k: 'binary', op, a, b: this.expr(level + 1), loc: this.loc(t) };
    }
  }

  private unary(): Expr {
    const loc = this.loc();
    for (const op of ['-', '!', '~'] as const) if (this.eat(op)) return { k: 'unary', op, a: this.unary(), loc };
    let e = this.primary();
    while (this.peek('[')) {
      const l = this.loc();
      this.p++;
      const i = this.expr();
      this.expect(']');
      e = { k: 'index', a: e, i, loc: l };
    }
    return e;
  }

  private primary(): Expr {
    const t = this.toks[this.p];
    const loc = this.loc(t);
    if (!t) this.fail('unexpected end of source');
    if (t.t === 'num') { this.p++; return numLit(t.v, loc); }
    if (this.eat('(')) { const e = this.expr(); this.expect(')'); return e; }
    if (t.t !== 'id') this.fail('expected an expression');
    this.p++;
    if (t.v === 'true' || t.v === 'false') return { k: 'bool', v: t.v === 'true', loc };
    if (!this.eat('(')) return { k: 'name', name: t.v, loc };
    const args: Expr[] = [];
    while (!this.eat(')')) { args.push(this.expr()); if (!this.peek(')')) this.expect(','); }
    return { k: 'call', fn: t.v, args, loc };
  }
}

function numLit(v: string, loc: Loc): Expr {
  if (/^0x/.test(v)) return { k: 'lit', v: parseInt(v.replace(/u$/, ''), 16), t: v.endsWith('u') ? 'u32' : 'int', loc };
  if (/[.e]/.test(v)) return { k: 'lit', v: parseFloat(v), t: 'real', loc };
  if (v.endsWith('u')) return { k: 'lit', v: parseInt(v, 10), t: 'u32', loc };
  if (v.endsWith('i')) return { k: 'lit', v: parseInt(v, 10), t: 'i32', loc };
  return { k: 'lit', v: parseInt(v, 10), t: 'int', loc };
}

/** Parses KL sources (name → text) into one program, declarations in source order. */
export function parseProgram(sources: { file: string; text: string }[]): Program {
  const prog: Program = { consts: [], uniforms: [], globals: [], externs: [], fns: [] };
  for (const s of sources) {
    const p = new Parser(lex(s.text, s.file), s.file);
    while (!p.done()) p.item(prog);
  }
  return prog;
}
