// Path building shared by the resource modules.
import type { operations } from '../generated/harbor.d.ts';

export const API = '/api/v2.0';

/** The query parameters the generated spec declares for one operation. */
export type Query<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;

export function seg(value: string | number): string {
  return encodeURIComponent(String(value));
}

// Harbor's router decodes the path once before matching, so a repository name with "/" must be
// encoded twice: "a/b" → "a%2Fb" → "a%252Fb".
export function repositorySeg(repository: string): string {
  return encodeURIComponent(encodeURIComponent(repository));
}

// `/projects/{name_or_id}` treats a numeric string as an id unless told it is a name.
export function projectRef(nameOrId: string | number): { path: string; headers: Record<string, string> } {
  return typeof nameOrId === 'number'
    ? { path: `${API}/projects/${seg(nameOrId)}`, headers: {} }
    : { path: `${API}/projects/${seg(nameOrId)}`, headers: { 'X-Is-Resource-Name': 'true' } };
}
