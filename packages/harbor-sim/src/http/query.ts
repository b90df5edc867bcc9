/**
 * Harbor's `q` query language (`lib/q`): `k=v` exact, `k=~v` fuzzy, `k={a b}` any of, `k=[min~max]` range,
 * joined by commas.
 */
export type QueryTerm =
  | { kind: 'exact'; value: string }
  | { kind: 'fuzzy'; value: string }
  | { kind: 'or'; values: string[] }
  | { kind: 'range'; min?: string; max?: string };

const unquote = (s: string): string => s.trim().replace(/^['"`](.*)['"`]$/, '$1');

export function parseQ(q: string | undefined): Map<string, QueryTerm> | null {
  const terms = new Map<string, QueryTerm>();
  if (!q) return terms;
  for (const part of splitTopLevel(q)) {
    const eq = part.indexOf('=');
    if (eq <= 0) return null;
    const key = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1);
    if (raw.startsWith('~')) terms.set(key, { kind: 'fuzzy', value: unquote(raw.slice(1)) });
    else if (raw.startsWith('{') && raw.endsWith('}'))
      terms.set(key, { kind: 'or', values: raw.slice(1, -1).split(/\s+/).filter(Boolean).map(unquote) });
    else if (raw.startsWith('[') && raw.endsWith(']')) {
      const [min, max] = raw.slice(1, -1).split('~');
      terms.set(key, {
        kind: 'range',
        min: min ? unquote(min) : undefined,
        max: max ? unquote(max) : undefined,
      });
    } else terms.set(key, { kind: 'exact', value: unquote(raw) });
  }
  return terms;
}

function splitTopLevel(q: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of q) {
    if (ch === '{' || ch === '[') depth++;
    if (ch === '}' || ch === ']') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (current) parts.push(current);
  return parts;
}

export function termMatches(term: QueryTerm | undefined, value: string | number): boolean {
  if (!term) return true;
  const s = String(value);
  switch (term.kind) {
    case 'exact':
      return s === term.value;
    case 'fuzzy':
      return s.includes(term.value);
    case 'or':
      return term.values.includes(s);
    case 'range':
      return (term.min === undefined || s >= term.min) && (term.max === undefined || s <= term.max);
  }
}
