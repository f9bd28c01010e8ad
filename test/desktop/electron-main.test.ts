/**
 * The Electron main process's checks, without Electron: files chosen in the open dialog are read only
 * when they are regular files within the size caps (a FIFO would block main); a folder brings its
 * YAML files with their folder path; every frame stays in the app and every permission is refused;
 * the packaged binary gets its fuses; Electron is pinned without an install step `npm ci` would run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import type { Session, WebContents } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateOpenFileRequest } from '../../desktop/common/ipc-validate.js';
import { MAX_OPEN_FILE_BYTES, MAX_OPEN_TOTAL_BYTES } from '../../desktop/common/open-limits.js';
import { readChosenFiles, readChosenFolder, readRegularFile } from '../../desktop/main/read-chosen-files.js';
import { confineNavigation, denyPermissions } from '../../desktop/main/window-policy.js';
import afterPack, { APP_FUSES, packagedBinary } from '../../desktop/packaging/after-pack.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'oncotwin-open-'));
  const proj = join(dir, 'proj');
  mkdirSync(join(proj, 'models', 'deep', 'deeper', 'too-deep'), { recursive: true });
  mkdirSync(join(proj, '.git'));
  writeFileSync(join(proj, 'scenario.yaml'), 'scenario: s\nmodel: models/m.yaml\n');
  writeFileSync(join(proj, 'models', 'm.yaml'), 'model: m\n');
  writeFileSync(join(proj, 'models', 'deep', 'deeper', 'ok.yml'), 'model: d\n');
  writeFileSync(join(proj, 'models', 'deep', 'deeper', 'too-deep', 'no.yaml'), 'model: n\n');
  writeFileSync(join(proj, '.git', 'x.yaml'), 'hidden: 1\n');
  writeFileSync(join(proj, 'notes.txt'), 'not yaml');
  writeFileSync(join(proj, 'big.yaml'), Buffer.alloc(MAX_OPEN_FILE_BYTES + 1, 0x20));
  writeFileSync(join(dir, 'secret.yaml'), 'secret: 1\n');
  symlinkSync(join(dir, 'secret.yaml'), join(proj, 'link.yaml'));
  execFileSync('mkfifo', [join(proj, 'fifo.yaml')]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('files chosen in the open dialog', () => {
  it('reads regular files and refuses a FIFO (without blocking), a folder and an oversized file', async () => {
    expect(await readRegularFile(join(dir, 'proj', 'scenario.yaml'))).toEqual({ text: 'scenario: s\nmodel: models/m.yaml\n' });
    expect(await readRegularFile(join(dir, 'proj', 'fifo.yaml'))).toEqual({ why: 'not a regular file' });
    expect(await readRegularFile(join(dir, 'proj', 'models'))).toEqual({ why: 'not a regular file' });
    expect(await readRegularFile(join(dir, 'proj', 'big.yaml'))).toEqual({ why: 'larger than 4 MiB' });
    expect(await readRegularFile(join(dir, 'proj', 'nope.yaml'))).toEqual({ why: 'cannot be opened (ENOENT)' });
  });

  it('several files: read by base name, the others listed with the reason', async () => {
    const r = await readChosenFiles([join(dir, 'proj', 'scenario.yaml'), join(dir, 'proj', 'models', 'm.yaml'), join(dir, 'proj', 'fifo.yaml')]);
    expect(r.files.map((f) => f.path)).toEqual(['scenario.yaml', 'm.yaml']);
    expect(r.skipped).toEqual([{ path: 'fifo.yaml', why: 'not a regular file' }]);
  });

  it('a folder: its YAML files named by folder path, no links followed, no hidden folders, bounded depth', async () => {
    const r = await readChosenFolder(join(dir, 'proj'), ['yaml', 'yml']);
    expect(r.files.map((f) => f.path)).toEqual(['proj/models/deep/deeper/ok.yml', 'proj/models/m.yaml', 'proj/scenario.yaml']);
    expect(r.skipped).toEqual([
      { path: 'proj/big.yaml', why: 'larger than 4 MiB' },
      { path: 'proj/fifo.yaml', why: 'not a regular file' },
      { path: 'proj/link.yaml', why: 'a symbolic link (not followed)' },
    ]);
    expect(r.files.some((f) => f.text.includes('secret'))).toBe(false);
  });

  it('a folder whose files pass the total cap: the rest are listed as left out', async () => {
    const many = join(dir, 'many');
    mkdirSync(many);
    const each = Math.floor(MAX_OPEN_TOTAL_BYTES / 5) + 1;
    for (let k = 0; k < 6; k++) writeFileSync(join(many, `f${k}.yaml`), Buffer.alloc(each, 0x20));
    const r = await readChosenFolder(many, ['yaml']);
    expect(r.files.length).toBe(4);
    expect(r.skipped.map((s) => s.why)).toEqual(['the files pass 16 MiB in all', 'the files pass 16 MiB in all']);
  });

  it('the open request may ask for a folder, and nothing else', () => {
    expect(validateOpenFileRequest({ extensions: ['yaml'], folder: true })).toEqual({ ok: true, value: { extensions: ['yaml'], folder: true } });
    expect(validateOpenFileRequest({ extensions: ['yaml'], folder: false })).toEqual({ ok: true, value: { extensions: ['yaml'] } });
    expect(validateOpenFileRequest({ extensions: ['yaml'], folder: 'yes' }).ok).toBe(false);
    expect(validateOpenFileRequest({ extensions: ['yaml'], path: '/etc' }).ok).toBe(false);
  });
});

/** A stand-in for WebContents that records handlers and lets the test fire its events. */
class FakeContents extends EventEmitter {
  openHandler: ((d: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }): void { this.openHandler = h; }
  /** Fires `event` with `url`; true when a handler prevented it. */
  fire(event: string, url: string): boolean {
    let prevented = false;
    this.emit(event, { url, preventDefault: () => { prevented = true; } });
    return prevented;
  }
}

