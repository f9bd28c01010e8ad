/**
 * Drafts (desktop/renderer/drafts.ts): unsaved scenario edits survive reloads and scenario switches,
 * per file, and a broken or full storage never breaks editing.
 */
import { describe, expect, it } from 'vitest';
import { DraftStore, draftNote } from '../../desktop/renderer/drafts.js';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => { map.set(k, v); }, removeItem: (k) => { map.delete(k); } };
}

describe('DraftStore', () => {
  it('keeps one draft per file and gives it back as written', () => {
    const s = new DraftStore(memoryStorage());
    s.put('/scenarios/a.yaml', 'a: 2', 'a: 1', 1000);
    s.put('/user/b.yaml', 'b: 3', 'b: 0', 2000);
    expect(s.get('/scenarios/a.yaml')).toEqual({ text: 'a: 2', original: 'a: 1', savedAt: 1000 });
    expect(s.get('/user/b.yaml')).toEqual({ text: 'b: 3', original: 'b: 0', savedAt: 2000 });
    expect(s.get('/scenarios/c.yaml')).toBeUndefined();
  });

  it('text equal to the original is no draft: an edit undone by hand removes it', () => {
    const st = memoryStorage();
    const s = new DraftStore(st);
    s.put('/scenarios/a.yaml', 'a: 2', 'a: 1');
    s.put('/scenarios/a.yaml', 'a: 1', 'a: 1');
    expect(s.get('/scenarios/a.yaml')).toBeUndefined();
    expect(st.map.size).toBe(0);
  });

  it('remembers the last file, and survives a new store over the same storage (a reload)', () => {
    const st = memoryStorage();
    new DraftStore(st).setLastFile('/user/b.yaml');
    new DraftStore(st).put('/user/b.yaml', 'b: 3', 'b: 0', 5);
    const after = new DraftStore(st);
    expect(after.lastFile()).toBe('/user/b.yaml');
    expect(after.get('/user/b.yaml')?.text).toBe('b: 3');
  });

  it('ignores a corrupt entry instead of throwing', () => {
    const st = memoryStorage();
    st.map.set('oncotwin.draft:/scenarios/a.yaml', '{not json');
    st.map.set('oncotwin.draft:/scenarios/b.yaml', JSON.stringify({ text: 1 }));
    const s = new DraftStore(st);
    expect(s.get('/scenarios/a.yaml')).toBeUndefined();
    expect(s.get('/scenarios/b.yaml')).toBeUndefined();
  });

  it('a full or missing storage disables drafts without breaking the caller', () => {
    const full = { getItem: () => null, setItem: () => { throw new DOMException('quota', 'QuotaExceededError'); }, removeItem: () => { throw new Error('denied'); } };
    const s = new DraftStore(full);
    expect(() => s.put('/scenarios/a.yaml', 'x', 'y')).not.toThrow();
    expect(() => s.remove('/scenarios/a.yaml')).not.toThrow();
    const none = new DraftStore(undefined);
    none.put('/scenarios/a.yaml', 'x', 'y');
    expect(none.get('/scenarios/a.yaml')).toBeUndefined();
    expect(none.lastFile()).toBeUndefined();
  });

  it('the note names the file, not its path', () => {
    expect(draftNote('/scenarios/default.yaml', { text: '', original: 'x', savedAt: 0 })).toMatch(/^Showing your unsaved edits of default\.yaml \(last edited .+\)\.$/);
  });
});
