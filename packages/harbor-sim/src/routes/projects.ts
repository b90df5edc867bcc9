import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SimContext } from '../context.ts';
import { validateProjectName } from '../harbor-rules.ts';
import { isSysAdmin, requireAuthenticated, requireProjectAccess, type Principal } from '../http/auth.ts';
import { field, isRecord, objectBody, queryBool, queryString } from '../http/body.ts';
import { badRequest, conflict, forbidden, notFound, precondition, unprocessable } from '../http/errors.ts';
import { oe, sendCreated, sendJson, time } from '../http/json.ts';
import { pageOf, parsePaging } from '../http/paging.ts';
import { goBool } from '../http/request-spec.ts';
import { parseQ, termMatches } from '../http/query.ts';
import type { Project } from '../state/model.ts';
import type { Store } from '../state/store.ts';

const ROLE_IDS = { projectAdmin: 1, developer: 2, guest: 3, maintainer: 4 } as const;

/** A boolean header as go-swagger binds it (swag.ConvertBool: "1", "yes", "TRUE", … are true). */
function headerText(request: FastifyRequest, name: string): string {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** `{project_name_or_id}`: numeric means ID unless `X-Is-Resource-Name: true` is sent (`util.go:105`). */
export function resolveProject(store: Store, request: FastifyRequest, nameOrId: string): Project | undefined {
  const isName = goBool(headerText(request, 'x-is-resource-name'));
  if (!isName && /^\d+$/.test(nameOrId)) return store.projects.get(Number(nameOrId));
  return store.projectByName(nameOrId);
}

/** Projects a principal can see in lists: all for admins, else public ones plus memberships/robot namespaces. */
export function visibleProjects(store: Store, p: Principal): Project[] {
  return [...store.projects.values()].filter((project) => {
    if (isSysAdmin(p) || project.public) return true;
    if (p.kind === 'user') return p.user.memberships.has(project.id);
    if (p.kind === 'robot')
      return p.robot.permissions.some(
        (perm) => perm.kind === 'project' && (perm.namespace === project.name || perm.namespace === '*'),
      );
    return false;
  });
}

export function projectModel(store: Store, project: Project, p: Principal): Record<string, unknown> {
  const role = p.kind === 'user' ? p.user.memberships.get(project.id) : undefined;
  const roleId = role ? ROLE_IDS[role] : 0;
  const repoCount = [...store.repositories.values()].filter((r) => r.projectId === project.id).length;
  return {
    creation_time: time(project.creationTime),
    current_user_role_id: oe(roleId),
    current_user_role_ids: roleId ? [roleId] : undefined,
    cve_allowlist: {
      creation_time: time(project.creationTime),
      id: project.id,
      items: [],
      project_id: project.id,
      update_time: time(project.creationTime),
    },
    metadata: { public: String(project.public) },
    name: project.name,
    owner_id: project.ownerId,
    owner_name: project.ownerName,
    project_id: project.id,
    repo_count: repoCount,
    update_time: time(project.updateTime),
  };
}

export function projectRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { store } = ctx;

  app.head('/api/v2.0/projects', (request, reply) => {
    const name = queryString(request, 'project_name');
    if (name === undefined) throw unprocessable('project_name in query is required');
    requireAuthenticated(request.principal);
    // Existence is revealed to any logged-in caller, without a permission check.
    return reply.code(store.projectByName(name) ? 200 : 404).send();
  });

  app.get('/api/v2.0/projects', (request, reply) => {
    const paging = parsePaging(request);
    const q = parseQ(queryString(request, 'q'));
    if (!q) throw badRequest('invalid query string');
    const name = queryString(request, 'name');
    const owner = queryString(request, 'owner');
    const isPublic = queryBool(request, 'public');
    const p = request.principal;
    const projects = visibleProjects(store, p)
      .filter((project) => (name ? project.name.includes(name) : true))
      .filter((project) => (owner ? project.ownerName === owner : true))
      .filter((project) => (isPublic === undefined ? true : project.public === isPublic))
      .filter(
        (project) => termMatches(q.get('name'), project.name) && termMatches(q.get('project_id'), project.id),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
    return sendJson(
      reply,
      200,
      pageOf(request, reply, projects, paging).map((project) => projectModel(store, project, p)),
    );
  });

  app.get<{ Params: { name: string } }>('/api/v2.0/projects/:name', (request, reply) => {
    const project = resolveProject(store, request, request.params.name);
    requireProjectAccess(request.principal, project, 'project', 'read');
    if (!project) throw notFound(`project ${request.params.name} not found`);
    return sendJson(reply, 200, projectModel(store, project, request.principal));
  });

  app.post('/api/v2.0/projects', (request, reply) => {
    const body = objectBody(request);
    const name = field<string>(body, 'project_name', 'string') ?? '';
    if (name.length > 255) throw unprocessable('project_name in body should be at most 255 chars long');
    const metadata = field<Record<string, unknown>>(body, 'metadata', 'object');
    const p = request.principal;
    requireAuthenticated(p);
    if (p.kind === 'robot' && p.robot.level !== 'system')
      throw forbidden('Only system level robot can create project');
    if (store.projectCreationRestriction === 'adminonly' && !isSysAdmin(p))
      throw forbidden('Only system admin can create project');
    if (
      p.kind === 'robot' &&
      !p.robot.permissions.some(
        (perm) =>
          perm.kind === 'system' &&
          perm.access.some((a) => a.resource === 'project' && a.action === 'create'),
      )
    ) {
      throw forbidden();
    }
    let isPublic = body.public === true;
    if (metadata && isRecord(metadata) && metadata.public !== undefined) {
      const value = metadata.public;
      // The model field is a string: another JSON type fails go-swagger's binding (422).
      if (typeof value !== 'string') throw unprocessable('metadata.public in body must be of type string');
      if (value !== 'true' && value !== 'false')
        throw badRequest(`metadata.public should only be 'true' or 'false', but got: '${value}'`);
      isPublic = value === 'true';
    }
    const check = validateProjectName(name);
    if (!check.ok) throw badRequest(check.message);
    if (store.projectByName(name)) throw conflict(`The project named ${name} already exists`);
    const now = ctx.now();
    const project: Project = {
      id: store.nextId('project'),
      name,
      public: isPublic,
      ownerId: p.kind === 'user' ? p.user.id : 1,
      ownerName: p.kind === 'user' ? p.user.username : (store.users.get(1)?.username ?? 'admin'),
      creationTime: now,
      updateTime: now,
    };
    store.projects.set(project.id, project);
    if (p.kind === 'user' && !p.user.sysadmin) p.user.memberships.set(project.id, 'projectAdmin');
    const location = goBool(headerText(request, 'x-resource-name-in-location'))
      ? project.name
      : String(project.id);
    return sendCreated(reply, `/api/v2.0/projects/${location}`);
  });

  // `handler/project.go` `UpdateProject`: project:update, then the metadata given is copied over the
  // stored one (no check of its values, unlike CreateProject); a CVE allowlist must name this project.
  app.put<{ Params: { name: string } }>('/api/v2.0/projects/:name', (request, reply) => {
    const project = resolveProject(store, request, request.params.name);
    requireProjectAccess(request.principal, project, 'project', 'update');
    if (!project) throw notFound(`project ${request.params.name} not found`);
    const body = objectBody(request);
    const allowlist = field<Record<string, unknown>>(body, 'cve_allowlist', 'object');
    const allowlistProject = allowlist?.project_id;
    if (typeof allowlistProject === 'number' && allowlistProject !== 0 && allowlistProject !== project.id)
      throw badRequest(`project_id in cve_allowlist must be ${project.id} but it's ${allowlistProject}`);
    const metadata = field<Record<string, unknown>>(body, 'metadata', 'object');
    // The simulator keeps the flag, not its text: `IsPublic` (`pkg/project/models/project.go`) takes
    // "true" or "1", in any case, as public.
    if (metadata && typeof metadata.public === 'string' && metadata.public !== '')
      project.public = ['true', '1'].includes(metadata.public.toLowerCase());
    project.updateTime = ctx.now();
    return reply.code(200).send();
  });

  app.delete<{ Params: { name: string } }>('/api/v2.0/projects/:name', (request, reply) => {
    const project = resolveProject(store, request, request.params.name);
    requireProjectAccess(request.principal, project, 'project', 'delete');
    if (!project) throw notFound(`project ${request.params.name} not found`);
    const repos = [...store.repositories.values()].filter((r) => r.projectId === project.id);
    if (repos.length > 0) throw precondition(`the project contains repositories, can not be deleted`);
    store.projects.delete(project.id);
    for (const robot of store.robots.values())
      if (robot.projectId === project.id) store.robots.delete(robot.id);
    for (const user of store.users.values()) user.memberships.delete(project.id);
    return reply.code(200).send();
  });

  app.get<{ Params: { name: string } }>('/api/v2.0/projects/:name/summary', (request, reply) => {
    const project = resolveProject(store, request, request.params.name);
    requireProjectAccess(request.principal, project, 'project', 'read');
    if (!project) throw notFound(`project ${request.params.name} not found`);
    const repoCount = [...store.repositories.values()].filter((r) => r.projectId === project.id).length;
    return sendJson(reply, 200, { repo_count: oe(repoCount) });
  });
}
