// A save Harbor refuses because it cannot reach the endpoint URL comes back with the wizard's own
// checks of that URL (DNS, TCP, TLS, HTTP), so the endpoint step itself says what to fix.
import http from 'node:http';

import { apiErrorSchema, apiPaths, setupStateSchema } from '@hw/wizard-api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';

import { Browser, closedPort } from '../helpers.ts';
import { setupAtEndpoint, startAppWithSims } from '../sims.ts';

const { sims, app } = await startAppWithSims();

// A plain-HTTP server, for an https:// URL that points at it.
const plain = http.createServer((_request, response) => response.end('plain http'));
await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
const plainPort = (plain.address() as { port: number }).port;
afterAll(() => new Promise<void>((resolve) => plain.close(() => resolve())));

let browser: Browser;
let id: string;
let n = 0;
beforeEach(async () => {
  browser = await Browser.started(app);
  id = await setupAtEndpoint(browser, sims, `diag-${++n}-${Date.now() % 100000}`);
});

const save = (url: string) => browser.put(apiPaths.endpoint(id), { name: `ep-${n}`, url });

describe('saving an endpoint Harbor cannot reach', () => {
  it('on a closed port: says connection refused on that port, from the wizard’s server', async () => {
    const port = await closedPort();
    const res = await save(`http://127.0.0.1:${port}`);
    expect(res.statusCode).toBe(400);
    const error = apiErrorSchema.parse(res.json());
    expect(error.code).toBe('endpoint-unreachable');
    const tcp = error.diagnosis?.find((c) => c.id === 'tcp');
    expect(tcp).toMatchObject({ status: 'fail' });
    expect(tcp?.title).toContain("from the wizard's server");
    expect(tcp?.detail).toBe(`Connection refused on port ${port} of 127.0.0.1: nothing listens there.`);
    expect(error.diagnosis?.find((c) => c.id === 'http')?.status).toBe('skip');
    expect(error.hint).toContain(`Connection refused on port ${port}`);
    expect(error.hint).not.toMatch(/connection test/i);

    const corrected = await save(sims.target.url);
    expect(corrected.statusCode).toBe(200);
    expect(setupStateSchema.parse(corrected.json()).endpoint?.url).toBe(sims.target.url);
  });

  it('with https:// on a plain-HTTP port: says the port does not speak TLS, not to paste a CA', async () => {
    const res = await save(`https://127.0.0.1:${plainPort}`);
    expect(res.statusCode).toBe(400);
    const error = apiErrorSchema.parse(res.json());
    const tls = error.diagnosis?.find((c) => c.id === 'tls');
    expect(tls?.status).toBe('fail');
    expect(tls?.detail).toContain(`Port ${plainPort} on 127.0.0.1 does not speak TLS`);
    expect(tls?.fix).toContain(`http://127.0.0.1:${plainPort}`);
    expect(`${tls?.cause} ${tls?.fix}`).not.toMatch(/paste|CA certificate \(Harbor/i);
    expect(error.hint).toContain('does not speak TLS');
  });
});
