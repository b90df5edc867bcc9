import type { HarborProject, HarborProjectReq } from '../types.ts';
import type { Page, PageQuery } from './pagination.ts';
import { pageParams, paginate } from './pagination.ts';
import type { Query } from './paths.ts';
import { API, projectRef } from './paths.ts';
import { readCreatedId, readObject, readPage } from './read-response.ts';
import type { Transport } from './transport.ts';

export type ProjectListQuery = PageQuery & { name?: string; query?: string };

export function createProjectsApi(t: Transport) {
  async function list(q?: ProjectListQuery): Promise<Page<HarborProject>> {
    const query: Query<'listProjects'> = { ...pageParams(q), name: q?.name, q: q?.query };
    const res = await t.send({ operation: 'projects.list', method: 'GET', path: `${API}/projects`, query });
    return readPage<HarborProject>('projects.list', res);
  }

  return {
    async exists(name: string): Promise<boolean> {
      const query: Query<'headProject'> = { project_name: name };
      const res = await t.send({
        operation: 'projects.exists',
        method: 'HEAD',
        path: `${API}/projects`,
        query,
        allowStatus: [404],
      });
      return res.status !== 404;
    },

    list,

    async findByName(name: string): Promise<HarborProject | null> {
      // `name=` is a LIKE match, so walk the candidates and keep the exact one.
      for await (const project of paginate((page, pageSize) => list({ name, page, pageSize }))) {
        if (project.name === name) return project;
      }
      return null;
    },

    async get(nameOrId: string | number): Promise<HarborProject> {
      const ref = projectRef(nameOrId);
      const res = await t.send({
        operation: 'projects.get',
        method: 'GET',
        path: ref.path,
        headers: ref.headers,
      });
      return readObject<HarborProject>('projects.get', res);
    },

    async create(req: HarborProjectReq): Promise<{ id: number }> {
      const res = await t.send({
        operation: 'projects.create',
        method: 'POST',
        path: `${API}/projects`,
        body: req,
      });
      return readCreatedId('projects.create', res);
    },

    async delete(nameOrId: string | number): Promise<void> {
      const ref = projectRef(nameOrId);
      await t.send({ operation: 'projects.delete', method: 'DELETE', path: ref.path, headers: ref.headers });
    },
  };
}
