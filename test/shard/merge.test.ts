/**
 * `run --shard k/N` + `merge` give the one-machine run's outputs exactly (N = 1..4, uneven splits),
 * and a set that is not one complete run is refused naming the files and shards concerned.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, expectSameRun, FIXTURE, ROOT, tempDir } from './harness.js';

// 301 patients: every split is uneven (150/151, 100/100/101, 75/75/75/76).
const N_PATIENTS = '301';
const common = ['--patients', N_PATIENTS, '--backend', 'cpu', '--threads', '2', '--quiet'];
let work: string;
let single: string;

async function shards(count: number, dir: string, extra: string[] = [], only?: number[]): Promise<void> {
  for (let k = 0; k < count; k++) {
    if (only && !only.includes(k)) continue;
    const r = await cli(['run', FIXTURE, '--shard', `${k}/${count}`, '--out', dir, ...common, ...extra]);
    expect(r.code, r.err).toBe(0);
  }
}

beforeAll(async () => {
  work = tempDir('merge');
  single = join(work, 'single');
  const r = await cli(['run', FIXTURE, '--out', single, '--trajectories', '3', ...common]);
  expect(r.code, r.err).toBe(0);
}, 120_000);

describe('merged shards equal the one-machine run', () => {
  for (const n of [1, 2, 3, 4]) {
    it(`${n} shard${n === 1 ? '' : 's'}`, async () => {
      const parts = join(work, `parts-${n}`);
      await shards(n, parts, ['--trajectories', '3']);
      expect(readdirSync(parts).sort()).toEqual(Array.from({ length: n }, (_, k) => `shard-${k}-of-${n}.otpart`));
      const out = join(work, `merged-${n}`);
      const r = await cli(['merge', parts, '--out', out, '--quiet']);
      expect(r.code, r.err).toBe(0);
      expectSameRun(out, single);
      expect(existsSync(join(out, 'trajectories.csv'))).toBe(true);
    }, 120_000);
  }
});

describe('more shards than patients', () => {
  it('empty shards still complete the set, and the merge is the single run', async () => {
    const dir = join(work, 'tiny');
    const args = ['--patients', '3', '--backend', 'cpu', '--quiet'];
    for (let k = 0; k < 5; k++) expect((await cli(['run', FIXTURE, '--shard', `${k}/5`, '--out', join(dir, 'parts'), ...args])).code).toBe(0);
    expect((await cli(['run', FIXTURE, '--out', join(dir, 'single'), ...args])).code).toBe(0);
    expect((await cli(['merge', join(dir, 'parts'), '--out', join(dir, 'merged'), '--quiet'])).code).toBe(0);
    expectSameRun(join(dir, 'merged'), join(dir, 'single'));
  }, 60_000);
});

describe('merge refuses a set that is not one complete run', () => {
  it('a missing shard is named, and nothing is written', async () => {
    const parts = join(work, 'parts-4');
    const hold = join(work, 'held-out');
    mkdirSync(hold, { recursive: true });
    renameSync(join(parts, 'shard-2-of-4.otpart'), join(hold, 'shard-2-of-4.otpart'));
    try {
      const out = join(work, 'merged-missing');
      const r = await cli(['merge', parts, '--out', out, '--quiet']);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/incomplete shard set: shard 2 of 4 is missing \(3 of 4 present\)/);
      expect(existsSync(join(out, 'summary.json'))).toBe(false);
    } finally {
      renameSync(join(hold, 'shard-2-of-4.otpart'), join(parts, 'shard-2-of-4.otpart'));
    }
  });

  it('a duplicated shard names both files', async () => {
    const dup = join(work, 'dup');
    mkdirSync(dup, { recursive: true });
    copyFileSync(join(work, 'parts-2', 'shard-1-of-2.otpart'), join(dup, 'copy-of-1.otpart'));
    const r = await cli(['merge', join(work, 'parts-2'), dup, '--out', join(work, 'merged-dup'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/shard 1\/2 appears 2 times: .*shard-1-of-2\.otpart, .*copy-of-1\.otpart/);
  });

  it('shards of different splits or seeds are named with how they differ', async () => {
    const other = join(work, 'seed-7');
    await shards(2, other, ['--seed', '7'], [1]);
    const mixed = join(work, 'mixed');
    mkdirSync(mixed, { recursive: true });
    copyFileSync(join(work, 'parts-2', 'shard-0-of-2.otpart'), join(mixed, 'shard-0-of-2.otpart'));
    copyFileSync(join(other, 'shard-1-of-2.otpart'), join(mixed, 'shard-1-of-2.otpart'));
    const seeds = await cli(['merge', mixed, '--out', join(work, 'merged-seed'), '--quiet']);
    expect(seeds.code).toBe(2);
    expect(seeds.err).toMatch(/seed differs: .*shard-0-of-2\.otpart has 424242, but .*shard-1-of-2\.otpart has 7/);
    const split = await cli(['merge', join(work, 'parts-2', 'shard-0-of-2.otpart'), join(work, 'parts-3'), '--out', join(work, 'merged-split'), '--quiet']);
    expect(split.code).toBe(2);
    expect(split.err).toMatch(/shard count N differs: .*shard-0-of-2\.otpart has 2, but .*shard-0-of-3\.otpart, .*shard-1-of-3\.otpart, .*shard-2-of-3\.otpart have 3/);
  });

  it('a scenario that moved is found with --scenario, and only if it is the file the shards ran', async () => {
    const dir = join(work, 'moving');
    mkdirSync(dir, { recursive: true });
    const before = join(dir, 'before.yaml'), after = join(dir, 'after.yaml');
    writeFileSync(before, readFileSync(FIXTURE, 'utf8').replace(/^model: .*$/m, `model: ${join(ROOT, 'test/fixtures/models/pk-1cmt-iv.yaml')}`));
    const shard = await cli(['run', before, '--shard', '0/1', '--out', join(dir, 'parts'), '--patients', '50', '--backend', 'cpu', '--quiet']);
    expect(shard.code, shard.err).toBe(0);
    renameSync(before, after);
    const lost = await cli(['merge', join(dir, 'parts'), '--out', join(dir, 'out'), '--quiet']);
    expect(lost.code).toBe(2);
    expect(lost.err).toMatch(/the scenario the shards ran, .*before\.yaml, is not there\n\s+hint: pass its current path with --scenario FILE/);
    const other = await cli(['merge', join(dir, 'parts'), '--out', join(dir, 'out'), '--scenario', FIXTURE, '--quiet']);
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/this scenario file is not the one the shards ran/);
    const found = await cli(['merge', join(dir, 'parts'), '--out', join(dir, 'out'), '--scenario', after, '--quiet']);
    expect(found.code, found.err).toBe(0);
  }, 60_000);

  it('a file that is not a partial is named', async () => {
    const r = await cli(['merge', FIXTURE, '--out', join(work, 'merged-bad'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${FIXTURE} not a gzip stream`);
  });
});

describe('bad --shard values are usage errors', () => {
  for (const [spec, message] of [['4/4', /shard index 4 is out of range for 4 shards/], ['0/0', /shard count N in "0\/0" must be at least 1/], ['a/b', /"a\/b" is not of the form k\/N/]] as const) {
    it(`--shard ${spec}`, async () => {
      const r = await cli(['run', FIXTURE, '--shard', spec, '--out', join(work, 'bad'), '--quiet']);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/\n\s+at /);
    });
  }
});
