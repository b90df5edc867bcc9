// The few Go formatting and path behaviours that show up in Harbor's messages and names.

/** fmt's %q for a string (strconv.Quote) for the characters repository names can hold. */
export function goQuote(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what %q escapes
  const escaped = s.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => {
    const special: Record<string, string> = {
      '\\': '\\\\',
      '"': '\\"',
      '\n': '\\n',
      '\t': '\\t',
      '\r': '\\r',
    };
    return special[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  return `"${escaped}"`;
}

/** fmt's %v for a []string: "[a b c]". */
export function goStringSlice(items: readonly string[]): string {
  return `[${items.join(' ')}]`;
}

/** path.Clean: drops empty and "." elements, resolves "..", no trailing slash. */
function cleanPath(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** path.Join: joins the non-empty elements with "/" and cleans the result. */
export function goPathJoin(...elements: string[]): string {
  const parts = elements.filter((element) => element !== '');
  return parts.length === 0 ? '' : cleanPath(parts.join('/'));
}
