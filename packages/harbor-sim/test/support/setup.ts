import { afterEach, expect } from 'vitest';
import { drainViolations } from './harbor.ts';

// Every response any simulator sent during a test (to the test or to the other simulator) must
// match the OpenAPI document, unless a documented deviation allows it.
afterEach(() => {
  expect(drainViolations()).toEqual([]);
});
