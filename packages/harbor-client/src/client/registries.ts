// Registry endpoints on the source Harbor. Note the body shapes differ: create nests `credential`,
// update and ping use flat `access_key`/`access_secret`/`credential_type`.
import type {
  HarborRegistry,
  HarborRegistryInfo,
  HarborRegistryPing,
  HarborRegistryUpdate,
} from '../types.ts';
import { collectionItems } from './collection.ts';
import type { Page, PageQuery } from './pagination.ts';
import { pageParams } from './pagination.ts';
import type { Query } from './paths.ts';
import { API, seg } from './paths.ts';
import { readArray, readObject, readPage } from './read-response.ts';
import type { Transport } from './transport.ts';

export type RegistryListQuery = PageQuery & { name?: string };

export function createRegistriesApi(t: Transport) {
  const items = collectionItems<HarborRegistry, HarborRegistry, HarborRegistryUpdate>(
    t,
    'registries',
    `${API}/registries`,
  );
  return {
    ...items,
    async list(q?: RegistryListQuery): Promise<Page<HarborRegistry>> {
      const query: Query<'listRegistries'> = { ...pageParams(q), name: q?.name };
      const res = await t.send({
        operation: 'registries.list',
        method: 'GET',
        path: `${API}/registries`,
        query,
      });
      return readPage<HarborRegistry>('registries.list', res);
    },

    /** Resolves when Harbor calls the endpoint healthy; a 400 "the registry is unhealthy" throws. */
    async ping(req: HarborRegistryPing): Promise<void> {
      await t.send({
        operation: 'registries.ping',
        method: 'POST',
        path: `${API}/registries/ping`,
        body: req,
      });
    },

    async info(id: number): Promise<HarborRegistryInfo> {
      const res = await t.send({
        operation: 'registries.info',
        method: 'GET',
        path: `${API}/registries/${seg(id)}/info`,
      });
      return readObject<HarborRegistryInfo>('registries.info', res);
    },

    async adapters(): Promise<string[]> {
      const res = await t.send({
        operation: 'registries.adapters',
        method: 'GET',
        path: `${API}/replication/adapters`,
      });
      return readArray<string>('registries.adapters', res);
    },
  };
}
