/**
 * `oncotwin regress [SCENARIO_OR_DIR...] [--update] [--junit FILE]`: re-runs every scenario that
 * declares `golden:` with the golden's N and seed, compares its summaries within the golden's
 * tolerances (64-bit or 32-bit set, by the precision of the backend that ran), prints what moved and
 * optionally writes JUnit XML. `--update` rewrites the goldens (keeping hand-tuned tolerances).
 */
import type { BackendChoice } from '../../backends/backend.js';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../../common/errors.js';
import { builtinsOf, packageRoot, resolveFileArg } from '../catalog.js';
import type { CommandContext } from '../context.js';
import { describeError } from '../describe-error.js';
import { EXIT, UsageError, type ExitCode } from '../exit-codes.js';
import { compareGolden, formatDiff, GOLDEN_FORMAT, makeGolden, type GoldenFile } from '../golden.js';
import { confinedGoldenPath } from '../golden-path.js';
import { kindProblem } from '../file-kind.js';
import { styleFor } from '../io.js';
import { junitXml, type JunitCase } from '../junit.js';
import { systemReason } from '../output/output-error.js';
import { ensureDir, replaceFile } from '../output/write-file.js';
import { readFileInfo } from '../scenario-info.js';
import { safeSegment } from '../output/confine.js';

export interface RegressFlags {
  update?: boolean;
  junit?: string;
  backend: BackendChoice;
  threads?: number;
  /** Only with --update: the N and seed the new golden records (default: the scenario's own). */
  patients?: number;
  seed?: number;
}

interface Target {
  path: string;
  id: string;
  golden: string;
}

export async function regressCommand(args: string[], flags: RegressFlags, ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  const out = styleFor(io.stdout, io.env);
  if (!flags.update && (flags.patients !== undefined || flags.seed !== undefined)) {
    throw new UsageError('--patients and --seed only apply with --update (a check re-runs with the golden\'s own N and seed)', 'drop them, or add --update to make new goldens');
  }
  const junit = flags.junit === undefined ? undefined : resolve(io.cwd, flags.junit);
  // The report's directory must exist before the runs, so a mistyped path fails now, not at the end.
  if (junit) await ensureDir(dirname(junit));
  const targets = await findTargets(args, ctx);
  if (targets.length === 0) {
    throw new UsageError('no scenario with a `golden:` entry found', 'add `golden: golden/<id>.json` to a scenario and run `oncotwin regress --update`');
  }
  const cases: JunitCase[] = [];
  let mismatch = false;
  let errorCode: ExitCode = EXIT.ok;
  for (const t of targets) {
    const started = Date.now();
    const c: JunitCase = { name: t.id, classname: 'oncotwin.regress', timeSeconds: 0 };
    try {
      const lines = await checkOne(t, flags, ctx);
      if (lines.failed.length > 0) {
        c.failure = { message: `${lines.failed.length} field(s) outside tolerance`, body: lines.failed.join('\n') };
        mismatch = true;
        io.stdout.write(`${out.red('FAIL')} ${t.id}  (${lines.failed.length} field(s) outside tolerance, golden ${t.golden})\n`);
        for (const l of lines.failed) io.stdout.write(`  ${l}\n`);
      } else {
        io.stdout.write(`${out.green(flags.update ? 'UPDATED' : 'ok')}   ${t.id}${lines.note ? out.dim(`  ${lines.note}`) : ''}\n`);
      }
    } catch (e) {
      const d = describeError(e, io.env.ONCOTWIN_DEBUG === '1');
      if (d.code === EXIT.cancelled) throw e;
      c.error = { message: d.summary, body: d.text };
      errorCode = Math.max(errorCode, d.code) as ExitCode;
      io.stdout.write(`${out.red('ERROR')} ${t.id}\n`);
      io.stderr.write(d.text);
    }
    c.timeSeconds = (Date.now() - started) / 1000;
    cases.push(c);
  }
  if (junit) await replaceFile(junit, [junitXml('oncotwin regress', cases, new Date().toISOString())]);
  const failed = cases.filter((c) => c.failure).length;
  const errors = cases.filter((c) => c.error).length;
  io.stdout.write(`\n${cases.length} scenario(s): ${cases.length - failed - errors} passed, ${failed} failed, ${errors} errored\n`);
  // Errors (2, 3) outrank mismatches (1): a scenario that cannot run says more than one that moved.
  return errorCode !== EXIT.ok ? errorCode : mismatch ? EXIT.mismatch : EXIT.ok;
}

