/**
 * `oncotwin sweep`: --set paths and values are checked against the scenario before anything runs,
 * variants change only the value's characters, every point runs on one session (one compiled kernel
 * for variants that differ in numbers), and a sharded sweep gives the unsharded table exactly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNodeSession } from '../../engine/run-scenario.js';
import { applyOverrides, pathProblem } from '../../engine/shard/sweep/scenario-variant.js';
import { loadVariant, runPoint } from '../../engine/shard/sweep/run-sweep.js';
import { parsePath, parseSetSpec, sweepGrid } from '../../engine/shard/sweep/set-spec.js';
import { cli, FIXTURE, tempDir } from './harness.js';

const text = readFileSync(FIXTURE, 'utf8');

describe('--set', () => {
  it('parses paths, values with bracketed commas, and grids', () => {
    expect(parsePath('regimens[0].dose.amount')).toEqual(['regimens', 0, 'dose', 'amount']);
    expect(parsePath('regimens..x')).toMatch(/not a scenario path/);
    const s = parseSetSpec('regimens[1].schedule.days=[1],[1, 8],[1, 8, 15]');
    expect(typeof s !== 'string' && s.values).toEqual(['[1]', '[1, 8]', '[1, 8, 15]']);
    expect(parseSetSpec('population.size')).toMatch(/expected PATH=VALUES/);
    expect(parseSetSpec('population.size=1,,2')).toMatch(/an empty value/);
    const a = parseSetSpec('a=1,2'), b = parseSetSpec('b=x,y,z');
    if (typeof a === 'string' || typeof b === 'string') throw new Error('parse');
    expect(sweepGrid([a, b])).toHaveLength(6);
    expect(sweepGrid([a, b])[1]).toEqual(['1', 'y']);
  });

  it('names what is wrong with a path the file does not have', () => {
    expect(pathProblem(text, ['regimens', 0, 'dose', 'amout'])).toMatch(/regimens\[0\]\.dose has no key "amout" \(did you mean "amount"\?\)/);
    expect(pathProblem(text, ['regimens', 2, 'dose'])).toMatch(/regimens has 2 items, so no \[2\]/);
    expect(pathProblem(text, ['population'])).toMatch(/block mapping; set one of its values/);
    expect(pathProblem(text, ['regimens', 0, 'dose', 'amount'])).toBeUndefined();
  });

  it('replaces only the value: every other line stays as written', () => {
    const out = applyOverrides(text, [{ path: ['regimens', 1, 'dose', 'amount'], pathText: '', value: '450' }, { path: ['population', 'size'], pathText: '', value: '64' }]);
    const a = text.split('\n'), b = out.split('\n');
    expect(b).toHaveLength(a.length);
    const changed = a.flatMap((line, i) => (line === b[i] ? [] : [b[i]]));
    expect(changed).toEqual(['  size: 64', '    dose: { amount: 450, unit: mg, route: infusion, duration: 1 h, target: iv }']);
  });
});

describe('sweep runs', () => {
  it('variants that differ in numbers reuse one compiled kernel', async () => {
    const session = createNodeSession();
    try {
      for (const v of ['50', '100', '150']) {
        const s = await loadVariant(FIXTURE, [{ path: ['regimens', 0, 'dose', 'amount'], pathText: 'regimens[0].dose.amount', value: v }]);
        await runPoint(session, s, { backend: 'cpu', nPatients: 50 }, undefined);
      }
      expect((await session.backend('cpu')).backend.compiles).toBe(1);
    } finally {
      await session.dispose();
    }
  }, 60_000);

  it('writes the table and charts; the dose moves its own regimen only; sharded points equal unsharded', async () => {
    const work = tempDir('sweep');
    const args = ['sweep', FIXTURE, '--set', 'regimens[0].dose.amount=100,300', '--patients', '301', '--backend', 'cpu', '--quiet'];
    const plain = await cli([...args, '--out', join(work, 'plain')]);
    expect(plain.code, plain.err).toBe(0);
    const sharded = await cli([...args, '--shards', '3', '--out', join(work, 'sharded')]);
    expect(sharded.code, sharded.err).toBe(0);
    const csv = readFileSync(join(work, 'plain', 'sweep.csv'), 'utf8');
    expect(readFileSync(join(work, 'sharded', 'sweep.csv'), 'utf8')).toBe(csv);
    const rows = csv.trim().split('\r\n').map((l) => l.split(','));
    expect(rows[0]).toEqual(['regimens[0].dose.amount', 'regimen', 'metric', 'statistic', 'value', 'lo95', 'hi95', 'n', 'unit']);
    const rate = (dose: string, regimen: string) => Number(rows.find((r) => r[0] === dose && r[1] === regimen && r[2] === 'high_peak')![4]);
    expect(rate('300', '100 mg weekly')).toBeGreaterThan(rate('100', '100 mg weekly'));
    expect(rate('300', '300 mg q3w')).toBe(rate('100', '300 mg q3w'));
    const svg = readFileSync(join(work, 'plain', 'chart-high_peak.svg'), 'utf8');
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.match(/<circle /g)).toHaveLength(4);
  }, 120_000);

  it('bad --set values and metrics are errors before anything runs', async () => {
    const out = join(tempDir('sweep-bad'), 'o');
    const typo = await cli(['sweep', FIXTURE, '--set', 'regimens[0].dose.amout=1', '--out', out]);
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/--set regimens\[0\]\.dose\.amout=1: .*did you mean "amount"/);
    const negative = await cli(['sweep', FIXTURE, '--set', 'regimens[0].dose.amount=100,-5', '--out', out]);
    expect(negative.code).toBe(2);
    expect(negative.err).toMatch(new RegExp(`^${FIXTURE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: with --set regimens\\[0\\]\\.dose\\.amount=-5: `, 'm'));
    const metric = await cli(['sweep', FIXTURE, '--set', 'population.size=10', '--metric', 'nope', '--out', out]);
    expect(metric.code).toBe(2);
    expect(metric.err).toMatch(/--metric nope: the scenario has no event or summary "nope"/);
  }, 60_000);
});
