/**
 * Import cycles between files and between folders of engine/ and desktop/ (type-only imports count:
 * a type cycle still couples two modules). Prints the strongly connected components; exits 1 if any.
 * Run: npx tsx scripts/import-cycles.ts. (Cycles between the top-level parts of engine/common, a
 * sub-folder counted with its parent, are checked by test/common/architecture/folder-cycles.test.ts.)
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, resolve, relative } from 'node:path';
import { execSync } from 'node:child_process';
const files = execSync("git ls-files 'engine/*.ts' 'desktop/*.ts'").toString().trim().split('\n');
const graph = new Map<string, Set<string>>();
const byFolder = new Map<string, Set<string>>();
for (const f of files) {
  const src = readFileSync(f, 'utf8');
  const deps = new Set<string>();
  for (const m of src.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
    let p = resolve(dirname(f), m[1]).replace(/\.js$/, '.ts');
    if (!existsSync(p)) continue;
    deps.add(relative(process.cwd(), p));
  }
  graph.set(f, deps);
  const fo = dirname(f);
  for (const d of deps) { const dd = dirname(d); if (dd !== fo && !dd.startsWith(fo + '/') && !fo.startsWith(dd + '/')) { if (!byFolder.has(fo)) byFolder.set(fo, new Set()); byFolder.get(fo)!.add(dd); } }
}
function scc(g: Map<string, Set<string>>): string[][] {
  let idx = 0; const st: string[] = []; const on = new Set<string>(); const ix = new Map<string, number>(); const low = new Map<string, number>(); const out: string[][] = [];
  const strong = (v: string) => {
    ix.set(v, idx); low.set(v, idx); idx++; st.push(v); on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!ix.has(w)) { strong(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v)!, ix.get(w)!));
    }
    if (low.get(v) === ix.get(v)) { const c: string[] = []; let w; do { w = st.pop()!; on.delete(w); c.push(w); } while (w !== v); if (c.length > 1) out.push(c); }
  };
  for (const v of g.keys()) if (!ix.has(v)) strong(v);
  return out;
}
console.log('file cycles:', JSON.stringify(scc(graph), null, 1));
console.log('folder cycles:', JSON.stringify(scc(byFolder), null, 1));
if (scc(graph).length || scc(byFolder).length) process.exit(1);
