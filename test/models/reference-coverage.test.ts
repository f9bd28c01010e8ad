/**
 * Every model in models/ is checked against an independent reference (analytic property, published
 * value or independent implementation) by one of the reference suites of this folder: a new model
 * file fails here until a reference suite loads it (a mention in a comment or a title does not count).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelFiles, root } from './model-job.js';
import { loadedModelFiles } from './reference-names.js';

const SUITES = ['pk-reference', 'friberg-reference', 'tumour-reference', 'composite-reference'];

describe('reference checks cover models/', () => {
  const loaded = new Set(SUITES.flatMap((s) => [...loadedModelFiles(readFileSync(join(root, 'test', 'models', `${s}.test.ts`), 'utf8'))]));

  it('finds the models and what the suites load', () => {
    expect(modelFiles.length).toBeGreaterThanOrEqual(18);
    expect(loaded.has('docetaxel-pk-3cmt.yaml')).toBe(true);
  });

  it.each(modelFiles)('%s is loaded by a reference suite', (file) => {
    expect(loaded.has(file), `add a check for ${file} to one of ${SUITES.join(', ')}`).toBe(true);
  });

  it('counts loader calls and loaded case files, not comments, titles or unused cases', () => {
    const source = `
      // checks 'a.yaml' too
      it('b.yaml behaves', async () => { await libraryModel('c.yaml'); await probeModel("d.yaml", {}, {}); });
      const cases = [{ file: 'e.yaml' }];
      for (const c of cases) await libraryModel(c.file);`;
    expect([...loadedModelFiles(source)].sort()).toEqual(['c.yaml', 'd.yaml', 'e.yaml']);
    expect([...loadedModelFiles("const unused = [{ file: 'f.yaml' }]; // libraryModel('g.yaml')")]).toEqual([]);
  });
});
