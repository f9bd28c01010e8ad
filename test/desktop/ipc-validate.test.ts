import { describe, expect, it } from 'vitest';
import { isSafeFileName, isTrustedSenderUrl, MAX_SAVE_BYTES, validateOpenFileRequest, validateSaveFileRequest } from '../../desktop/common/ipc-validate.js';

describe('isTrustedSenderUrl', () => {
  it('accepts only the app:// origin of the app itself', () => {
    expect(isTrustedSenderUrl('app://oncotwin/index.html')).toBe(true);
    expect(isTrustedSenderUrl('app://oncotwin/')).toBe(true);
  });
  it('rejects other schemes, hosts, credentials and garbage', () => {
    for (const u of ['file:///etc/passwd', 'https://oncotwin/index.html', 'app://evil/index.html', 'app://user:pw@oncotwin/', 'app://oncotwin.evil.com/', 'not a url', '']) {
      expect(isTrustedSenderUrl(u), u).toBe(false);
    }
  });
});

describe('validateOpenFileRequest', () => {
  it('accepts a list of allowed extensions and copies it', () => {
    const req = { extensions: ['yaml', 'yml'] };
    const v = validateOpenFileRequest(req);
    expect(v).toEqual({ ok: true, value: { extensions: ['yaml', 'yml'] } });
    if (v.ok) expect(v.value.extensions).not.toBe(req.extensions);
  });
  it('rejects wrong shapes, extra fields and unknown extensions', () => {
    for (const x of [null, 'yaml', [], { extensions: [] }, { extensions: 'yaml' }, { extensions: ['exe'] }, { extensions: [1] }, { extensions: ['yaml'], path: '/etc' }, Object.create({ extensions: ['yaml'] })]) {
      expect(validateOpenFileRequest(x).ok, JSON.stringify(x)).toBe(false);
    }
  });
});

describe('isSafeFileName', () => {
  it('accepts plain names with an allowed extension', () => {
    for (const n of ['report.html', 'table.CSV', 'default scenario.yaml', 'fan-chart.png']) expect(isSafeFileName(n), n).toBe(true);
  });
  it('rejects paths, traversal, hidden files, control characters, bad extensions and long names', () => {
    for (const n of ['../x.yaml', 'a/b.yaml', 'a\\b.yaml', 'C:x.yaml', '.bashrc.yaml', 'a..b.yaml', 'x\u0000.yaml', 'x.exe', 'noext', '', `${'a'.repeat(200)}.csv`]) {
      expect(isSafeFileName(n), JSON.stringify(n)).toBe(false);
    }
  });
});

describe('validateSaveFileRequest', () => {
  it('accepts text and bytes under the cap', () => {
    expect(validateSaveFileRequest({ suggestedName: 'r.html', data: '<html>' }).ok).toBe(true);
    expect(validateSaveFileRequest({ suggestedName: 'c.png', data: new Uint8Array(10) }).ok).toBe(true);
  });
  it('rejects bad names, wrong data types and extra fields', () => {
    expect(validateSaveFileRequest({ suggestedName: '../r.html', data: 'x' }).ok).toBe(false);
    expect(validateSaveFileRequest({ suggestedName: 'r.html', data: 42 }).ok).toBe(false);
    expect(validateSaveFileRequest({ suggestedName: 'r.html', data: 'x', dir: '/' }).ok).toBe(false);
    expect(validateSaveFileRequest(undefined).ok).toBe(false);
  });
  it('enforces the size cap at exactly MAX_SAVE_BYTES (strings counted at 3 bytes a unit)', () => {
    expect(validateSaveFileRequest({ suggestedName: 'a.png', data: new Uint8Array(MAX_SAVE_BYTES) }).ok).toBe(true);
    expect(validateSaveFileRequest({ suggestedName: 'a.png', data: new Uint8Array(MAX_SAVE_BYTES + 1) })).toEqual({ ok: false, error: 'data too large' });
    expect(validateSaveFileRequest({ suggestedName: 'a.csv', data: 'x'.repeat(MAX_SAVE_BYTES / 3 + 1) }).ok).toBe(false);
  });
});
