import { describe, expect, it } from 'vitest';

import { apiPaths, connectBodySchema, routeUrl, routes } from '../src/index.ts';

describe('route table', () => {
  it('builds each URL from the path, parameters in path order, each encoded', () => {
    expect(apiPaths.session).toBe('/api/session');
    expect(apiPaths.setup('a b/c')).toBe('/api/setups/a%20b%2Fc');
    expect(apiPaths.connect('s1', 'target')).toBe('/api/setups/s1/connect/target');
    expect(apiPaths.taskLog('s1', 7, 9)).toBe('/api/setups/s1/executions/7/tasks/9/log');
    expect(routeUrl(routes.execution.path, { id: 's1', executionId: 3 })).toBe('/api/setups/s1/executions/3');
  });

  it('keeps the slashes of a wildcard tail, without doubling the first one', () => {
    expect(apiPaths.harborProxy('source', '/projects/p/repositories')).toBe(
      '/api/harbor/source/projects/p/repositories',
    );
  });

  it('declares each path once', () => {
    const paths = Object.values(routes).map((r) => r.path);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('reads a connect body as the demo Harbor or as credentials, with the errors of the fields', () => {
    expect(connectBodySchema.parse({ demo: true })).toEqual({ demo: true });
    const missing = connectBodySchema.safeParse({ url: 'https://h.example', username: 'admin' });
    expect(missing.error?.issues.map((i) => i.path.join('.'))).toEqual(['password']);
  });
});
