/**
 * What a user-given name may be. Names of parameters, covariates, states, outputs, summaries,
 * events and table columns appear in expressions (where mathjs reads `true`, `NaN`, `and` … as
 * constants or operators, so a parameter named `true` would silently be 1) and become keys of
 * result objects (where `__proto__` or `constructor` would vanish or collide with built-ins).
 */

/** An identifier as expressions read it. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Words mathjs parses as constants or operators instead of symbols. */
export const MATHJS_WORDS = ['true', 'false', 'null', 'undefined', 'NaN', 'Infinity', 'and', 'or', 'not', 'xor', 'mod', 'to', 'in'] as const;

/** Names a plain JavaScript object already has (`constructor`, `toString`, `__proto__` …). */
export function isObjectBuiltin(name: string): boolean {
  return name === '__proto__' || name === 'prototype' || name in Object.prototype;
}

/**
 * Why `name` cannot name a symbol that expressions use, or undefined when it can. `reserved` adds
 * the caller's own words (e.g. `t` for time in a model).
 */
export function symbolNameProblem(name: string, reserved: Iterable<string> = []): string | undefined {
  if (!IDENTIFIER.test(name)) return 'names are identifiers: letters, digits and _, not starting with a digit';
  if ((MATHJS_WORDS as readonly string[]).includes(name)) return `'${name}' is a constant or operator in expressions`;
  if ([...reserved].includes(name)) return `'${name}' is reserved`;
  if (isObjectBuiltin(name)) return `'${name}' is reserved (a built-in property name)`;
  return undefined;
}

/**
 * Why `name` cannot name a result (summary, event, regimen, output column), or undefined when it
 * can. `pattern` restricts the characters when the name is also written in expressions or files.
 */
export function resultNameProblem(name: string, pattern?: RegExp): string | undefined {
  if (name.trim() === '') return 'the name is empty';
  if (pattern && !pattern.test(name)) return `use ${pattern === SUMMARY_NAME ? 'letters, digits, _ . and -, starting with a letter or _' : 'a different name'}`;
  if (isObjectBuiltin(name)) return `'${name}' is reserved (a built-in property name)`;
  return undefined;
}

/** Summary and event names: identifiers that may also contain `.` and `-` (e.g. `neutropenia.nadir`). */
export const SUMMARY_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** A short hint listing the words that cannot be names. */
export const RESERVED_HINT = `not one of ${MATHJS_WORDS.join(', ')}, nor a built-in property name such as constructor or __proto__`;
