// Step 6: the other Harbor registered as an endpoint (registry) on the Harbor that runs the rule,
// with the robot's secret taken from the vault. Harbor's own ping runs first; an existing endpoint
// with the same URL and Access ID is reused instead of duplicated.
import type { HarborClient, HarborRegistry, RegistrySettings } from '@hw/harbor-client';
import {
  collectAll,
  isHarborError,
  normalizeRegistryUrl,
  registryCreateRequest,
  registryPingRequest,
  registryUpdateRequest,
  validateRegistryName,
} from '@hw/harbor-client';
import type { EndpointState } from '@hw/wizard-api';
import { createEndpointRequestSchema, sidesFor } from '@hw/wizard-api';
import type { FastifyPluginCallback } from 'fastify';

import type { SetupParams } from '../context.ts';
import { loadSetup } from '../context.ts';
import { fail, parseInput } from '../errors.ts';
import { assertEndpointUrlAllowed } from '../harbor/outbound.ts';
import type { SetupRecord } from '../storage/storage.ts';
import { sideClient } from '../wizard/side-client.ts';
import { completeStep, uncompleteFrom } from '../wizard/setups.ts';
import { setupRoute } from './route-paths.ts';

const NAME_MAX = 64;
/** Shown instead of the robot secret wherever a request body is displayed. */
export const SECRET_PLACEHOLDER = '(the robot secret, kept on the server)';

function normalized(url: string): string {
  const result = normalizeRegistryUrl(url);
  return result.ok && result.url ? result.url : url;
}

/** The endpoint's default name: the other Harbor's host, cut to Harbor's 64-character limit. */
export function defaultEndpointName(url: string): string {
  const host = new URL(url).host;
  const name = host.slice(0, NAME_MAX);
  return validateRegistryName(name).ok ? name : 'replication-target';
}

/**
 * A default name no registry on that Harbor uses yet: the host, then host-<project>, then a
 * numbered host-2, host-3…, each within Harbor's 64 characters (a taken name is a 409 on save).
 */
export function freeEndpointName(url: string, project: string | null, taken: ReadonlySet<string>): string {
  const base = defaultEndpointName(url);
  const fit = (name: string, suffix: string) => `${name.slice(0, NAME_MAX - suffix.length)}${suffix}`;
  const candidates = [base, ...(project ? [fit(base, `-${project}`.slice(0, NAME_MAX / 2))] : [])];
  for (const name of candidates) if (!taken.has(name) && validateRegistryName(name).ok) return name;
  for (let i = 2; ; i += 1) {
    const name = fit(base, `-${i}`);
    if (!taken.has(name)) return name;
  }
}

export async function listRegistries(client: HarborClient): Promise<HarborRegistry[]> {
  return collectAll((page, pageSize) => client.registries.list({ page, pageSize }), 100);
}

async function robotSecret(request: Parameters<typeof loadSetup>[0], setup: SetupRecord): Promise<string> {
  const secret = await request.server.ctx.secrets.get({
    sessionId: setup.sessionId,
    setupId: setup.id,
    name: 'robot-secret',
  });
  if (secret === null) {
    fail(
      409,
      'robot-secret-expired',
      'The robot secret is no longer on the server (it is forgotten after inactivity).',
      {
        hint: 'Go back to the robot step and create it again with "reuse": Harbor issues a new secret.',
      },
    );
  }
  return secret;
}

function unhealthy(error: unknown, ruleSide: string, url: string): never {
  if (isHarborError(error) && error.kind === 'http' && error.status === 400) {
    fail(
      400,
      'endpoint-unhealthy',
      `The ${ruleSide} Harbor could not reach ${url} or log in there with the robot account.`,
      {
        hint: 'Check that the URL is reachable from that Harbor (not only from your browser) and that the robot is valid; the connection test tells which.',
        harbor: { status: 400, operation: error.operation, errors: error.errors },
      },
    );
  }
  // Harbor answers its ping with a masked 500 when the remote is unreachable (network, DNS, TLS):
  // the URL the operator typed cannot be reached, a value to correct (400).
  if (isHarborError(error) && error.kind === 'http' && error.status === 500) {
    fail(
      400,
      'endpoint-unreachable',
      `The ${ruleSide} Harbor could not connect to ${url} (a network, DNS or TLS error; Harbor hides which).`,
      {
        hint: 'Check that this URL is reachable from that Harbor, and its certificate if it is https. The connection test diagnoses it step by step.',
        harbor: { status: 500, operation: error.operation, errors: error.errors },
      },
    );
  }
  throw error;
}

