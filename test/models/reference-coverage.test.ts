/**
 * Every model in models/ is checked against an independent reference (analytic property, published
 * value or independent implementation) by one of the reference suites of this folder: a new model
 * file fails here until a reference check names it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelFiles, root } from './model-job.js';

const SUITES = ['pk-reference', 'friberg-reference', 'tumour-reference', 'composite-reference'];

describe('reference checks cover models/', () => {
  const text = SUITES.map((s) => readFileSync(join(root, 'test', 'models', `${s}.test.ts`), 'utf8')).join('\n');
  it.each(modelFiles)('%s is named by a reference suite', (file) => {
    expect(text.includes(`'${file}'`), `add a check for ${file} to one of ${SUITES.join(', ')}`).toBe(true);
  });
});
