import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { Page } from '../../src/client/pagination.ts';
import { collectAll, paginate } from '../../src/client/pagination.ts';
import { caught, on, testClient, useMswServer } from './helpers.ts';

useMswServer();

function labels(n: number) {
  return Array.from({ length: n }, (_, i) => ({ id: i + 1, name: `l${i + 1}` }));
}

// A fake Harbor label list honouring page/page_size and reporting X-Total-Count.
function serveLabels(n: number) {
  const all = labels(n);
  return on('get', '/api/v2.0/labels', ({ request }) => {
    const q = new URL(request.url).searchParams;
    const page = Number(q.get('page') ?? '1');
    const size = Number(q.get('page_size') ?? '10');
    return HttpResponse.json(all.slice((page - 1) * size, page * size), {
      headers: { 'X-Total-Count': String(n) },
    });
  });
}

describe('paging', () => {
  it('paginate() walks every page of a Harbor list, 100 at a time by default', async () => {
    const seen = serveLabels(250);
    const client = testClient();
    const names: string[] = [];
    for await (const label of paginate((page, pageSize) => client.labels.listGlobal({ page, pageSize }))) {
      names.push(label.name ?? '');
    }
    expect(names).toHaveLength(250);
    expect(names[0]).toBe('l1');
    expect(names[249]).toBe('l250');
    expect(seen.map((r) => [r.query.page, r.query.page_size])).toEqual([
      ['1', '100'],
      ['2', '100'],
      ['3', '100'],
    ]);
  });

  it('stops after the page that completes X-Total-Count, without an extra empty request', async () => {
    const seen = serveLabels(200);
    const client = testClient();
    const all = await collectAll((page, pageSize) => client.labels.listGlobal({ page, pageSize }));
    expect(all).toHaveLength(200);
    expect(seen).toHaveLength(2);
  });

  it('stops on a short page even when the total is over-reported', async () => {
    const pages: Page<number>[] = [
      { items: [1, 2], total: 999 },
      { items: [3], total: 999 },
    ];
    const calls: number[] = [];
    const all = await collectAll((page) => {
      calls.push(page);
      return Promise.resolve(pages[page - 1] ?? { items: [], total: 999 });
    }, 2);
    expect(all).toEqual([1, 2, 3]);
    expect(calls).toEqual([1, 2]);
  });

  it('stops early when the consumer breaks out', async () => {
    const seen = serveLabels(300);
    const client = testClient();
    for await (const label of paginate((page, pageSize) => client.labels.listGlobal({ page, pageSize }))) {
      if (label.id === 5) break;
    }
    expect(seen).toHaveLength(1);
  });

  it('refuses pageSize > 100 before sending anything (Harbor would answer 422)', async () => {
    const seen = serveLabels(5);
    const client = testClient();
    await expect(caught(client.labels.listGlobal({ pageSize: 101 }))).resolves.toBeInstanceOf(RangeError);
    await expect(
      caught(collectAll((page, pageSize) => client.labels.listGlobal({ page, pageSize }), 500)),
    ).resolves.toBeInstanceOf(RangeError);
    await expect(caught(client.projects.list({ page: 0 }))).resolves.toBeInstanceOf(RangeError);
    expect(seen).toHaveLength(0);
  });

  it('a page without X-Total-Count still yields a usable total', async () => {
    on('get', '/api/v2.0/labels', () => HttpResponse.json(labels(3)));
    const page = await testClient().labels.listGlobal({ page: 2, pageSize: 10 });
    expect(page.items).toHaveLength(3);
    expect(page.total).toBe(13);
  });

  it('a `null` list body is an empty page', async () => {
    on('get', '/api/v2.0/labels', () => HttpResponse.json(null, { headers: { 'X-Total-Count': '0' } }));
    await expect(testClient().labels.listGlobal()).resolves.toEqual({ items: [], total: 0 });
  });
});
