/**
 * deploy/k8s/: the manifests satisfy the batch/v1 Job (and PVC) schema facts they rely on, the
 * Indexed Job turns its completion index into `--shard k/N` with N = completions, and the exact
 * command lines of the shard and merge containers, run through our CLI (paths of the shared volume
 * mapped to a temporary directory), produce the one-machine result.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cli, expectSameRun, FIXTURE, ROOT, tempDir } from './harness.js';
import { COMPLETION_INDEX_PATH, expandArgs, jobSchema, pvcSchema, type Job } from './k8s-schema.js';

const manifest = (name: string): unknown => parse(readFileSync(join(ROOT, 'deploy', 'k8s', name), 'utf8'));
const shardsJob = jobSchema.parse(manifest('shards-job.yaml'));
const mergeJob = jobSchema.parse(manifest('merge-job.yaml'));
const pvc = pvcSchema.parse(manifest('pvc.yaml'));

const containerOf = (job: Job) => job.spec.template.spec.containers[0];

describe('deploy/k8s manifests', () => {
  it('the shards Job is Indexed, N = completions, parallel, and its index reaches --shard', () => {
    expect(shardsJob.spec.completionMode).toBe('Indexed');
    const c = containerOf(shardsJob);
    const env = (c.env ?? []).find((e) => e.valueFrom?.fieldRef.fieldPath === COMPLETION_INDEX_PATH);
    expect(env, 'an env var from the completion-index annotation').toBeDefined();
    const args = expandArgs(c, { [COMPLETION_INDEX_PATH]: '5' });
    expect(args[args.indexOf('--shard') + 1]).toBe(`5/${shardsJob.spec.completions}`);
    expect(shardsJob.spec.parallelism).toBeLessThanOrEqual(shardsJob.spec.completions);
  });

  it('shards and merge share the claimed volume, mounted where their paths point', () => {
    for (const job of [shardsJob, mergeJob]) {
      const spec = job.spec.template.spec;
      const volumes = new Map(spec.volumes.map((v) => [v.name, v.persistentVolumeClaim.claimName]));
      for (const m of containerOf(job).volumeMounts) expect(volumes.get(m.name)).toBe(pvc.metadata.name);
      const mount = containerOf(job).volumeMounts[0].mountPath;
      for (const a of containerOf(job).args.filter((x) => x.startsWith('/'))) expect(a.startsWith(`${mount}/`), a).toBe(true);
    }
    expect(pvc.spec.accessModes).toContain('ReadWriteMany');
    const shardsOut = containerOf(shardsJob).args[containerOf(shardsJob).args.indexOf('--out') + 1];
    expect(containerOf(mergeJob).args[1]).toBe(shardsOut);
  });

  it('a misspelt field or a Job rule broken is caught by the schema', () => {
    const bad = structuredClone(manifest('shards-job.yaml')) as { spec: Record<string, unknown> };
    bad.spec.completionsMode = 'Indexed';
    expect(jobSchema.safeParse(bad).success).toBe(false);
    const noIndex = structuredClone(manifest('shards-job.yaml')) as { spec: Record<string, unknown> };
    delete noIndex.spec.completionMode;
    expect(jobSchema.safeParse(noIndex).success).toBe(false);
  });
});

describe('the manifests\' command lines run through the CLI', () => {
  let data: string;
  let single: string;
  /** /data/… → the temporary volume. */
  const onVolume = (args: string[]) => args.map((a) => a.replace(/^\/data(?=\/|$)/, data));

  beforeAll(async () => {
    data = tempDir('k8s');
    // The scenario on the volume, its model beside it (as a user would copy both there).
    copyFileSync(join(ROOT, 'test/fixtures/models/pk-1cmt-iv.yaml'), join(data, 'pk-1cmt-iv.yaml'));
    writeFileSync(join(data, 'scenario.yaml'), readFileSync(FIXTURE, 'utf8').replace(/^model: .*$/m, 'model: pk-1cmt-iv.yaml').replace(/size: \d+/, 'size: 400'));
    single = join(data, 'single');
    const r = await cli(['run', join(data, 'scenario.yaml'), '--out', single, '--backend', 'cpu', '--threads', '4', '--quiet']);
    expect(r.code, r.err).toBe(0);
  }, 60_000);

  it('every completion index, then the merge, gives the one-machine result', async () => {
    for (let k = 0; k < shardsJob.spec.completions; k++) {
      const args = onVolume(expandArgs(containerOf(shardsJob), { [COMPLETION_INDEX_PATH]: String(k) }));
      const r = await cli(args);
      expect(r.code, `${args.join(' ')}\n${r.err}`).toBe(0);
    }
    const merge = await cli(onVolume(containerOf(mergeJob).args));
    expect(merge.code, merge.err).toBe(0);
    expectSameRun(join(data, 'result'), single);
  }, 120_000);
});
