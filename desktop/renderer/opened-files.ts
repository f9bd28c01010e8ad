/**
 * What the page does with files the user opens (picker, folder, drop): keeps them all in the
 * UserFileStore (so the engine finds a scenario's model files), lists the scenarios among them in
 * the scenario selector under "Your files", and says what was opened, what was left out and why.
 * A scenario is a YAML file with a top-level `scenario:` key; model files have none.
 */
import type { OpenedFiles } from '../common/host.js';
import { displayPath, USER_PREFIX, userPath, type UserFileStore } from './user-files.js';

const isScenario = (text: string): boolean => /^scenario\s*:/m.test(text);

export class OpenedFilesView {
  private readonly group: HTMLOptGroupElement;

  constructor(private readonly store: UserFileStore, private readonly select: HTMLSelectElement, private readonly note: HTMLElement) {
    this.group = Object.assign(document.createElement('optgroup'), { label: 'Your files' });
  }

  /** Takes in one open's files; returns the `/user/…` path of the first scenario among them, if any. */
  take(opened: OpenedFiles): string | undefined {
    const files = opened.files.map((f) => ({ path: userPath(f.path), text: f.text }));
    this.store.add(files);
    const scenarios = files.filter((f) => isScenario(f.text)).map((f) => f.path).sort();
    for (const s of scenarios) this.ensureOption(s);
    const others = files.length - scenarios.length;
    const parts = [`Opened ${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'} and ${others} other file${others === 1 ? '' : 's'} (${files.map((f) => displayPath(f.path)).join(', ') || 'none'}).`];
    if (!scenarios.length && files.length) parts.push('None of them is a scenario (a top-level `scenario:` key): they are kept as model files for the scenario on screen and any you open next.');
    if (scenarios.length > 1) parts.push('Pick the others under “Your files” in the scenario list.');
    if (opened.skipped.length) parts.push(`Left out: ${opened.skipped.map((s) => `${s.path} (${s.why})`).join('; ')}.`);
    this.note.textContent = parts.join(' ');
    this.note.hidden = false;
    return scenarios[0];
  }

  /** The opened text of a user file, if it was opened in this page. */
  text(path: string): string | undefined {
    return this.store.get(path);
  }

  /** Lists `path` (a `/user/…` scenario) in the selector, once. */
  ensureOption(path: string): void {
    if (!path.startsWith(USER_PREFIX)) return;
    if (!this.group.isConnected) this.select.append(this.group);
    if (![...this.group.children].some((o) => (o as HTMLOptionElement).value === path)) {
      this.group.append(Object.assign(document.createElement('option'), { value: path, textContent: displayPath(path) }));
    }
  }
}
