import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

describe('generated Harbor types', () => {
  it('are what the pinned spec generates today (regenerating changes nothing)', () => {
    const output = execFileSync('node', [join(root, 'scripts', 'generate.mjs'), '--check'], {
      encoding: 'utf8',
    });
    expect(output).toContain('up to date');
  }, 30_000);

  it('come from Harbor v2 API spec, not a hand-written model', () => {
    const spec = readFileSync(join(root, 'spec', 'harbor-swagger.yaml'), 'utf8');
    expect(spec).toMatch(/^swagger: '2\.0'/m);
    expect(spec).toContain('basePath: /api/v2.0');
    const types = readFileSync(join(root, 'src', 'generated', 'harbor.d.ts'), 'utf8');
    expect(types).toContain('"/replication/executions/{id}/tasks/{task_id}/log"');
    expect(types).toContain('RobotCreated: {');
  });
});
