// Harbor lists are paged with `page`/`page_size` (max 100, or Harbor answers 422) and report the
// full size in `X-Total-Count`.

export type Page<T> = { items: T[]; total: number };
export type PageQuery = { page?: number; pageSize?: number };

export const MAX_PAGE_SIZE = 100;

export function pageParams(q: PageQuery | undefined): { page?: number; page_size?: number } {
  const out: { page?: number; page_size?: number } = {};
  if (q?.page !== undefined) {
    if (!Number.isInteger(q.page) || q.page < 1)
      throw new RangeError(`page must be an integer ≥ 1, got ${q.page}`);
    out.page = q.page;
  }
  if (q?.pageSize !== undefined) {
    checkPageSize(q.pageSize);
    out.page_size = q.pageSize;
  }
  return out;
}

function checkPageSize(pageSize: number): void {
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new RangeError(`pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${pageSize}`);
  }
}

// Walks every page lazily; stops on a short or empty page or once `total` items were seen, so a
// server that mis-reports the total cannot make it loop forever.
export async function* paginate<T>(
  fetchPage: (page: number, pageSize: number) => Promise<Page<T>>,
  pageSize: number = MAX_PAGE_SIZE,
): AsyncGenerator<T> {
  checkPageSize(pageSize);
  let seen = 0;
  for (let page = 1; ; page++) {
    const { items, total } = await fetchPage(page, pageSize);
    for (const item of items) yield item;
    seen += items.length;
    if (items.length < pageSize || seen >= total) return;
  }
}

export async function collectAll<T>(
  fetchPage: (page: number, pageSize: number) => Promise<Page<T>>,
  pageSize?: number,
): Promise<T[]> {
  const all: T[] = [];
  for await (const item of paginate(fetchPage, pageSize)) all.push(item);
  return all;
}
