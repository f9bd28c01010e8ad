/**
 * `oncotwin validate FILE...`: checks model and scenario files (told apart by their top-level keys;
 * paths or built-in ids, resolved as `run` resolves them) and prints every problem as
 * `file:line:col: message` with a hint line. A scenario is valid only when its model is too.
 */
import { resolve } from 'node:path';
import { formatDiagnostic } from '../../common/errors.js';
import { builtinsOf, resolveFileArg } from '../catalog.js';
import type { CommandContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { styleFor } from '../io.js';

export async function validateCommand(files: string[], quiet: boolean, ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  const style = styleFor(io.stdout, io.env);
  const printed = new Set<string>();
  let problems = 0;
  let badFiles = 0;
  for (const arg of files) {
    // An argument that names nothing is checked as a path, so it is reported like any missing file.
    const path = await resolveFileArg(arg, io.cwd, builtinsOf(ctx.engine), 'model-or-scenario').catch(() => resolve(io.cwd, arg));
    const diagnostics = await ctx.engine.validateFile(path);
    if (diagnostics.length === 0) {
      if (!quiet) io.stdout.write(`${style.green('ok')} ${path}\n`);
      continue;
    }
    badFiles++;
    // Two scenarios sharing a broken model: its problems are printed once.
    const fresh = diagnostics.map(formatDiagnostic).filter((text) => !printed.has(text));
    for (const text of fresh) {
      printed.add(text);
      io.stdout.write(text + '\n');
    }
    problems += fresh.length;
    const elsewhere = diagnostics.every((d) => d.file !== path);
    if (elsewhere) io.stdout.write(`${style.red('not ok')} ${path}: the files it uses have the problems above\n`);
  }
  if (badFiles === 0) return EXIT.ok;
  io.stderr.write(`${problems} problem(s); ${badFiles} of ${files.length} file(s) not valid\n`);
  return EXIT.input;
}
