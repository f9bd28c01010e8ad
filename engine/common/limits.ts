/**
 * Size limits on user input, so a hostile or mistaken file is rejected with a clear message instead
 * of exhausting memory or time (docs/FORMATS.md "Limits"). The largest built-in model or scenario
 * is about 5 KiB; these limits leave ample room for real files.
 */

/** Largest model or scenario file, in characters. */
export const MAX_YAML_BYTES = 256 * 1024;

/**
 * Most nodes one alias may expand to (the yaml package's `maxAliasCount`): aliases may share a
 * block, but nested aliases cannot multiply into millions of nodes.
 */
export const MAX_ALIAS_EXPANSION = 100;

/** Largest patient table (CSV), in characters: about 10 million short rows. */
export const MAX_TABLE_BYTES = 256 * 1024 * 1024;

/** Longest list anywhere in a scenario (explicit dose or grid times, levels, reductions …). */
export const MAX_LIST_ITEMS = 100_000;
