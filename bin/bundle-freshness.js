/**
 * Whether dist/oncotwin.mjs still matches the sources it was built from: `npm run build` records its
 * inputs (dist/inputs.json, written by engine/cli/build-bundle.ts); the bundle is fresh when none of
 * them, nor package-lock.json (the bundled dependencies), changed after it was built. Stat-ing the
 * couple of hundred inputs takes a few milliseconds — far less than running the sources through tsx.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @param {string} root the package root (the directory holding dist/).
 * @returns {boolean} true when dist/oncotwin.mjs exists and no recorded input is newer or missing.
 */
export function bundleIsFresh(root) {
  try {
    const built = statSync(join(root, 'dist', 'oncotwin.mjs')).mtimeMs;
    /** @type {{ inputs: string[] }} */
    const manifest = JSON.parse(readFileSync(join(root, 'dist', 'inputs.json'), 'utf8'));
    return [...manifest.inputs, 'package-lock.json'].every((input) => statSync(join(root, input)).mtimeMs <= built);
  } catch {
    // No bundle, no manifest, or an input gone (renamed or deleted): not fresh.
    return false;
  }
}