async function checkOne(t: Target, flags: RegressFlags, ctx: CommandContext): Promise<{ failed: string[]; note?: string }> {
  const previous = existsSync(t.golden) ? await readGolden(t.golden) : undefined;
  if (!previous && !flags.update) {
    throw new UsageError(`golden file ${t.golden} does not exist`, `create it with \`oncotwin regress --update ${t.path}\``);
  }
  const opts = {
    backend: flags.backend,
    signal: ctx.signal,
    ...(flags.threads !== undefined ? { threads: flags.threads } : {}),
    ...(flags.update
      ? { ...(flags.patients !== undefined ? { nPatients: flags.patients } : {}), ...(flags.seed !== undefined ? { seed: flags.seed } : {}) }
      : { nPatients: previous!.run.nPatients, seed: previous!.run.seed }),
  };
  const result = await ctx.engine.runScenario(t.path, opts);
  if (flags.update) {
    const golden = makeGolden(result, previous);
    await ensureDir(dirname(t.golden));
    await replaceFile(t.golden, [JSON.stringify(golden, null, 2) + '\n'], ctx.signal);
    return { failed: [], note: `wrote ${t.golden} (N = ${golden.run.nPatients}, seed ${golden.run.seed}, ${result.provenance.backend})` };
  }
  const diffs = compareGolden(previous!, result);
  const moved = diffs.filter((d) => d.ok).length;
  return {
    failed: diffs.filter((d) => !d.ok).map(formatDiff),
    note: `${result.provenance.precision}-bit ${result.provenance.backend}${moved ? `, ${moved} field(s) moved within tolerance` : ', identical'}`,
  };
}

/** Reads and checks a golden file; a broken one is an input error at its position. */
export async function readGolden(path: string): Promise<GoldenFile> {
  const text = await readFile(path, 'utf8').catch((e: unknown) => {
    throw InputError.at(path, 1, 1, `cannot read the golden file: ${systemReason(e)}`, 'fix its path or permissions, or regenerate it with `oncotwin regress --update`');
  });
  let doc: GoldenFile;
  try {
    doc = JSON.parse(text) as GoldenFile;
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const offset = m ? Number(m[1]) : 0;
    const before = text.slice(0, offset).split('\n');
    throw InputError.at(path, before.length, before[before.length - 1].length + 1, `golden file is not valid JSON: ${(e as Error).message}`, 'regenerate it with `oncotwin regress --update`');
  }
  if (doc?.format !== GOLDEN_FORMAT || typeof doc.run?.nPatients !== 'number' || !doc.tolerances?.precision64 || !doc.tolerances?.precision32 || typeof doc.regimens !== 'object') {
    throw InputError.at(path, 1, 1, `not an ${GOLDEN_FORMAT} golden file (format, run, tolerances.precision64/32 and regimens are required)`, 'regenerate it with `oncotwin regress --update`');
  }
  return doc;
}

async function findTargets(args: string[], ctx: CommandContext): Promise<Target[]> {
  const { io } = ctx;
  const roots = args.length > 0 ? args : [existsSync(resolve(io.cwd, 'scenarios')) ? resolve(io.cwd, 'scenarios') : join(packageRoot(), 'scenarios')];
  const targets: Target[] = [];
  for (const arg of roots) {
    const abs = resolve(io.cwd, arg);
    const isDir = await stat(abs).then((s) => s.isDirectory(), () => false);
    const files = isDir
      ? (await readdir(abs)).filter((n) => /\.ya?ml$/.test(n)).sort().map((n) => join(abs, n))
      : [await resolveFileArg(arg, io.cwd, builtinsOf(ctx.engine), 'scenario')];
    for (const file of files) {
      const info = await readFileInfo(file);
      const wrongKind = isDir ? undefined : kindProblem(info, file, 'scenario');
      if (wrongKind && info.kind !== 'unknown') throw new InputError([wrongKind]);
      if (info.kind !== 'scenario') continue;
      if (!info.golden) {
        if (!isDir) throw new UsageError(`${file} declares no golden file`, `add \`golden: golden/${safeSegment(info.id)}.json\` to it, then run \`oncotwin regress --update ${arg}\``);
        continue;
      }
      targets.push({ path: file, id: info.id, golden: confinedGoldenPath(file, info.golden) });
    }
  }
  return targets;
}
