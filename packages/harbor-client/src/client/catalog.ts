// Read-only listings used to preview what a rule will replicate.
import type { HarborArtifact, HarborLabel, HarborRepository } from '../types.ts';
import type { Page, PageQuery } from './pagination.ts';
import { pageParams } from './pagination.ts';
import type { Query } from './paths.ts';
import { API, repositorySeg, seg } from './paths.ts';
import { readPage } from './read-response.ts';
import type { Transport } from './transport.ts';

export type RepositoryListQuery = PageQuery & { query?: string };
export type ArtifactListQuery = PageQuery & { withTag?: boolean; withLabel?: boolean };

export function createLabelsApi(t: Transport) {
  return {
    async listGlobal(q?: PageQuery): Promise<Page<HarborLabel>> {
      const query: Query<'ListLabels'> = { ...pageParams(q), scope: 'g' };
      const res = await t.send({
        operation: 'labels.listGlobal',
        method: 'GET',
        path: `${API}/labels`,
        query,
      });
      return readPage<HarborLabel>('labels.listGlobal', res);
    },
  };
}

export function createRepositoriesApi(t: Transport) {
  return {
    async list(project: string, q?: RepositoryListQuery): Promise<Page<HarborRepository>> {
      const query: Query<'listRepositories'> = { ...pageParams(q), q: q?.query };
      const path = `${API}/projects/${seg(project)}/repositories`;
      const res = await t.send({ operation: 'repositories.list', method: 'GET', path, query });
      return readPage<HarborRepository>('repositories.list', res);
    },

    async listAll(q?: RepositoryListQuery): Promise<Page<HarborRepository>> {
      const query: Query<'listAllRepositories'> = { ...pageParams(q), q: q?.query };
      const res = await t.send({
        operation: 'repositories.listAll',
        method: 'GET',
        path: `${API}/repositories`,
        query,
      });
      return readPage<HarborRepository>('repositories.listAll', res);
    },
  };
}

export function createArtifactsApi(t: Transport) {
  return {
    /** `repository` is the name below the project ("a/b" for "proj/a/b"). */
    async list(project: string, repository: string, q?: ArtifactListQuery): Promise<Page<HarborArtifact>> {
      const query: Query<'listArtifacts'> = {
        ...pageParams(q),
        with_tag: q?.withTag,
        with_label: q?.withLabel,
      };
      const path = `${API}/projects/${seg(project)}/repositories/${repositorySeg(repository)}/artifacts`;
      const res = await t.send({ operation: 'artifacts.list', method: 'GET', path, query });
      return readPage<HarborArtifact>('artifacts.list', res);
    },
  };
}