/**
 * Harbor's create re-runs the health check, but the ping just passed: a 5xx now is Harbor failing
 * internally (database, core), not the network the ping already crossed.
 */
function createFailed(error: unknown, ruleSide: string, url: string): never {
  if (isHarborError(error) && error.kind === 'http' && (error.status ?? 0) >= 500) {
    const said = error.harborMessage ? ` Harbor said: "${error.harborMessage}".` : '';
    fail(
      502,
      'harbor-server-error',
      `The ${ruleSide} Harbor could not save the endpoint: it failed with an internal error (HTTP ${error.status}) although its connection test of ${url} had just passed.${said}`,
      {
        hint: 'This is usually temporary: try again. If it persists, check the core log of that Harbor (database or storage problems).',
        harbor: { status: error.status, operation: error.operation, errors: error.errors },
      },
    );
  }
  return unhealthy(error, ruleSide, url);
}

export const endpointRoutes: FastifyPluginCallback = (app, _options, done) => {
  const { ctx } = app;

  app.get<{ Params: SetupParams }>(setupRoute('endpointDefaults'), async (request) => {
    const setup = await loadSetup(request);
    const sides = sidesFor(setup.state.mode);
    const robot = setup.state.robot;
    if (!robot)
      fail(409, 'robot-missing', 'Create the robot account first.', {
        hint: 'Go to the "Robot account" step.',
      });
    const remote = setup.state[sides.robot];
    if (!remote) fail(409, 'not-connected', `Connect the ${sides.robot} Harbor first.`);
    const client = await sideClient(ctx, setup, sides.rule);
    const url = normalized(remote.url);
    const registries = await listRegistries(client);
    const candidates = registries
      .filter((r) => r.id !== undefined && r.url !== undefined && normalized(r.url) === url)
      .map((r) => ({
        id: r.id ?? 0,
        name: r.name ?? '',
        url: r.url ?? '',
        accessKey: r.credential?.access_key ?? '',
        status: r.status ?? 'unknown',
        sameAccount: r.credential?.access_key === robot.name,
      }));
    return {
      name: freeEndpointName(
        url,
        setup.state.project?.name ?? null,
        new Set(registries.map((r) => r.name ?? '')),
      ),
      url,
      accessKey: robot.name,
      candidates,
      caCertificateSupported: setup.state[sides.rule]?.capabilities.registryCaCertificate ?? false,
    };
  });

  app.put<{ Params: SetupParams }>(setupRoute('endpoint'), async (request) => {
    const body = parseInput(createEndpointRequestSchema, request.body, 'endpoint');
    const first = await loadSetup(request);
    return ctx.setups.withLock(first.id, async () => {
      const setup = await loadSetup(request);
      const { state } = setup;
      const sides = sidesFor(state.mode);
      const robot = state.robot;
      if (!robot)
        fail(409, 'robot-missing', 'Create the robot account first.', {
          hint: 'Go to the "Robot account" step.',
        });
      const url = normalizeRegistryUrl(body.url);
      if (!url.ok || !url.url)
        fail(400, 'invalid-request', `The endpoint URL is not valid: ${url.ok ? '' : url.message}`);
      await assertEndpointUrlAllowed(ctx.harbor.outbound, url.url);
      const caSupported = state[sides.rule]?.capabilities.registryCaCertificate ?? false;
      if (body.caCertificate && !caSupported) {
        fail(
          400,
          'ca-not-supported',
          `The ${sides.rule} Harbor is older than 2.15 and cannot store a CA for an endpoint.`,
          {
            hint: 'Install the CA in that Harbor\'s trust store, or turn off "Verify Remote Cert".',
          },
        );
      }
      const secret = await robotSecret(request, setup);
      const client = await sideClient(ctx, setup, sides.rule);
      const ca = body.caCertificate && caSupported ? body.caCertificate : undefined;
      const settings: RegistrySettings = {
        name: body.name,
        description: body.description,
        url: url.url,
        accessKey: robot.name,
        accessSecret: secret,
        insecure: !body.verifyRemoteCert,
        ...(ca ? { caCertificate: ca } : {}),
      };

      // Remembered before Harbor is asked: when it refuses, the connection test diagnoses this URL,
      // and an earlier test result no longer speaks for what the operator entered.
      setup.internal.endpointAttemptUrl = url.url;
      state.connectionTest = null;
      uncompleteFrom(state, ['connection-test']);
      setup.internal.endpointTls = {
        verifyRemoteCert: body.verifyRemoteCert,
        ...(ca ? { caCertificate: ca } : {}),
      };
      await ctx.setups.save(setup);

      let endpoint: EndpointState | null = null;
      const ours = state.endpoint && !state.endpoint.reused ? state.endpoint : null;
      if (body.reuseId !== undefined) {
        const existing = await client.registries.get(body.reuseId);
        if (normalized(existing.url ?? '') !== url.url || existing.credential?.access_key !== robot.name) {
          fail(
            409,
            'endpoint-mismatch',
            `Endpoint "${existing.name ?? body.reuseId}" points elsewhere or logs in as another account.`,
            {
              hint: 'Only an endpoint with the same URL and Access ID can be reused; create a new one instead.',
            },
          );
        }
        // Its stored secret may be an older one of the robot: hand it the current secret.
        await client.registries
          .update(body.reuseId, registryUpdateRequest({ accessKey: robot.name, accessSecret: secret }))
          .catch((e: unknown) => unhealthy(e, sides.rule, url.url ?? ''));
        endpoint = {
          id: body.reuseId,
          name: existing.name ?? '',
          url: url.url,
          accessKey: robot.name,
          reused: true,
          side: sides.rule,
        };
      } else if (ours) {
        try {
          await client.registries.update(ours.id, registryUpdateRequest(settings));
          endpoint = { ...ours, name: body.name, url: url.url, accessKey: robot.name };
        } catch (error) {
          // Deleted in Harbor meanwhile: create it again below.
          if (!(isHarborError(error) && error.status === 404)) unhealthy(error, sides.rule, url.url);
        }
      }
      if (endpoint === null) {
        await client.registries
          .ping(registryPingRequest(settings))
          .catch((e: unknown) => unhealthy(e, sides.rule, url.url ?? ''));
        const registry = registryCreateRequest(settings);
        setup.internal.endpointRequest = registryCreateRequest({
          ...settings,
          accessSecret: SECRET_PLACEHOLDER,
        });
        try {
          const { id } = await client.registries.create(registry);
          endpoint = {
            id,
            name: body.name,
            url: url.url,
            accessKey: robot.name,
            reused: false,
            side: sides.rule,
          };
          state.created.push({ side: sides.rule, kind: 'registry', id, name: body.name });
        } catch (error) {
          if (!(isHarborError(error) && error.status === 409))
            return createFailed(error, sides.rule, url.url);
          const same = (await listRegistries(client)).find((r) => r.name === body.name);
          if (
            same?.id === undefined ||
            normalized(same.url ?? '') !== url.url ||
            same.credential?.access_key !== robot.name
          ) {
            fail(
              409,
              'endpoint-exists',
              `The ${sides.rule} Harbor already has an endpoint named "${body.name}".`,
              {
                hint: 'Pick another name (an endpoint with the same URL and Access ID is offered for reuse instead).',
                harbor: { status: 409, operation: error.operation, errors: error.errors },
                conflict: { ...(same?.id !== undefined ? { existingId: same.id } : {}), options: ['rename'] },
              },
            );
          }
          // Same name, URL and robot: an earlier attempt created it and its answer was lost. Adopt it.
          await client.registries
            .update(same.id, registryUpdateRequest(settings))
            .catch((e: unknown) => unhealthy(e, sides.rule, url.url ?? ''));
          endpoint = {
            id: same.id,
            name: body.name,
            url: url.url,
            accessKey: robot.name,
            reused: robot.reused,
            side: sides.rule,
          };
          if (!robot.reused)
            state.created.push({ side: sides.rule, kind: 'registry', id: same.id, name: body.name });
        }
      }

      state.endpoint = endpoint;
      state.connectionTest = null;
      setup.internal.endpointTls = {
        verifyRemoteCert: body.verifyRemoteCert,
        ...(ca ? { caCertificate: ca } : {}),
      };
      completeStep(state, 'endpoint');
      return ctx.setups.save(setup);
    });
  });

  done();
};
