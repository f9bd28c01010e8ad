/**
 * Child process for the SIGKILL test (output-dir.test.ts): commits generation after generation into
 * the directory given as argv[2], each file stamped with its generation number and ending in an end
 * marker, and prints "ready" once the first commit is in place. The parent kills it at random moments.
 */
import { OutputDir } from '../../engine/cli/output/output-dir.js';

const dir = process.argv[2];
const file = (name: string, gen: number, rows: number) => ({
  name,
  *chunks() {
    yield `generation ${gen}\n`;
    for (let i = 0; i < rows; i++) yield `${gen},${i},${'x'.repeat(60)}\n`;
    yield 'end\n';
  },
});

const out = await OutputDir.open(dir);
for (let gen = 1; ; gen++) {
  await out.commit([file('summary.json', gen, 10), file('patients.csv', gen, 4000), file('timecourse.csv', gen, 500)]);
  if (gen === 1) process.stdout.write('ready\n');
}
