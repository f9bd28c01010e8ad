/**
 * `oncotwin validate FILE...`: checks model and scenario files (told apart by their top-level
 * `model:` / `scenario:` key) and prints every problem as `file:line:col: message` with a hint line.
 */
import { resolve } from 'node:path';
import { formatDiagnostic } from '../../common/errors.js';
import type { CommandContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { styleFor } from '../io.js';

export async function validateCommand(files: string[], quiet: boolean, ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  const paths = files.map((f) => resolve(io.cwd, f));
  const diagnostics = await ctx.engine.validateFiles(paths);
  const style = styleFor(io.stdout, io.env);
  for (const d of diagnostics) io.stdout.write(formatDiagnostic(d) + '\n');
  const bad = new Set(diagnostics.map((d) => resolve(io.cwd, d.file)));
  if (!quiet) {
    for (const p of paths) if (!bad.has(p)) io.stdout.write(`${style.green('ok')} ${p}\n`);
  }
  if (diagnostics.length === 0) return EXIT.ok;
  io.stderr.write(`${diagnostics.length} problem(s) in ${bad.size} file(s)\n`);
  return EXIT.input;
}
