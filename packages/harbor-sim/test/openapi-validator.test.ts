import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HarborSim } from '../src/index.ts';
import { checkAgainstSpec } from './support/openapi.ts';
import { drainViolations, startSim } from './support/harbor.ts';

let sim: HarborSim;
beforeAll(async () => {
  sim = await startSim();
});
afterAll(async () => {
  await sim.close();
});

const base = { method: 'GET', url: 'http://sim/api/v2.0/registries/1', contentType: 'application/json' };

describe('the OpenAPI check used by every test', () => {
  it('accepts a Registry body that matches the schema', () => {
    expect(() =>
      checkAgainstSpec({
        ...base,
        status: 200,
        body: '{"id":1,"name":"a","type":"harbor","url":"http://a","status":"healthy"}',
      }),
    ).not.toThrow();
  });

  it('rejects a key the model does not have and a wrongly typed field', () => {
    expect(() =>
      checkAgainstSpec({ ...base, status: 200, body: '{"id":1,"name":"a","secret":"x"}' }),
    ).toThrow(/must NOT have additional properties/);
    expect(() => checkAgainstSpec({ ...base, status: 200, body: '{"id":"1"}' })).toThrow(/must be integer/);
  });

  it('rejects an undeclared status unless a documented deviation allows it', () => {
    expect(() => checkAgainstSpec({ ...base, status: 418, body: '' })).toThrow(/status 418 is not declared/);
    expect(() =>
      checkAgainstSpec({
        method: 'POST',
        url: 'http://sim/api/v2.0/robots',
        contentType: 'application/json',
        status: 409,
        body: '{"errors":[]}',
      }),
    ).not.toThrow();
  });

  it('sees responses the simulator sends to anyone, not only to the test', async () => {
    sim.control.injectFault({ path: '/api/v2.0/ping', status: 418 });
    await (await fetch(`${sim.url}/api/v2.0/ping`)).text();
    expect(drainViolations()).toEqual([expect.stringContaining('status 418 is not declared')]);
  });
});

describe('documented deviations', () => {
  it('a policy body is still checked apart from its null filters', () => {
    const answer = (body: string) => () =>
      checkAgainstSpec({
        method: 'GET',
        url: 'http://sim/api/v2.0/replication/policies/1',
        status: 200,
        contentType: 'application/json',
        body,
      });
    expect(answer('{"id":1,"name":"p","filters":null,"speed":0}')).not.toThrow();
    expect(answer('{"id":1,"name":"p","filters":null,"surprise":true}')).toThrow(/additional properties/);
  });
});
