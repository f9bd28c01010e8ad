/**
 * Finds the studied dose ranges a scenario's model declares (common/dose-range.ts) by reading the
 * model file the scenario names and the module files it composes — built-ins from the server, the
 * user's own from the files opened with the scenario — and turns them into one warning per regimen.
 */
import { readAt } from '../common/yaml-splice.js';
import { doseWarnings, moduleFiles, studiedDosesOf, type StudiedDose } from '../common/dose-range.js';
import { UrlFileHost } from './url-file-host.js';

type Found = { ranges: StudiedDose[]; problems: string[] };

/** Most model files followed through `modules:` (composed models have three or four). */
const MAX_FILES = 20;

export class DoseNotes {
  private readonly cache = new Map<string, Promise<Found>>();
  private readonly host: UrlFileHost;

  constructor(origin: string, userFile: (path: string) => string | undefined) {
    this.host = new UrlFileHost(origin, new Map(), async (p) => userFile(p));
  }

  /**
   * One warning per regimen of `text` (the scenario at `path`, opened as `originalText`), and what is
   * wrong with any `validity.dose_ranges` entry of the model (such an entry is ignored, and said so).
   */
  async warnings(text: string, path: string, originalText: string): Promise<{ notes: (string | undefined)[]; problems: string[] }> {
    const ref = readAt(text, ['model']);
    const found = typeof ref === 'string' ? await this.ranges(this.modelPath(path, ref)) : { ranges: [], problems: [] };
    return { notes: doseWarnings(text, originalText, found.ranges), problems: found.problems };
  }

  /** The model path the engine would load (a built-in id, or a path relative to the scenario). */
  private modelPath(scenario: string, ref: string): string {
    return !/[\\/]/.test(ref) && !/\.ya?ml$/i.test(ref) ? this.host.resolve('/models/_', `${ref}.yaml`) : this.host.resolve(scenario, ref);
  }

  private ranges(modelPath: string): Promise<Found> {
    let p = this.cache.get(modelPath);
    if (!p) {
      p = this.collect(modelPath).catch(() => ({ ranges: [], problems: [] }));
      this.cache.set(modelPath, p);
    }
    return p;
  }

  /** Ranges declared in `modelPath` and the module files below it (a file the engine cannot read adds none). */
  private async collect(modelPath: string): Promise<Found> {
    const out: Found = { ranges: [], problems: [] };
    const queue = [modelPath];
    const seen = new Set<string>();
    while (queue.length && seen.size < MAX_FILES) {
      const file = queue.shift()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const text = await this.host.readText(file).catch(() => undefined);
      if (text === undefined) continue;
      const found = studiedDosesOf(text, file);
      out.ranges.push(...found.ranges);
      out.problems.push(...found.problems);
      queue.push(...moduleFiles(text).map((m) => this.host.resolve(file, m)));
    }
    return out;
  }
}
