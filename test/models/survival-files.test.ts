/**
 * Every survival file in models/survival/ loads against the model it names (outputs, units,
 * expressions, sources checked by the loader) and its event times come out as the published
 * hazards say for a typical patient whose tumour does not change (the tumour terms vanish):
 * Zecchin 2016 death without new lesion at SLD0 = 70 mm, ECOG 0 is Weibull with median
 * (ln 2 / e^0.2084)^(1/2.004)/0.001183 d.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadSurvivalSpec, weibullEventTime, constantPath } from '../../engine/common/endpoints/index.js';
import { loadModel } from '../../engine/common/model/load-model.js';
import { NodeFileHost } from '../../engine/node/node-file-host.js';
import { root } from './model-job.js';

const dir = join(root, 'models', 'survival');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

async function load(file: string) {
  const path = join(dir, file);
  const modelRef = (parse(readFileSync(path, 'utf8')) as { model: string }).model;
  const model = await loadModel(join(dir, modelRef), new NodeFileHost());
  return { spec: await loadSurvivalSpec(path, new NodeFileHost(), model), model };
}

describe.each(files)('models/survival/%s', (file) => {
  it('loads against its model, id matching the file name', async () => {
    const { spec } = await load(file);
    expect(spec.id).toBe(file.replace(/\.yaml$/, ''));
    expect(spec.events.some((e) => e.name === spec.overallSurvival)).toBe(true);
  });
});

describe('zecchin2016-os (DDMODEL00000218)', () => {
  it('holds the listing values: death λ 0.001183 /d, α 2.004; new lesions λ 0.0049 /d, α 2.67, β 1.22', async () => {
    const { spec } = await load('zecchin2016-os.yaml');
    const [nl, dropout, death] = spec.events;
    expect(dropout).toMatchObject({ name: 'dropout', distribution: 'weibull', lambda: 0.0049, shape: 2.95 });
    expect(nl).toMatchObject({ name: 'new_lesion', distribution: 'weibull', lambda: 0.0049, shape: 2.67 });
    expect(death).toMatchObject({ name: 'death', distribution: 'weibull', lambda: 0.001183, shape: 2.004 });
    expect(death.terms.map((t) => t.coefficient)).toEqual([0.2084, 0.9036, 1.23, 0.5162]);
    expect(death.terms[2]).toMatchObject({ kind: 'event', event: 'new_lesion', observedBefore: 'dropout' });
    expect(death.terms[1]).toMatchObject({ kind: 'tumour_ratio', until: 84 });
    // Median death time at SLD0 = 70 mm, ECOG 0, no new lesion, unchanged tumour:
    const median = weibullEventTime(0.001183, 2.004, constantPath(0.2084), Math.LN2, Infinity);
    expect(median).toBeCloseTo((Math.LN2 / Math.exp(0.2084)) ** (1 / 2.004) / 0.001183, 9);
  });
});
