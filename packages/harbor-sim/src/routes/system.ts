import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../context.ts';
import { isAuthenticated, isSysAdmin, projectPermissions, requireAuthenticated } from '../http/auth.ts';
import { queryBool, queryString } from '../http/body.ts';
import { forbidden, notFound, precondition, unauthorized } from '../http/errors.ts';
import { robotPolicies } from '../harbor-rules.ts';
import { oe, sendJson, time } from '../http/json.ts';

export function systemRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get('/api/version', (_req, reply) => sendJson(reply, 200, { version: 'v2.0' }));

  app.get('/api/v2.0/ping', (_req, reply) =>
    reply.code(200).header('content-type', 'text/plain').send('Pong'),
  );

  app.get('/api/v2.0/systeminfo', (request, reply) => {
    const url = new URL(ctx.baseUrl());
    const info: Record<string, unknown> = {
      auth_mode: ctx.authMode,
      banner_message: '',
      primary_auth_mode: false,
      self_registration: false,
    };
    // Up to 2.12 the version was public; since 2.13 only logged-in callers see it.
    if (isAuthenticated(request.principal) || !ctx.capabilities.versionHiddenFromAnonymous)
      info.harbor_version = ctx.harborVersion;
    if (isAuthenticated(request.principal)) {
      Object.assign(info, {
        current_time: time(ctx.now()),
        external_url: ctx.baseUrl(),
        has_ca_root: false,
        notification_enable: true,
        project_creation_restriction: ctx.store.projectCreationRestriction,
        read_only: false,
        registry_storage_provider_name: 'filesystem',
        registry_url: url.host,
      });
    }
    return sendJson(reply, 200, info);
  });

  app.get('/api/v2.0/users/current', (request, reply) => {
    const p = request.principal;
    if (p.kind === 'anonymous') throw unauthorized();
    if (p.kind === 'robot') throw precondition('get current user not available for security context: robot');
    const u = p.user;
    return sendJson(reply, 200, {
      admin_role_in_auth: false,
      comment: oe(''),
      creation_time: time(u.creationTime),
      email: oe(u.email),
      realname: oe(u.realname),
      sysadmin_flag: u.sysadmin,
      update_time: time(u.creationTime),
      user_id: u.id,
      username: u.username,
    });
  });

  app.get('/api/v2.0/users/current/permissions', (request, reply) => {
    const p = request.principal;
    requireAuthenticated(p);
    const scope = queryString(request, 'scope') ?? '';
    const relative = queryBool(request, 'relative') ?? false;
    const match = /^\/project\/(\d+)$/.exec(scope);
    if (!match) return sendJson(reply, 200, []);
    const project = ctx.store.projects.get(Number(match[1]));
    const perms = projectPermissions(p, project).map(({ resource, action }) => ({
      action,
      resource: relative ? resource : `${scope}/${resource}`,
    }));
    return sendJson(reply, 200, perms);
  });

  // The valid {resource, action} pairs for robots (2.10+): both scopes for sysadmins, the project
  // scope for project admins, 403 for everyone else.
  app.get('/api/v2.0/permissions', (request, reply) => {
    const policies = robotPolicies(ctx.version);
    if (!ctx.capabilities.permissionsApi || !policies) throw notFound('GET /api/v2.0/permissions not found');
    const p = request.principal;
    requireAuthenticated(p);
    const list = (set: ReadonlySet<string>) =>
      [...set].map((key) => {
        const [resource, action] = key.split(':') as [string, string];
        return { action, resource };
      });
    if (isSysAdmin(p))
      return sendJson(reply, 200, {
        project: list(policies.project),
        system: list(policies.system),
      });
    if (p.kind === 'user' && [...p.user.memberships.values()].includes('projectAdmin'))
      return sendJson(reply, 200, { project: list(policies.project) });
    throw forbidden();
  });
}
