import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SimContext } from '../context.ts';
import { requireProjectAccess } from '../http/auth.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { oe, sendJson, time } from '../http/json.ts';
import { pageOf, parsePaging } from '../http/paging.ts';
import { parseQ, termMatches } from '../http/query.ts';
import { queryBool, queryInt, queryString } from '../http/body.ts';
import type { Artifact, Label, Repository } from '../state/model.ts';
import type { Store } from '../state/store.ts';
import { resolveProject, visibleProjects } from './projects.ts';

export function labelModel(label: Label): Record<string, unknown> {
  return {
    color: oe(label.color),
    creation_time: time(label.creationTime),
    description: oe(label.description),
    id: label.id,
    name: label.name,
    project_id: label.projectId,
    scope: label.scope,
    update_time: time(label.updateTime),
  };
}

function repositoryModel(repo: Repository): Record<string, unknown> {
  return {
    artifact_count: repo.artifacts.length,
    creation_time: time(repo.creationTime),
    id: repo.id,
    name: repo.name,
    project_id: repo.projectId,
    pull_count: 0,
    update_time: time(repo.updateTime),
  };
}

function artifactModel(
  store: Store,
  repo: Repository,
  artifact: Artifact,
  withTag: boolean,
  withLabel: boolean,
): Record<string, unknown> {
  const labels = artifact.labelIds
    .map((id) => store.labels.get(id))
    .filter((l): l is Label => l !== undefined);
  return {
    digest: artifact.digest,
    id: artifact.id,
    labels: withLabel && labels.length > 0 ? labels.map(labelModel) : undefined,
    manifest_media_type: artifact.mediaType,
    media_type: 'application/vnd.oci.image.config.v1+json',
    project_id: repo.projectId,
    pull_time: '0001-01-01T00:00:00.000Z',
    push_time: time(artifact.pushTime),
    repository_id: repo.id,
    size: artifact.size,
    tags:
      withTag && artifact.tags.length > 0
        ? artifact.tags.map((t) => ({
            artifact_id: artifact.id,
            id: t.id,
            immutable: false,
            name: t.name,
            pull_time: '0001-01-01T00:00:00.000Z',
            push_time: time(t.pushTime),
            repository_id: repo.id,
          }))
        : undefined,
    type: 'IMAGE',
  };
}

/** Harbor's repository path parameter is URL-encoded twice by clients (`a/b` → `a%252Fb`). */
function repoName(project: string, raw: string): string {
  return `${project}/${decodeURIComponent(raw)}`;
}

export function findArtifact(repo: Repository, reference: string): Artifact | undefined {
  return reference.startsWith('sha256:')
    ? repo.artifacts.find((a) => a.digest === reference)
    : repo.artifacts.find((a) => a.tags.some((t) => t.name === reference));
}

type RepoParams = { project: string; repo: string };