describe('window policy', () => {
  it('every frame navigation and redirect stays in app://oncotwin/; no new windows, no webviews', () => {
    const c = new FakeContents();
    confineNavigation(c as unknown as WebContents);
    expect(c.openHandler?.({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(c.fire(event, 'app://oncotwin/index.html'), event).toBe(false);
      for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://oncotwin.evil/', 'javascript:alert(1)']) expect(c.fire(event, url), `${event} ${url}`).toBe(true);
    }
    expect(c.fire('will-attach-webview', 'app://oncotwin/')).toBe(true);
  });

  it('refuses every permission request and check', () => {
    const handlers: Record<string, (...a: unknown[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: (...a: unknown[]) => unknown) => { handlers.request = h; },
      setPermissionCheckHandler: (h: (...a: unknown[]) => unknown) => { handlers.check = h; },
      setDevicePermissionHandler: (h: (...a: unknown[]) => unknown) => { handlers.device = h; },
    };
    denyPermissions(session as unknown as Session);
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'hid']) {
      let granted: boolean | undefined;
      handlers.request(undefined, permission, (g: boolean) => { granted = g; });
      expect(granted, permission).toBe(false);
      expect(handlers.check(null, permission, 'app://oncotwin', {}), permission).toBe(false);
    }
    expect(handlers.device({ deviceType: 'usb' })).toBe(false);
  });
});

describe('packaging', () => {
  const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
  /** A stand-in Electron binary: a fuse wire of 9 fuses (Electron 45), all at Electron's defaults. */
  const fakeBinary = (path: string): void => {
    writeFileSync(path, Buffer.concat([Buffer.alloc(64, 7), Buffer.from(SENTINEL), Buffer.from([1, 9]), Buffer.from('111100001'), Buffer.alloc(64, 7)]));
  };
  const wire = (path: string): string => { const b = readFileSync(path); const at = b.indexOf(SENTINEL) + SENTINEL.length + 2; return b.subarray(at, at + 9).toString('latin1'); };

  it('afterPack flips the fuses of the packaged binary and leaves the ones it does not know', async () => {
    const out = join(dir, 'linux-unpacked');
    mkdirSync(out);
    fakeBinary(join(out, 'oncotwin'));
    await afterPack({ appOutDir: out, electronPlatformName: 'linux', arch: 1, packager: { appInfo: { productFilename: 'oncotwin' }, executableName: 'oncotwin' } });
    // RunAsNode off, cookies encrypted, NODE_OPTIONS off, --inspect off, asar integrity on, asar only, no browser snapshot, no file:// privileges; fuse 9 untouched.
    expect(wire(join(out, 'oncotwin'))).toBe('010011001');
    expect(Object.keys(APP_FUSES)).toHaveLength(8);
  });

  it('afterPack fails the build when the binary has no fuse wire', async () => {
    const out = join(dir, 'broken');
    mkdirSync(out);
    writeFileSync(join(out, 'oncotwin'), 'not electron');
    await expect(afterPack({ appOutDir: out, electronPlatformName: 'linux', arch: 1, packager: { appInfo: { productFilename: 'oncotwin' } } })).rejects.toThrow(/sentinel/);
  });

  it('finds the binary on each platform', () => {
    const ctx = (p: string) => ({ appOutDir: '/o', electronPlatformName: p, arch: 1, packager: { appInfo: { productFilename: 'oncotwin' } } });
    expect(packagedBinary(ctx('darwin'))).toBe('/o/oncotwin.app');
    expect(packagedBinary(ctx('win32'))).toBe('/o/oncotwin.exe');
    expect(packagedBinary(ctx('linux'))).toBe('/o/oncotwin');
  });

  it('electron is pinned as a devDependency and has no install script npm ci would run', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { devDependencies: Record<string, string>; allowScripts?: Record<string, boolean> };
    expect(pkg.devDependencies.electron).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.devDependencies['@electron/fuses']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Object.keys(pkg.allowScripts ?? {})).not.toContain('electron');
    const electron = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')) as { version: string };
    expect(electron.version).toBe(pkg.devDependencies.electron);
  });
});
