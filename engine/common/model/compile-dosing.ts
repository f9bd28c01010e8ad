/**
 * A model file's dosing targets (a state with bioavailability and lag, or a module's target) and
 * its `bind:` of module inputs.
 */
import { closest } from '../errors.js';
import { ir, type DoseTargetIR, type Expr } from '../ir.js';
import { symbolNameProblem } from '../expr/names.js';
import { DIMENSIONLESS, dimEqual, dimOf, formatDim } from '../units/dimension.js';
import { internalScale, parseUnit } from '../units/parse-unit.js';
import { NAME_HINT, RESERVED, TIME, type ExprTools, type FileScope } from './file-scope.js';
import type { ModelFile } from './schema.js';

type DosingSpec = NonNullable<ModelFile['dosing']>[string];

/** Compiles `dosing:`; returns the file's targets by written name (also pushed to `ctx.doseTargets`). */
export function compileDosing(fs: FileScope, tools: ExprTools, children: Map<string, { targets: Map<string, DoseTargetIR> }>): Map<string, DoseTargetIR> {
  const { ctx, f, m, pfx } = fs;
  const targets = new Map<string, DoseTargetIR>();
  for (const [name, d] of Object.entries(m.dosing ?? {})) {
    const problem = symbolNameProblem(name, RESERVED);
    if (problem) {
      ctx.diags.push({ ...f.keyPos(['dosing', name]), message: `'${name}' cannot be used as a dosing target name: ${problem}`, hint: NAME_HINT });
      continue;
    }
    const target = d.module !== undefined || d.target !== undefined ? moduleTarget(fs, name, d, children) : stateTarget(fs, tools, name, d);
    if (!target) continue;
    const named = { ...target, name: `${pfx}${name}` };
    targets.set(name, named);
    ctx.doseTargets.push(named);
  }
  return targets;
}

/** A target re-exported from a module (which has its own bioavailability and lag). */
function moduleTarget(fs: FileScope, name: string, d: DosingSpec, children: Map<string, { targets: Map<string, DoseTargetIR> }>): DoseTargetIR | undefined {
  const { ctx, f } = fs;
  const path = ['dosing', name];
  if (d.state !== undefined || d.bioavailability !== undefined || d.lag !== undefined) {
    ctx.diags.push({ ...f.keyPos(path), message: `dosing ${name}: give either state (with bioavailability/lag) or module + target`, hint: 'a module target already has its own bioavailability and lag' });
    return undefined;
  }
  const child = d.module === undefined ? undefined : children.get(d.module);
  if (!child) {
    const guess = closest(String(d.module ?? ''), children.keys());
    ctx.diags.push({ ...(d.module === undefined ? f.keyPos(path) : f.valuePos([...path, 'module'])), message: `dosing ${name}: unknown module '${d.module ?? ''}'`, hint: guess ? `did you mean '${guess}'?` : 'name a module listed under modules' });
    return undefined;
  }
  const t = d.target === undefined ? undefined : child.targets.get(d.target);
  if (!t) {
    const guess = closest(String(d.target ?? ''), child.targets.keys());
    ctx.diags.push({ ...(d.target === undefined ? f.keyPos(path) : f.valuePos([...path, 'target'])), message: `dosing ${name}: module ${d.module} has no dosing target '${d.target ?? ''}'`, hint: guess ? `did you mean '${guess}'?` : `targets: ${[...child.targets.keys()].join(', ') || 'none'}` });
    return undefined;
  }
  return t;
}

/** A target on one of the file's amount states. */
function stateTarget(fs: FileScope, tools: ExprTools, name: string, d: DosingSpec): DoseTargetIR | undefined {
  const { ctx, f, symbols } = fs;
  const path = ['dosing', name];
  const s = d.state === undefined ? undefined : symbols.get(d.state);
  if (!s || s.kind !== 'state') {
    const states = [...symbols].filter(([, x]) => x.kind === 'state').map(([n]) => n);
    const guess = closest(String(d.state ?? ''), states);
    ctx.diags.push({ ...(d.state === undefined ? f.keyPos(path) : f.valuePos([...path, 'state'])), message: `dosing ${name}: '${d.state ?? ''}' is not a state`, hint: guess ? `did you mean '${guess}'?` : 'add state: <name of the amount state receiving the dose>' });
    return undefined;
  }
  const sd = ctx.dims.get(s.ref);
  if (sd && !dimEqual(sd, dimOf({ mass: 1 })) && !dimEqual(sd, dimOf({ amount: 1 }))) {
    ctx.diags.push({ ...f.valuePos([...path, 'state']), message: `dosing ${name}: state ${d.state} has unit ${formatDim(sd, ctx.timeUnit)}, but doses add an amount (mass, e.g. mg, or substance, e.g. umol)`,
      hint: 'dose into an amount state and derive the concentration from it (C = A / V)' });
    return undefined;
  }
  let bio: Expr | undefined = ir.num(1);
  if (d.bioavailability !== undefined) {
    bio = tools.parse([...path, 'bioavailability'], tools.constant);
    tools.checkDim(bio, [...path, 'bioavailability'], DIMENSIONLESS, `bioavailability of ${name}`, 'bioavailability is a fraction (dimensionless)');
  }
  let lag: Expr | undefined = ir.num(0);
  // A plain number is a time in the file's time_unit; an expression carries its own units.
  if (typeof d.lag === 'number') lag = ir.num(d.lag * internalScale(parseUnit(fs.fileTime), ctx.timeUnit));
  else if (d.lag !== undefined) {
    lag = tools.parse([...path, 'lag'], tools.constant);
    tools.checkDim(lag, [...path, 'lag'], TIME, `lag of ${name}`, 'a lag is a time: use a parameter with a time unit');
  }
  if (!bio || !lag) return undefined;
  return { name, state: s.ref, bioavailability: bio, lag };
}

/** `bind:` sets a module's input from an expression of this file (it becomes a derived quantity). */
export function compileBindings(fs: FileScope, tools: ExprTools): void {
  const { ctx, f, m, symbols } = fs;
  for (const key of Object.keys(m.bind ?? {})) {
    const s = symbols.get(key);
    if (!s || s.kind !== 'input' || !key.includes('.')) {
      const inputs = [...symbols].filter(([n, x]) => x.kind === 'input' && n.includes('.')).map(([n]) => n);
      const guess = closest(key, inputs);
      ctx.diags.push({ ...f.keyPos(['bind', key]), message: `bind: '${key}' is not an input of a module`, hint: guess ? `did you mean '${guess}'?` : `module inputs: ${inputs.join(', ') || 'none'}` });
      continue;
    }
    const info = ctx.inputs.get(s.ref);
    const e = tools.parse(['bind', key], tools.full);
    if (!e || !info) continue;
    tools.checkDim(e, ['bind', key], info.dim, `bind ${key}`, `the input is in ${info.unit}; any unit of the same dimension is converted automatically`);
    info.bound = true;
    ctx.derived.set(s.ref, { name: s.ref, expr: e, pos: f.keyPos(['bind', key]) });
  }
}
