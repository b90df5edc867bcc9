import { describe, expect, it } from 'vitest';

import { parseRobotName, robotFullName, sameRobotName } from '../../src/index.ts';

describe('parseRobotName', () => {
  it.each([
    ['robot$dst+replicator', undefined, { stored: 'dst+replicator', project: 'dst', name: 'replicator' }],
    ['robot$dst+repl.from-a', undefined, { stored: 'dst+repl.from-a', project: 'dst', name: 'repl.from-a' }],
    ['robot$sysbot', undefined, { stored: 'sysbot', project: null, name: 'sysbot' }],
    ['harbor$$dst+r', undefined, { stored: 'dst+r', project: 'dst', name: 'r' }],
    ['bot_dst+repl', 'bot_', { stored: 'dst+repl', project: 'dst', name: 'repl' }],
    // Without the prefix, a "$"-less prefix cannot be told apart from the project; the name still can.
    ['bot_dst+repl', undefined, { stored: 'bot_dst+repl', project: 'bot_dst', name: 'repl' }],
    ['dst+repl', undefined, { stored: 'dst+repl', project: 'dst', name: 'repl' }],
  ] as const)('%s (prefix %s)', (fullName, prefix, parts) => {
    expect(parseRobotName(fullName, prefix)).toEqual(parts);
  });

  it('reads back what robotFullName builds', () => {
    expect(parseRobotName(robotFullName('dst', 'replicator')).name).toBe('replicator');
    expect(parseRobotName(robotFullName('dst', 'replicator', 'bot_'), 'bot_').project).toBe('dst');
  });
});

describe('sameRobotName', () => {
  it.each([
    ['robot$dst+r', 'robot$dst+r', true],
    ['robot$dst+r', 'harbor$dst+r', true],
    ['robot$dst+r', 'robot$dst+r2', false],
    ['robot$dst+r', 'robot$src+r', false],
    ['robot$dst+r', 'dst+r', false],
  ] as const)('%s and %s: %s', (a, b, same) => {
    expect(sameRobotName(a, b)).toBe(same);
  });
});
