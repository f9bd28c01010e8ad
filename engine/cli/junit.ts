/**
 * JUnit XML for `regress --junit FILE`, the format CI systems (GitLab, Jenkins, GitHub actions)
 * render as test reports: one <testcase> per scenario, <failure> for a mismatch, <error> for a
 * scenario that could not run.
 */

export interface JunitCase {
  name: string;
  classname: string;
  timeSeconds: number;
  failure?: { message: string; body: string };
  error?: { message: string; body: string };
}

/**
 * Escapes text for XML content and attribute values, and drops characters XML 1.0 cannot carry
 * (control characters other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF) — an ANSI colour escape
 * in a message would otherwise make the whole report unparseable.
 */
export function escapeXml(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/**
 * `escapeXml` for an attribute value: a parser normalises a literal tab, LF or CR in an attribute to a
 * space (XML 1.0 §3.3.3), so a multi-line message would arrive as one line; character references keep them.
 */
export function escapeXmlAttr(s: string): string {
  return escapeXml(s).replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A complete JUnit XML document for one suite. */
export function junitXml(suite: string, cases: JunitCase[], timestamp: string): string {
  const failures = cases.filter((c) => c.failure).length;
  const errors = cases.filter((c) => c.error).length;
  const time = cases.reduce((s, c) => s + c.timeSeconds, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXmlAttr(suite)}" tests="${cases.length}" failures="${failures}" errors="${errors}" time="${time.toFixed(3)}">`,
    `  <testsuite name="${escapeXmlAttr(suite)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0" time="${time.toFixed(3)}" timestamp="${escapeXmlAttr(timestamp)}">`,
  ];
  for (const c of cases) {
    const open = `    <testcase classname="${escapeXmlAttr(c.classname)}" name="${escapeXmlAttr(c.name)}" time="${c.timeSeconds.toFixed(3)}"`;
    const problem = c.failure ? ['failure', c.failure] as const : c.error ? ['error', c.error] as const : undefined;
    if (!problem) {
      lines.push(`${open}/>`);
      continue;
    }
    const [tag, p] = problem;
    lines.push(`${open}>`, `      <${tag} message="${escapeXmlAttr(p.message)}">${escapeXml(p.body)}</${tag}>`, '    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
