// The Docker registry token flow as Harbor's replication adapter runs it: an anonymous `GET /v2/`
// yields a Bearer challenge, the realm hands out a JWT for a scope in exchange for Basic
// credentials, and the JWT's `access` claim says which actions were actually granted.
import { decodeBase64Url } from './basic-auth.ts';
import { readObject } from './read-response.ts';
import type { HarborResponse, Transport } from './transport.ts';
import { invalidResponse } from './transport.ts';

export type RegistryTokenAccess = { type: string; name: string; actions: string[] };
export type RegistryTokenGrant = { token: string; access: RegistryTokenAccess[] };

const OPERATION = 'registryToken';

/** Parses `Bearer realm="…",service="…"` into its parameters (lower-cased names). */
export function parseBearerChallenge(header: string): Record<string, string> | null {
  const match = /^\s*bearer\s+(.*)$/i.exec(header);
  if (match === null) return null;
  const params: Record<string, string> = {};
  for (const m of (match[1] ?? '').matchAll(/([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    const name = (m[1] ?? '').toLowerCase();
    params[name] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
  }
  return params;
}

/** Reads the `access` claim of a JWT without verifying its signature (we only display it). */
export function decodeTokenAccess(token: string): RegistryTokenAccess[] | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(decodeBase64Url(parts[1]));
  } catch {
    return null;
  }
  if (typeof payload !== 'object' || payload === null) return null;
  const access: unknown = 'access' in payload ? payload.access : undefined;
  if (!Array.isArray(access)) return [];
  return access.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const type = 'type' in entry && typeof entry.type === 'string' ? entry.type : '';
    const name = 'name' in entry && typeof entry.name === 'string' ? entry.name : '';
    const raw: unknown = 'actions' in entry ? entry.actions : undefined;
    const actions = Array.isArray(raw) ? raw.filter((a): a is string => typeof a === 'string') : [];
    return [{ type, name, actions }];
  });
}

export async function requestRegistryToken(t: Transport, scope: string): Promise<RegistryTokenGrant> {
  const challenge = await t.send({
    operation: OPERATION,
    method: 'GET',
    path: '/v2/',
    auth: false,
    allowStatus: [401],
  });
  const params = parseBearerChallenge(challenge.headers.get('www-authenticate') ?? '');
  if (challenge.status !== 401 || params?.realm === undefined || params.realm === '') {
    throw invalidResponse(OPERATION, challenge, 'GET /v2/ did not answer with a Bearer challenge');
  }
  // Harbor's realm is built from its external_url, which may not be the address we were given.
  // Credentials only ever go to the configured Harbor: keep the realm's path, not its host.
  const realmPath = new URL(params.realm, 'http://relative.invalid').pathname;
  const res = await t.send({
    operation: OPERATION,
    method: 'GET',
    path: realmPath,
    query: { service: params.service, scope: scope === '' ? undefined : scope },
  });
  return readGrant(res);
}

function readGrant(res: HarborResponse): RegistryTokenGrant {
  const body = readObject<{ token?: unknown; access_token?: unknown }>(OPERATION, res);
  const token =
    typeof body.token === 'string'
      ? body.token
      : typeof body.access_token === 'string'
        ? body.access_token
        : '';
  if (token === '') throw invalidResponse(OPERATION, res, 'the token response has no token');
  const access = decodeTokenAccess(token);
  if (access === null) throw invalidResponse(OPERATION, res, 'the token is not a decodable JWT');
  return { token, access };
}
