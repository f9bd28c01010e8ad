/**
 * A FileHost for the browser: paths are URL paths on the local server (`/scenarios/default.yaml`,
 * `/models/x.yaml`), read with fetch. The scenario being edited is served from memory (`overrides`),
 * so unsaved editor text runs without a round trip; the user's own files (`/user/…`: a scenario
 * opened from disk and the model files opened with it) come from the page (user-files.ts).
 */
import { InputError } from '../../engine/common/errors.js';
import type { FileHost } from '../../engine/common/host.js';
import type { SourcePos } from '../../engine/common/ir.js';
import { displayPath, USER_PREFIX, userFileReader } from './user-files.js';

export class UrlFileHost implements FileHost {
  constructor(
    private readonly origin: string,
    private readonly overrides: ReadonlyMap<string, string> = new Map(),
    private readonly readUserFile: ((path: string) => Promise<string | undefined>) | undefined = userFileReader(),
  ) {}

  async readText(path: string, from?: SourcePos): Promise<string> {
    const text = this.overrides.get(path);
    if (text !== undefined) return text;
    if (path.startsWith(USER_PREFIX)) {
      const mine = await this.readUserFile?.(path);
      if (mine !== undefined) return mine;
      throw InputError.at(from?.file ?? path, from?.line ?? 1, from?.col ?? 1, `cannot read ${displayPath(path)} (it was not opened with the scenario)`,
        'open the scenario together with its model files: choose them all in "Open files…", open their folder with "Open folder…", or drop them on the page');
    }
    let res: Response;
    try {
      res = await fetch(new URL(path, this.origin));
    } catch (e) {
      throw this.missing(path, from, e instanceof Error ? e.message : String(e));
    }
    if (!res.ok) throw this.missing(path, from, `HTTP ${res.status}`);
    return res.text();
  }

  resolve(fromFile: string, relative: string): string {
    return new URL(relative, new URL(fromFile, 'http://x')).pathname;
  }

  private missing(path: string, from: SourcePos | undefined, why: string): InputError {
    const hint = 'built-in models are served from /models/; check the model: path in the scenario';
    return InputError.at(from?.file ?? path, from?.line ?? 1, from?.col ?? 1, `cannot read ${path} (${why})`, hint);
  }
}