export function artifactRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { store } = ctx;

  app.get('/api/v2.0/labels', (request, reply) => {
    const paging = parsePaging(request);
    const scope = queryString(request, 'scope') ?? '';
    if (scope !== 'g' && scope !== 'p') throw badRequest(`invalid scope: ${scope}`);
    const projectId = queryInt(request, 'project_id');
    if (scope === 'p') {
      if (!projectId) throw badRequest('must with project ID when to query project labels');
      requireProjectAccess(request.principal, store.projects.get(projectId), 'label', 'list');
    }
    const name = queryString(request, 'name');
    const labels = [...store.labels.values()]
      .filter((l) => l.scope === scope && (scope === 'g' || l.projectId === projectId))
      .filter((l) => (name ? l.name.includes(name) : true))
      .sort((a, b) => a.id - b.id);
    return sendJson(reply, 200, pageOf(request, reply, labels, paging).map(labelModel));
  });

  const listRepositories = (request: FastifyRequest, repos: Repository[]): Repository[] => {
    const q = parseQ(queryString(request, 'q'));
    if (!q) throw badRequest('invalid query string');
    const blob = q.get('blob_digest');
    return repos
      .filter((r) => termMatches(q.get('name'), r.name))
      .filter(
        (r) =>
          !blob ||
          r.artifacts.some((a) => a.manifest.includes(blob.kind === 'exact' ? blob.value : '\u0000')),
      )
      .sort((a, b) => b.creationTime.getTime() - a.creationTime.getTime() || b.id - a.id);
  };

  app.get('/api/v2.0/repositories', (request, reply) => {
    const paging = parsePaging(request);
    const ids = new Set(visibleProjects(store, request.principal).map((p) => p.id));
    const repos = listRepositories(
      request,
      [...store.repositories.values()].filter((r) => ids.has(r.projectId)),
    );
    return sendJson(reply, 200, pageOf(request, reply, repos, paging).map(repositoryModel));
  });

  app.get<{ Params: { project: string } }>('/api/v2.0/projects/:project/repositories', (request, reply) => {
    const paging = parsePaging(request);
    const project = resolveProject(store, request, request.params.project);
    requireProjectAccess(request.principal, project, 'repository', 'list');
    if (!project) throw notFound(`project ${request.params.project} not found`);
    const repos = listRepositories(
      request,
      [...store.repositories.values()].filter((r) => r.projectId === project.id),
    );
    return sendJson(reply, 200, pageOf(request, reply, repos, paging).map(repositoryModel));
  });

  const loadRepo = (
    request: FastifyRequest<{ Params: RepoParams }>,
    resource: string,
    action: string,
  ): Repository => {
    const project = store.projectByName(request.params.project);
    requireProjectAccess(request.principal, project, resource, action);
    const name = repoName(request.params.project, request.params.repo);
    const repo = store.repositoryByName(name);
    if (!repo) throw notFound(`repository ${name} not found`);
    return repo;
  };

  app.get<{ Params: RepoParams }>('/api/v2.0/projects/:project/repositories/:repo', (request, reply) => {
    return sendJson(reply, 200, repositoryModel(loadRepo(request, 'repository', 'read')));
  });

  // Deleting a repository deletes its artifacts, each with its deletion event (what a clean-up does
  // before the project itself can go).
  app.delete<{ Params: RepoParams }>('/api/v2.0/projects/:project/repositories/:repo', (request, reply) => {
    const repo = loadRepo(request, 'repository', 'delete');
    for (const artifact of [...repo.artifacts]) store.deleteArtifact(repo, artifact);
    store.repositories.delete(repo.id);
    return reply.code(200).send();
  });

  app.get<{ Params: RepoParams }>(
    '/api/v2.0/projects/:project/repositories/:repo/artifacts',
    (request, reply) => {
      const paging = parsePaging(request);
      const repo = loadRepo(request, 'artifact', 'list');
      const withTag = queryBool(request, 'with_tag') ?? true;
      const withLabel = queryBool(request, 'with_label') ?? false;
      const q = parseQ(queryString(request, 'q'));
      if (!q) throw badRequest('invalid query string');
      const tagTerm = q.get('tags');
      const artifacts = [...repo.artifacts]
        .filter(
          (a) =>
            !tagTerm ||
            (tagTerm.kind === 'exact' && tagTerm.value === '*'
              ? a.tags.length > 0
              : tagTerm.kind === 'exact' && tagTerm.value === 'nil'
                ? a.tags.length === 0
                : a.tags.some((t) => termMatches(tagTerm, t.name))),
        )
        .sort((a, b) => b.pushTime.getTime() - a.pushTime.getTime() || b.id - a.id);
      return sendJson(
        reply,
        200,
        pageOf(request, reply, artifacts, paging).map((a) =>
          artifactModel(store, repo, a, withTag, withLabel),
        ),
      );
    },
  );

  app.get<{ Params: RepoParams & { reference: string } }>(
    '/api/v2.0/projects/:project/repositories/:repo/artifacts/:reference',
    (request, reply) => {
      const repo = loadRepo(request, 'artifact', 'read');
      const artifact = findArtifact(repo, request.params.reference);
      if (!artifact) throw notFound(`artifact ${repo.name}@${request.params.reference} not found`);
      const withLabel = queryBool(request, 'with_label') ?? false;
      return sendJson(
        reply,
        200,
        artifactModel(store, repo, artifact, queryBool(request, 'with_tag') ?? true, withLabel),
      );
    },
  );

  app.delete<{ Params: RepoParams & { reference: string } }>(
    '/api/v2.0/projects/:project/repositories/:repo/artifacts/:reference',
    (request, reply) => {
      const repo = loadRepo(request, 'artifact', 'delete');
      const artifact = findArtifact(repo, request.params.reference);
      if (!artifact) throw notFound(`artifact ${repo.name}@${request.params.reference} not found`);
      store.deleteArtifact(repo, artifact);
      return reply.code(200).send();
    },
  );

  app.delete<{ Params: RepoParams & { reference: string; tag: string } }>(
    '/api/v2.0/projects/:project/repositories/:repo/artifacts/:reference/tags/:tag',
    (request, reply) => {
      const repo = loadRepo(request, 'tag', 'delete');
      const artifact = findArtifact(repo, request.params.reference);
      if (!artifact) throw notFound(`artifact ${repo.name}@${request.params.reference} not found`);
      if (!artifact.tags.some((t) => t.name === request.params.tag))
        throw notFound(`tag ${request.params.tag} not found`);
      store.deleteTag(repo, artifact, request.params.tag);
      return reply.code(200).send();
    },
  );
}
