import { describe, expect, it } from 'vitest';

import { destinationNamespace, robotProjectName } from '../src/index.ts';

const project = { id: 3, name: 'dst', createdByWizard: true };

describe('robotProjectName', () => {
  it.each([
    ['push: the target project', 'push', project, 'dst'],
    ['pull: the source project', 'pull', { ...project, sourceProject: 'src' }, 'src'],
    ['pull before a source project is chosen', 'pull', project, null],
    ['no project chosen yet', 'push', null, null],
  ] as const)('%s', (_title, mode, chosen, expected) => {
    expect(robotProjectName({ mode, project: chosen })).toBe(expected);
  });
});

describe('destinationNamespace', () => {
  it.each([
    ['the namespace typed in', 'mirror/team', project, 'mirror/team'],
    ['else the target project', '', project, 'dst'],
    ['blank counts as empty', '  ', project, 'dst'],
    ['not typed yet', undefined, project, 'dst'],
    ['nothing chosen at all', '', null, ''],
  ] as const)('%s', (_title, namespace, chosen, expected) => {
    expect(destinationNamespace(namespace, { project: chosen })).toBe(expected);
  });
});
