import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimContext } from '../context.ts';
import {
  authenticateBasic,
  canProject,
  isAuthenticated,
  isSysAdmin,
  parseBasic,
  principalName,
  type Principal,
} from '../http/auth.ts';
import { queryString } from '../http/body.ts';
import {
  parseScope,
  signToken,
  TOKEN_TTL_SECONDS,
  verifyToken,
  type TokenAccess,
} from '../http/registry-token.ts';
import { toSortedJson } from '../http/json.ts';
import type { Artifact } from '../state/model.ts';

const ACTION_PERMISSION: Record<string, [string, string]> = {
  pull: ['repository', 'pull'],
  push: ['repository', 'push'],
  delete: ['repository', 'delete'],
  // Harbor's bearer scope for deletion asks for `*`, which needs repository:delete.
  '*': ['repository', 'delete'],
};

/** The actions of a requested scope the principal really holds (what Harbor's token service grants). */
function grant(ctx: SimContext, p: Principal, requested: TokenAccess): TokenAccess {
  if (requested.type === 'registry') return { ...requested, actions: isSysAdmin(p) ? requested.actions : [] };
  if (requested.type !== 'repository') return { ...requested, actions: [] };
  const project = ctx.store.projectByName(requested.name.split('/')[0] ?? '');
  const actions = requested.actions.filter((action) => {
    const perm = ACTION_PERMISSION[action];
    return perm !== undefined && project !== undefined && canProject(p, project, perm[0], perm[1]);
  });
  return { ...requested, actions };
}

function registryError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  detail?: unknown,
): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(`${JSON.stringify({ errors: [{ code, message, detail }] })}\n`);
}

type Route =
  | { kind: 'base' }
  | { kind: 'catalog' }
  | { kind: 'manifest'; repo: string; reference: string }
  | { kind: 'tags'; repo: string }
  | { kind: 'blob'; repo: string; digest: string }
  | { kind: 'upload-start'; repo: string }
  | { kind: 'upload'; repo: string; id: string };

function route(path: string): Route | undefined {
  if (path === '/v2/' || path === '/v2') return { kind: 'base' };
  if (path === '/v2/_catalog') return { kind: 'catalog' };
  let m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(path);
  if (m) return { kind: 'manifest', repo: m[1]!, reference: decodeURIComponent(m[2]!) };
  m = /^\/v2\/(.+)\/tags\/list$/.exec(path);
  if (m) return { kind: 'tags', repo: m[1]! };
  m = /^\/v2\/(.+)\/blobs\/uploads\/?$/.exec(path);
  if (m) return { kind: 'upload-start', repo: m[1]! };
  m = /^\/v2\/(.+)\/blobs\/uploads\/([^/]+)$/.exec(path);
  if (m) return { kind: 'upload', repo: m[1]!, id: m[2]! };
  m = /^\/v2\/(.+)\/blobs\/(sha256:[a-f0-9]{64})$/.exec(path);
  if (m) return { kind: 'blob', repo: m[1]!, digest: m[2]! };
  return undefined;
}

/**
 * Harbor's token service (`/service/token`) and a small Docker Registry v2 API guarded by its bearer
 * tokens, enough for the health check, the permission probe and replication between instances.
 */
