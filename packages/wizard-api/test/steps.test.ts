import { describe, expect, it } from 'vitest';

import { STEP_IDS, sidesFor, stepSide } from '../src/index.ts';

describe('which Harbor each step acts on', () => {
  it('push mode: robot on the target, endpoint and rule on the source (the document’s case)', () => {
    expect(sidesFor('push')).toEqual({ robot: 'target', rule: 'source' });
    expect(stepSide('robot', 'push')).toBe('target');
    expect(stepSide('endpoint', 'push')).toBe('source');
    expect(stepSide('rule', 'push')).toBe('source');
  });

  it('pull mode swaps the roles: robot on the source, endpoint and rule on the target', () => {
    expect(sidesFor('pull')).toEqual({ robot: 'source', rule: 'target' });
    expect(stepSide('credentials', 'pull')).toBe('source');
    expect(stepSide('connection-test', 'pull')).toBe('target');
    expect(stepSide('run', 'pull')).toBe('target');
  });

  it('the destination project is always on the target, and the steps keep their order', () => {
    expect(stepSide('project', 'push')).toBe('target');
    expect(stepSide('project', 'pull')).toBe('target');
    expect(STEP_IDS[0]).toBe('start');
    expect(STEP_IDS.indexOf('credentials')).toBe(STEP_IDS.indexOf('robot') + 1);
    expect(STEP_IDS.at(-1)).toBe('done');
  });
});
