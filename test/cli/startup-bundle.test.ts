/**
 * What the bundle (dist/oncotwin.mjs, the path users start) loads before a command needs it, read
 * from esbuild's metafile of the same build options `npm run build` uses — not from timings
 * (those are in docs/BENCHMARKS.md, "Start-up").
 */
import { build, type Metafile } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleOptions } from '../../engine/cli/build-bundle.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
let meta: Metafile;

beforeAll(async () => {
  meta = (await build({ ...bundleOptions(root), write: false, logLevel: 'silent', sourcemap: false })).metafile;
}, 120_000);

/** The outputs an output loads before it runs (static imports, transitively) and their inputs. */
function staticLoad(output: string): { outputs: Set<string>; inputs: string[]; external: string[] } {
  const outputs = new Set<string>();
  const external: string[] = [];
  const visit = (o: string): void => {
    if (outputs.has(o)) return;
    outputs.add(o);
    for (const i of meta.outputs[o].imports) {
      if (i.kind !== 'import-statement') continue;
      if (i.external) external.push(i.path);
      else visit(i.path);
    }
  };
  visit(output);
  return { outputs, inputs: [...outputs].flatMap((o) => Object.keys(meta.outputs[o].inputs)), external };
}

const outputOf = (input: string): string => {
  const hit = Object.entries(meta.outputs).find(([, o]) => Object.keys(o.inputs).some((i) => i.endsWith(input)));
  if (!hit) throw new Error(`no output holds ${input}`);
  return hit[0];
};
const packageOf = (input: string): string | undefined => /node_modules\/((@[^/]+\/)?[^/]+)/.exec(input)?.[1];

describe('the bundle loads what a command needs, when it needs it', () => {
  it('--help, --version and argument errors load commander and the CLI shell only', () => {
    const entry = Object.keys(meta.outputs).find((o) => o.endsWith('dist/oncotwin.mjs'))!;
    const { inputs, external } = staticLoad(entry);
    expect([...new Set(inputs.map(packageOf).filter(Boolean))]).toEqual(['commander']);
    // backend.ts: the backend names `--backend` accepts (a constant and types, no runtime imports).
    expect(inputs.filter((i) => !packageOf(i) && !/engine\/cli\/|engine\/common\/errors\.ts|engine\/backends\/backend\.ts/.test(i))).toEqual([]);
    expect(external.filter((e) => !e.startsWith('node:'))).toEqual([]);
  });

  it('validate loads the loaders (yaml, zod, the mathjs parse and unit factories), not the backends, code generators or GPU bindings', () => {
    const { inputs, external } = staticLoad(outputOf('engine/cli/engine-wiring.ts'));
    const validate = staticLoad(outputOf('engine/cli/commands/validate.ts'));
    const all = [...inputs, ...validate.inputs];
    expect(all.filter((i) => /engine\/(backends|codegen|kernel|node\/(worker|webgpu|node-cpu))|run-scenario/.test(i))).toEqual([]);
    expect([...external, ...validate.external].filter((e) => !e.startsWith('node:'))).toEqual([]);
    // mathjs's own `all` set (hundreds of functions) stays out: e.g. its statistics, probability and algebra functions.
    expect(all.filter((i) => /mathjs\/.*function\/(statistics|probability|algebra)\//.test(i))).toEqual([]);
    // zod's translations of its messages stay out (English is the default it keeps).
    expect(all.filter((i) => /zod\/.*locales\/(?!en\.)/.test(i))).toEqual([]);
  });
});
