// The four item calls Harbor's registries and replication policies answer alike: get by id, create
// (201 with the new id in Location), update as a full replace, delete.
import { seg } from './paths.ts';
import { readCreatedId, readObject } from './read-response.ts';
import type { Transport } from './transport.ts';

/**
 * `name` prefixes each operation (`registries.get`, ...), `path` is the collection below the Harbor
 * root; `normalize` fills in what Harbor leaves out of a fetched item.
 */
export function collectionItems<Item, Create, Update>(
  t: Transport,
  name: string,
  path: string,
  normalize: (item: Item) => Item = (item) => item,
) {
  const one = (id: number) => `${path}/${seg(id)}`;
  return {
    async get(id: number): Promise<Item> {
      const res = await t.send({ operation: `${name}.get`, method: 'GET', path: one(id) });
      return normalize(readObject<Item>(`${name}.get`, res));
    },

    async create(body: Create): Promise<{ id: number }> {
      const res = await t.send({ operation: `${name}.create`, method: 'POST', path, body });
      return readCreatedId(`${name}.create`, res);
    },

    async update(id: number, body: Update): Promise<void> {
      await t.send({ operation: `${name}.update`, method: 'PUT', path: one(id), body });
    },

    async delete(id: number): Promise<void> {
      await t.send({ operation: `${name}.delete`, method: 'DELETE', path: one(id) });
    },
  };
}
