/**
 * electron-builder `afterPack` hook (electron-builder.yml): flips the Electron fuses of the packaged
 * binary before it is signed, so the shipped app cannot be turned into a general Node runtime or
 * debugged into (Electron security checklist, "fuses"):
 * - RunAsNode off (ELECTRON_RUN_AS_NODE ignored), NODE_OPTIONS and --inspect* ignored;
 * - the app loads only from its app.asar, whose integrity is checked (macOS, Windows);
 * - cookies encrypted at rest; file:// without extra privileges (the app uses app://).
 * Each fuse is read back after flipping, and packaging fails if one did not take: an app is never
 * shipped with the defaults by accident. Bundled by desktop/build-electron.ts to
 * out/packaging/after-pack.cjs.
 */
import { join } from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';

/** The fuses the app ships with (true: on). */
export const APP_FUSES: Record<FuseV1Options, boolean> = {
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

/** The fuse wire's byte for on and off (@electron/fuses FuseState). */
const ON = 0x31;
const OFF = 0x30;

/** Flips APP_FUSES in the Electron binary at `binary` (the `.app` bundle on macOS) and checks they took. */
export async function applyAppFuses(binary: string, resetAdHocDarwinSignature = false): Promise<void> {
  await flipFuses(binary, { version: FuseVersion.V1, resetAdHocDarwinSignature, ...APP_FUSES });
  const wire = (await getCurrentFuseWire(binary)) as unknown as Record<number, number>;
  const wrong = Object.entries(APP_FUSES).filter(([i, on]) => wire[Number(i)] !== (on ? ON : OFF)).map(([i]) => FuseV1Options[Number(i)]);
  if (wrong.length) throw new Error(`fuses not set in ${binary}: ${wrong.join(', ')}`);
}

/** The part of electron-builder's AfterPackContext this hook reads. */
export interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  /** electron-builder's Arch enum (builder-util): 4 is universal (macOS). */
  arch: number;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}

/** Where the packaged Electron binary is, per platform (electron-builder's layout). */
export function packagedBinary(ctx: PackContext): string {
  const name = ctx.packager.appInfo.productFilename;
  if (ctx.electronPlatformName === 'darwin' || ctx.electronPlatformName === 'mas') return join(ctx.appOutDir, `${name}.app`);
  if (ctx.electronPlatformName === 'win32') return join(ctx.appOutDir, `${name}.exe`);
  return join(ctx.appOutDir, ctx.packager.executableName ?? name);
}

const UNIVERSAL = 4;

/** The hook; a universal macOS build needs its ad-hoc signature redone after its fuses change. */
export default async function afterPack(ctx: PackContext): Promise<void> {
  const darwin = ctx.electronPlatformName === 'darwin' || ctx.electronPlatformName === 'mas';
  await applyAppFuses(packagedBinary(ctx), darwin && ctx.arch === UNIVERSAL);
}
