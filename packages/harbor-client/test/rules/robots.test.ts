import { describe, expect, it } from 'vitest';
import {
  checkRobotPermissions,
  explainRobotPermissions,
  parseHarborVersion,
  replicationRobotPermissions,
  refreshedRobotExportContent,
  robotExportContent,
  robotExportFileName,
  validateRobotDuration,
  validateRobotSecret,
} from '../../src/index.ts';

describe('replicationRobotPermissions', () => {
  it('gives a push robot repository pull and push in the target project', () => {
    expect(replicationRobotPermissions({ mode: 'push', project: 'dst', deletion: false })).toEqual([
      {
        kind: 'project',
        namespace: 'dst',
        access: [
          { resource: 'repository', action: 'pull' },
          { resource: 'repository', action: 'push' },
        ],
      },
    ]);
  });

  it('adds repository and tag delete only when deletions are replicated', () => {
    const [permission] = replicationRobotPermissions({ mode: 'push', project: 'dst', deletion: true });
    expect(permission!.access).toEqual([
      { resource: 'repository', action: 'pull' },
      { resource: 'repository', action: 'push' },
      { resource: 'repository', action: 'delete' },
      { resource: 'tag', action: 'delete' },
    ]);
  });

  it('gives a pull robot listing and reading only', () => {
    const [permission] = replicationRobotPermissions({ mode: 'pull', project: 'src', deletion: true });
    expect(permission!.namespace).toBe('src');
    expect(permission!.access).toEqual([
      { resource: 'repository', action: 'list' },
      { resource: 'repository', action: 'pull' },
      { resource: 'artifact', action: 'list' },
      { resource: 'artifact', action: 'read' },
    ]);
  });

  it('explains every permission it grants', () => {
    for (const mode of ['push', 'pull'] as const) {
      const options = { mode, project: 'p', deletion: true };
      const explained = explainRobotPermissions(options);
      expect(explained.map(({ resource, action }) => ({ resource, action }))).toEqual(
        replicationRobotPermissions(options)[0]!.access,
      );
      for (const item of explained) expect(item.why.length).toBeGreaterThan(10);
    }
  });
});

describe('checkRobotPermissions', () => {
  it('accepts the presets', () => {
    expect(
      checkRobotPermissions(replicationRobotPermissions({ mode: 'push', project: 'dst', deletion: true })),
    ).toEqual({
      ok: true,
    });
  });

  it("refuses push without pull with the portal's message", () => {
    expect(
      checkRobotPermissions([
        { kind: 'project', namespace: 'dst', access: [{ resource: 'repository', action: 'push' }] },
      ]),
    ).toEqual({
      ok: false,
      message: 'Push permission can not work alone, it must work with pull permission',
    });
  });

  it("refuses empty permissions and access, and unknown kinds, with Harbor's messages", () => {
    expect(checkRobotPermissions([])).toEqual({ ok: false, message: 'bad request empty permission' });
    expect(checkRobotPermissions([{ kind: 'project', namespace: 'dst', access: [] }])).toEqual({
      ok: false,
      message: 'bad request empty access',
    });
    expect(
      checkRobotPermissions([
        { kind: 'team', namespace: 'dst', access: [{ resource: 'repository', action: 'pull' }] },
      ]),
    ).toEqual({ ok: false, message: 'bad request permission level: team' });
  });

  it.each([
    ['project', 'repository', 'fly', 'bad request permission: repository:fly'],
    ['project', 'registry', 'create', 'bad request permission: registry:create'],
    ['system', 'repository', 'push', 'bad request permission: repository:push'],
  ])('refuses a pair Harbor does not allow in a %s permission (%s:%s)', (kind, resource, action, message) => {
    expect(checkRobotPermissions([{ kind, namespace: 'dst', access: [{ resource, action }] }])).toEqual({
      ok: false,
      message,
    });
  });

  it('accepts the pairs a pull replication needs and system pairs in a system permission', () => {
    expect(
      checkRobotPermissions(replicationRobotPermissions({ mode: 'pull', project: 'src', deletion: false })),
    ).toEqual({
      ok: true,
    });
    expect(
      checkRobotPermissions([
        { kind: 'system', namespace: '/', access: [{ resource: 'replication-policy', action: 'create' }] },
      ]),
    ).toEqual({ ok: true });
  });
});

describe('robot export file', () => {
  it('is named after the full robot name, "$" and "+" kept', () => {
    expect(robotExportFileName('robot$dst+repl-from-a')).toBe('robot$dst+repl-from-a.json');
  });

  it("holds Harbor's create response in Harbor's key order", () => {
    const content = robotExportContent({
      secret: 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z',
      name: 'robot$dst+repl-from-a',
      id: 17,
      expires_at: -1,
      creation_time: '2026-08-21T05:58:10.123Z',
    });
    expect(content).toBe(
      '{"creation_time":"2026-08-21T05:58:10.123Z","expires_at":-1,"id":17,"name":"robot$dst+repl-from-a","secret":"Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z"}',
    );
  });

  it('leaves out keys Harbor omitted', () => {
    expect(robotExportContent({ id: 3, name: 'robot$p+r', secret: 's' })).toBe(
      '{"id":3,"name":"robot$p+r","secret":"s"}',
    );
  });
});

describe('robot duration and secret', () => {
  it('takes -1 (never) or a positive number of days', () => {
    for (const duration of [-1, 1, 30, 2 ** 31 - 2])
      expect(validateRobotDuration(duration)).toEqual({ ok: true });
    expect(validateRobotDuration(0)).toEqual({
      ok: false,
      message: 'bad request error duration input: 0, duration must be either -1(Never) or a positive integer',
    });
    for (const duration of [-2, 2 ** 31 - 1, 1.5]) expect(validateRobotDuration(duration).ok).toBe(false);
  });

  it('checks a chosen secret from Harbor 2.9 on', () => {
    expect(validateRobotSecret('Abcdefg1')).toEqual({ ok: true });
    const refused = {
      ok: false,
      message:
        'the secret must be 8-128, inclusively, characters long with at least 1 uppercase letter, 1 lowercase letter and 1 number',
    };
    for (const secret of ['Abcdef1', 'abcdefg1', 'ABCDEFG1', 'Abcdefgh', `A1${'b'.repeat(127)}`]) {
      expect(validateRobotSecret(secret)).toEqual(refused);
    }
    expect(validateRobotSecret('short', parseHarborVersion('v2.8.6')!)).toEqual({ ok: true });
  });
});

describe('refreshed robot export file', () => {
  it('is the whole robot as listed, permissions included, with the new secret', () => {
    const robot = {
      id: 17,
      name: 'robot$dst+repl',
      level: 'project',
      permissions: [
        { kind: 'project', namespace: 'dst', access: [{ resource: 'repository', action: 'pull' }] },
      ],
    };
    expect(JSON.parse(refreshedRobotExportContent(robot, 'N3wSecret'))).toEqual({
      ...robot,
      secret: 'N3wSecret',
    });
  });
});
