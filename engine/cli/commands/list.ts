/**
 * `oncotwin models` / `oncotwin scenarios`: the built-in files with a one-line description each.
 */
import type { CommandContext } from '../context.js';
import type { CatalogEntry } from '../engine.js';
import { EXIT } from '../exit-codes.js';
import { styleFor } from '../io.js';

export async function listCommand(what: 'models' | 'scenarios', json: boolean, ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  const entries: CatalogEntry[] = what === 'models' ? await ctx.engine.listModels() : await ctx.engine.listScenarios();
  if (json) {
    io.stdout.write(JSON.stringify(entries, null, 2) + '\n');
    return EXIT.ok;
  }
  const style = styleFor(io.stdout, io.env);
  const width = Math.max(0, ...entries.map((e) => e.id.length));
  for (const e of entries) io.stdout.write(`${style.bold(e.id.padEnd(width))}  ${e.title}\n`);
  if (entries.length === 0) io.stderr.write(`no built-in ${what} found\n`);
  return EXIT.ok;
}
