/**
 * What the app's web contents may do beyond showing the app (Electron security checklist), as
 * functions over the few Electron objects they configure, so they are unit-tested without Electron:
 * - every navigation of every frame, and every redirect, must stay inside app://oncotwin/ (a link
 *   or a script in rendered content cannot take the window, or a frame in it, anywhere else);
 * - no new windows, no <webview>;
 * - every permission (camera, notifications, clipboard read, HID/serial/USB devices…) is refused:
 *   the app needs none, and Electron grants them by default when no handler is set.
 */
import type { Session, WebContents } from 'electron';
import { isTrustedSenderUrl } from '../common/ipc-validate.js';

type Preventable = { preventDefault(): void; url: string };

/** Confines `contents` to the app's own origin. */
export function confineNavigation(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const stayInApp = (ev: Preventable): void => {
    if (!isTrustedSenderUrl(ev.url)) ev.preventDefault();
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-frame-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  contents.on('will-attach-webview', (ev) => ev.preventDefault());
}

/** Refuses every permission request and check of `session`. */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