export function registryV2Routes(app: FastifyInstance, ctx: SimContext): void {
  const { store } = ctx;
  const uploads = new Map<string, Buffer[]>();
  const realm = (request: FastifyRequest): string =>
    `${request.protocol}://${request.headers.host ?? new URL(ctx.baseUrl()).host}/service/token`;

  app.get('/service/token', (request, reply) => {
    const p = request.principal;
    const raw = (request.query as Record<string, string | string[] | undefined>).scope;
    const scopes = (Array.isArray(raw) ? raw : raw ? [raw] : []).flatMap((s) => s.split(' ')).filter(Boolean);
    // An unauthenticated request without a scope is refused; that is what makes bad credentials "unhealthy".
    if (!isAuthenticated(p) && scopes.length === 0) {
      return registryError(reply, 401, 'UNAUTHORIZED', 'unauthorized');
    }
    const access = scopes
      .map(parseScope)
      .filter((a): a is TokenAccess => a !== undefined)
      .map((a) => grant(ctx, p, a));
    const now = ctx.now();
    const token = signToken(ctx.tokenKey, isAuthenticated(p) ? principalName(p) : '', access, now.getTime());
    return reply
      .code(200)
      .header('content-type', 'application/json')
      .send(toSortedJson({ expires_in: TOKEN_TTL_SECONDS, issued_at: now.toISOString(), token }));
  });

  const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const path = new URL(request.url, 'http://sim').pathname;
    const r = route(path);
    const challenge = (scope?: string): FastifyReply => {
      reply.header(
        'www-authenticate',
        `Bearer realm="${realm(request)}",service="harbor-registry"${scope ? `,scope="${scope}"` : ''}`,
      );
      return registryError(reply, 401, 'UNAUTHORIZED', 'unauthorized to access repository');
    };
    // Bearer tokens from /service/token, or Basic credentials (Harbor accepts both on /v2).
    const header = request.headers.authorization ?? '';
    let claims: { sub: string; access: TokenAccess[] } | undefined;
    let basic: Principal | undefined;
    if (/^bearer /i.test(header))
      claims = verifyToken(ctx.tokenKey, header.slice(7).trim(), ctx.now().getTime());
    else if (header) basic = authenticateBasic(store, parseBasic(header), ctx.now().getTime());
    const allowed = (repo: string, action: string): boolean => {
      if (claims)
        return claims.access.some(
          (a) =>
            a.type === 'repository' &&
            a.name === repo &&
            (a.actions.includes(action) || a.actions.includes('*')),
        );
      if (basic)
        return grant(ctx, basic, { type: 'repository', name: repo, actions: [action] }).actions.length > 0;
      return false;
    };
    if (!r) return registryError(reply, 404, 'NOT_FOUND', 'not found');
    if (r.kind === 'base' || r.kind === 'catalog') {
      if (!claims && !(basic && isAuthenticated(basic))) return challenge();
      if (r.kind === 'catalog') {
        return reply
          .code(200)
          .send({ repositories: [...store.repositories.values()].map((x) => x.name).sort() });
      }
      return reply.code(200).header('content-type', 'application/json').send('{}');
    }
    const method = request.method;
    const action = method === 'GET' || method === 'HEAD' ? 'pull' : method === 'DELETE' ? 'delete' : 'push';
    if (!allowed(r.repo, action)) {
      if (!claims && !basic) return challenge(`repository:${r.repo}:${action}`);
      reply.header(
        'www-authenticate',
        `Bearer realm="${realm(request)}",service="harbor-registry",scope="repository:${r.repo}:${action}",error="insufficient_scope"`,
      );
      return registryError(
        reply,
        401,
        'UNAUTHORIZED',
        `unauthorized to access repository: ${r.repo}, action: ${action}: unauthorized to access repository: ${r.repo}, action: ${action}`,
      );
    }
    const repo = store.repositoryByName(r.repo);
    const find = (ref: string): Artifact | undefined =>
      repo?.artifacts.find((a) =>
        ref.startsWith('sha256:') ? a.digest === ref : a.tags.some((t) => t.name === ref),
      );

    switch (r.kind) {
      case 'manifest': {
        if (method === 'GET' || method === 'HEAD') {
          const artifact = find(r.reference);
          if (!artifact)
            return registryError(reply, 404, 'MANIFEST_UNKNOWN', `manifest unknown`, { Tag: r.reference });
          reply
            .code(200)
            .header('content-type', artifact.mediaType)
            .header('docker-content-digest', artifact.digest)
            .header('content-length', String(Buffer.byteLength(artifact.manifest)));
          return method === 'HEAD' ? reply.send() : reply.send(artifact.manifest);
        }
        if (method === 'PUT') {
          const body = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
          const target = store.ensureRepository(r.repo, ctx.now());
          if (!target)
            return registryError(
              reply,
              404,
              'NAME_UNKNOWN',
              `project ${r.repo.split('/')[0] ?? ''} not found`,
            );
          const artifact = store.pushManifest(
            target,
            body,
            request.headers['content-type'] ?? 'application/vnd.oci.image.manifest.v1+json',
            r.reference,
            ctx.now(),
          );
          return reply
            .code(201)
            .header('location', `/v2/${r.repo}/manifests/${artifact.digest}`)
            .header('docker-content-digest', artifact.digest)
            .send();
        }
        if (method === 'DELETE') {
          const artifact = find(r.reference);
          if (!repo || !artifact) return registryError(reply, 404, 'MANIFEST_UNKNOWN', 'manifest unknown');
          store.deleteArtifact(repo, artifact);
          return reply.code(202).send();
        }
        break;
      }
      case 'tags': {
        if (!repo) return registryError(reply, 404, 'NAME_UNKNOWN', 'repository name not known to registry');
        const tags = repo.artifacts.flatMap((a) => a.tags.map((t) => t.name)).sort();
        return reply
          .code(200)
          .header('content-type', 'application/json')
          .send(JSON.stringify({ name: r.repo, tags }));
      }
      case 'blob': {
        const blob = store.blobs.get(r.digest);
        if (!blob) return registryError(reply, 404, 'BLOB_UNKNOWN', 'blob unknown to registry');
        reply
          .code(200)
          .header('content-type', 'application/octet-stream')
          .header('docker-content-digest', r.digest)
          .header('content-length', String(blob.length));
        return method === 'HEAD' ? reply.send() : reply.send(blob);
      }
      case 'upload-start': {
        if (method !== 'POST') break;
        const mount = queryString(request, 'mount');
        if (mount && store.blobs.has(mount)) {
          return reply
            .code(201)
            .header('location', `/v2/${r.repo}/blobs/${mount}`)
            .header('docker-content-digest', mount)
            .send();
        }
        const digest = queryString(request, 'digest');
        const content = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        if (digest) return finishUpload(reply, r.repo, digest, content);
        const id = randomUUID();
        uploads.set(id, []);
        return reply
          .code(202)
          .header('location', `/v2/${r.repo}/blobs/uploads/${id}`)
          .header('docker-upload-uuid', id)
          .header('range', '0-0')
          .send();
      }
      case 'upload': {
        const parts = uploads.get(r.id);
        if (!parts)
          return registryError(reply, 404, 'BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry');
        if (Buffer.isBuffer(request.body)) parts.push(request.body);
        if (method === 'PATCH') {
          const size = parts.reduce((n, b) => n + b.length, 0);
          return reply
            .code(202)
            .header('location', `/v2/${r.repo}/blobs/uploads/${r.id}`)
            .header('range', `0-${Math.max(0, size - 1)}`)
            .send();
        }
        if (method === 'PUT') {
          uploads.delete(r.id);
          return finishUpload(reply, r.repo, queryString(request, 'digest') ?? '', Buffer.concat(parts));
        }
        if (method === 'DELETE') {
          uploads.delete(r.id);
          return reply.code(204).send();
        }
        break;
      }
    }
    return registryError(reply, 405, 'UNSUPPORTED', 'The operation is unsupported.');
  };

  const finishUpload = (reply: FastifyReply, repo: string, digest: string, content: Buffer): FastifyReply => {
    const actual = `sha256:${createHash('sha256').update(content).digest('hex')}`;
    if (digest !== actual)
      return registryError(reply, 400, 'DIGEST_INVALID', 'provided digest did not match uploaded content');
    store.blobs.set(actual, content);
    return reply
      .code(201)
      .header('location', `/v2/${repo}/blobs/${actual}`)
      .header('docker-content-digest', actual)
      .send();
  };

  app.route({ method: ['GET', 'HEAD', 'PUT', 'POST', 'PATCH', 'DELETE'], url: '/v2/*', handler });
  app.route({ method: ['GET', 'HEAD'], url: '/v2', handler });
}
