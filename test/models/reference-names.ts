/**
 * Which model files a reference suite loads, read from its code (not its comments or test titles):
 * file names passed to the loaders (`libraryModel('x.yaml')`, `probeModel('x.yaml', …)`) and the
 * `file:` of case objects the suite passes to them (`libraryModel(c.file)`).
 */
import ts from 'typescript';

const LOADERS = new Set(['libraryModel', 'probeModel']);

/** Model file names `source` (a test file's text) loads. */
export function loadedModelFiles(source: string): Set<string> {
  const sf = ts.createSourceFile('suite.ts', source, ts.ScriptTarget.Latest, true);
  const direct = new Set<string>();
  const cases = new Set<string>();
  let loadsCaseFiles = false;
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && LOADERS.has(n.expression.text)) {
      const arg = n.arguments[0];
      if (arg && ts.isStringLiteralLike(arg)) direct.add(arg.text);
      if (arg && ts.isPropertyAccessExpression(arg) && arg.name.text === 'file') loadsCaseFiles = true;
    }
    if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && n.name.text === 'file' && ts.isStringLiteralLike(n.initializer)) cases.add(n.initializer.text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return new Set([...direct, ...(loadsCaseFiles ? cases : [])]);
}
