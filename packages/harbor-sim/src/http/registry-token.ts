import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type TokenAccess = { type: string; name: string; actions: string[] };
export type TokenClaims = {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  access: TokenAccess[];
};

const b64 = (value: Buffer | string): string => Buffer.from(value).toString('base64url');
export const TOKEN_TTL_SECONDS = 1800;

/** A JWT-shaped registry token (header.payload.signature, base64url). Harbor signs RS256; HS256 is enough here. */
export function signToken(key: Buffer, subject: string, access: TokenAccess[], nowMs: number): string {
  const iat = Math.floor(nowMs / 1000);
  const header = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'harbor-sim' }));
  const claims: TokenClaims = {
    iss: 'harbor-token-issuer',
    sub: subject,
    aud: 'harbor-registry',
    exp: iat + TOKEN_TTL_SECONDS,
    nbf: iat - 1,
    iat,
    jti: randomBytes(8).toString('hex'),
    access,
  };
  const payload = b64(JSON.stringify(claims));
  const signature = b64(createHmac('sha256', key).update(`${header}.${payload}`).digest());
  return `${header}.${payload}.${signature}`;
}

export function verifyToken(key: Buffer, token: string, nowMs: number): TokenClaims | undefined {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return undefined;
  const expected = createHmac('sha256', key).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
  if (claims.exp * 1000 <= nowMs) return undefined;
  return claims;
}

/** `repository:team/app:pull,push` → {type, name, actions}. */
export function parseScope(scope: string): TokenAccess | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last <= first) return undefined;
  return {
    type: scope.slice(0, first),
    name: scope.slice(first + 1, last),
    actions: scope
      .slice(last + 1)
      .split(',')
      .filter(Boolean),
  };
}
