/**
 * Running a sweep on Node: every point's scenario variant is loaded (and so checked) before the
 * first simulation, then each runs on one engine session — variants that differ only in numbers
 * (a dose, a population size) reuse the compiled kernel. With `shards`, each point runs as N shard
 * partials encoded, checked and merged exactly as a cluster's would be.
 */
import { readFile } from 'node:fs/promises';
import { InputError } from '../../common/errors.js';
import type { FileHost } from '../../common/host.js';
import { loadModel } from '../../common/model/load-model.js';
import type { ScenarioResult } from '../../common/scenario-result.js';
import { loadScenario, type Scenario } from '../../common/scenario/index.js';
import { NodeFileHost } from '../../node/node-file-host.js';
import { BUILTIN_MODELS_DIR, engineVersion, gitCommit } from '../../run-scenario.js';
import type { EngineSession, SessionRunOptions } from '../../session.js';
import { checkShardSet } from '../merge-check.js';
import { mergeShards } from '../merge-shards.js';
import { decodePartial, encodePartial } from '../partial-file.js';
import { runShard } from '../run-shard.js';
import { applyOverrides, type Override } from './scenario-variant.js';

/** Loads the variant of the scenario at `path` with `overrides`; loader errors name the --set values. */
export async function loadVariant(path: string, overrides: Override[]): Promise<Scenario> {
  const base = new NodeFileHost();
  const text = applyOverrides(await readFile(path, 'utf8'), overrides);
  const host: FileHost = {
    readText: (p, from) => (p === path ? Promise.resolve(text) : base.readText(p, from)),
    resolve: (from, rel) => base.resolve(from, rel),
  };
  try {
    return await loadScenario(path, host, loadModel, { builtinModelsDir: BUILTIN_MODELS_DIR });
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const where = overrides.map((o) => `${o.pathText}=${o.value}`).join(', ');
    throw new InputError(e.diagnostics.map((d) => ({ ...d, message: `with --set ${where}: ${d.message}` })));
  }
}

/** One point's result: a single run, or `shards` partials merged. */
export async function runPoint(session: EngineSession, scenario: Scenario, opts: SessionRunOptions, shards: number | undefined): Promise<ScenarioResult> {
  if (shards === undefined) return session.run(scenario, opts);
  const loaded = [];
  for (let index = 0; index < shards; index++) {
    const { provenance, partial } = await runShard(session, { engineVersion, gitCommit }, scenario, { index, count: shards }, opts);
    const { header, partial: back } = await decodePartial(await encodePartial(provenance, partial));
    loaded.push({ file: `${scenario.id} shard ${index}/${shards}`, header, partial: back });
  }
  checkShardSet(loaded);
  return mergeShards(scenario, loaded);
}
