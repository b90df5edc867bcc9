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
import type {
  ConnectionCheck,
  CreateEndpointRequest,
  EndpointState,
  HarborSide,
  SetupState,
} from '@hw/wizard-api';
import { sidesFor } from '@hw/wizard-api';

import type { AppContext } from '../context.ts';
import { ApiFailure, fail, harborDetail } from '../errors.ts';
import { assertEndpointUrlAllowed } from '../harbor/outbound.ts';
import type { SetupRecord } from '../storage/storage.ts';
import { createOrAdopt } from './adopt.ts';
import { diagnoseEndpointUrl } from './connection-test.ts';
import type { SetupRef } from './setups.ts';
import { completeStep, uncompleteFrom } from './setups.ts';
import { sideClient } from './side-client.ts';
import { requireConnected, requireRobot } from './step-guards.ts';

const NAME_MAX = 64;
/** Shown instead of the robot secret wherever a request body is displayed. */
const SECRET_PLACEHOLDER = '(the robot secret, kept on the server)';

function normalized(url: string): string {
  const result = normalizeRegistryUrl(url);
  return result.ok && result.url ? result.url : url;
}

/** The endpoint's default name: the other Harbor's host, cut to Harbor's 64-character limit. */
function defaultEndpointName(url: string): string {
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

function listRegistries(client: HarborClient): Promise<HarborRegistry[]> {
  return collectAll((page, pageSize) => client.registries.list({ page, pageSize }), 100);
}

export async function endpointDefaults(ctx: AppContext, ref: SetupRef) {
  const setup = await ctx.setups.load(ref.sessionId, ref.setupId);
  const sides = sidesFor(setup.state.mode);
  const robot = requireRobot(setup.state);
  const remote = requireConnected(setup.state, sides.robot);
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
}

async function robotSecret(ctx: AppContext, setup: SetupRecord): Promise<string> {
  const secret = await ctx.secrets.get({
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
        hint: 'Check that the URL is reachable from that Harbor (not only from your browser) and that the robot is valid.',
        harbor: harborDetail(error),
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
        hint: 'Check that this URL is reachable from that Harbor, and its certificate if it is https.',
        harbor: harborDetail(error),
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
        harbor: harborDetail(error),
      },
    );
  }
  return unhealthy(error, ruleSide, url);
}

/** Everything a save needs, checked before Harbor is asked anything. */
type EndpointPlan = {
  body: CreateEndpointRequest;
  url: string;
  ca: string | undefined;
  ruleSide: HarborSide;
  robot: NonNullable<SetupState['robot']>;
  secret: string;
  client: HarborClient;
};

async function planEndpoint(
  ctx: AppContext,
  setup: SetupRecord,
  body: CreateEndpointRequest,
): Promise<EndpointPlan> {
  const { state } = setup;
  const ruleSide = sidesFor(state.mode).rule;
  const robot = requireRobot(state);
  const url = normalizeRegistryUrl(body.url);
  if (!url.ok || !url.url)
    fail(400, 'invalid-request', `The endpoint URL is not valid: ${url.ok ? '' : url.message}`);
  await assertEndpointUrlAllowed(ctx.harbor.outbound, url.url);
  const caSupported = state[ruleSide]?.capabilities.registryCaCertificate ?? false;
  if (body.caCertificate && !caSupported) {
    fail(
      400,
      'ca-not-supported',
      `The ${ruleSide} Harbor is older than 2.15 and cannot store a CA for an endpoint.`,
      {
        hint: 'Install the CA in that Harbor\'s trust store, or turn off "Verify Remote Cert".',
      },
    );
  }
  const secret = await robotSecret(ctx, setup);
  const client = await sideClient(ctx, setup, ruleSide);
  const ca = body.caCertificate && caSupported ? body.caCertificate : undefined;
  return { body, url: url.url, ca, ruleSide, robot, secret, client };
}

function registrySettings(plan: EndpointPlan): RegistrySettings {
  return {
    name: plan.body.name,
    description: plan.body.description,
    url: plan.url,
    accessKey: plan.robot.name,
    accessSecret: plan.secret,
    insecure: !plan.body.verifyRemoteCert,
    ...(plan.ca ? { caCertificate: plan.ca } : {}),
  };
}

/**
 * The robot's secret changed (re-created, reused with a new secret): the endpoint that logs in with
 * it gets the new credential on the Harbor that runs the rule. Harbor keeps `access_secret` when an
 * update omits it, so it is always sent. Null when done; otherwise why it could not be updated.
 */
export async function handEndpointNewSecret(
  ctx: AppContext,
  setup: SetupRecord,
  endpoint: EndpointState,
  robotName: string,
): Promise<string | null> {
  const secret = await robotSecret(ctx, setup);
  const client = await sideClient(ctx, setup, endpoint.side);
  try {
    await client.registries.update(
      endpoint.id,
      registryUpdateRequest({ accessKey: robotName, accessSecret: secret }),
    );
    return null;
  } catch (error) {
    if (isHarborError(error) && error.status === 404)
      return `Endpoint "${endpoint.name}" no longer exists on the ${endpoint.side} Harbor.`;
    if (isHarborError(error))
      return `The ${endpoint.side} Harbor refused the new secret for endpoint "${endpoint.name}"${error.harborMessage ? `: ${error.harborMessage}` : ''}.`;
    throw error;
  }
}

/** An existing endpoint of the same URL and Access ID, handed the robot's current secret. */
async function reuseEndpoint(plan: EndpointPlan, reuseId: number): Promise<EndpointState> {
  const { client, robot, url } = plan;
  const existing = await client.registries.get(reuseId);
  if (normalized(existing.url ?? '') !== url || existing.credential?.access_key !== robot.name) {
    fail(
      409,
      'endpoint-mismatch',
      `Endpoint "${existing.name ?? reuseId}" points elsewhere or logs in as another account.`,
      {
        hint: 'Only an endpoint with the same URL and Access ID can be reused; create a new one instead.',
      },
    );
  }
  // Its stored secret may be an older one of the robot: hand it the current secret.
  await client.registries
    .update(reuseId, registryUpdateRequest({ accessKey: robot.name, accessSecret: plan.secret }))
    .catch((e: unknown) => unhealthy(e, plan.ruleSide, url));
  return {
    id: reuseId,
    name: existing.name ?? '',
    url,
    accessKey: robot.name,
    reused: true,
    side: plan.ruleSide,
  };
}

/** The endpoint this setup created, updated in place; null when it was deleted in Harbor meanwhile. */
async function updateOwnEndpoint(plan: EndpointPlan, ours: EndpointState): Promise<EndpointState | null> {
  try {
    await plan.client.registries.update(ours.id, registryUpdateRequest(registrySettings(plan)));
    return { ...ours, name: plan.body.name, url: plan.url, accessKey: plan.robot.name };
  } catch (error) {
    if (isHarborError(error) && error.status === 404) return null;
    return unhealthy(error, plan.ruleSide, plan.url);
  }
}

async function createEndpoint(plan: EndpointPlan, setup: SetupRecord): Promise<EndpointState> {
  const { client, robot, url, ruleSide, body } = plan;
  const settings = registrySettings(plan);
  await client.registries
    .ping(registryPingRequest(settings))
    .catch((e: unknown) => unhealthy(e, ruleSide, url));
  const registry = registryCreateRequest(settings);
  setup.internal.endpointRequest = registryCreateRequest({ ...settings, accessSecret: SECRET_PLACEHOLDER });
  const outcome = await createOrAdopt({
    create: async () =>
      (await client.registries.create(registry).catch((e: unknown) => rethrow409(e, ruleSide, url))).id,
    find: async () => (await listRegistries(client)).find((r) => r.name === body.name) ?? null,
    idOf: (r) => r.id,
    // Same name, URL and robot: an earlier attempt created it and its answer was lost.
    isOurs: (r) => normalized(r.url ?? '') === url && r.credential?.access_key === robot.name,
    conflict: (error, same) =>
      fail(409, 'endpoint-exists', `The ${ruleSide} Harbor already has an endpoint named "${body.name}".`, {
        hint: 'Pick another name (an endpoint with the same URL and Access ID is offered for reuse instead).',
        harbor: harborDetail(error),
        conflict: { ...(same?.id !== undefined ? { existingId: same.id } : {}), options: ['rename'] },
      }),
  });
  if (outcome.existing !== null)
    await client.registries
      .update(outcome.id, registryUpdateRequest(settings))
      .catch((e: unknown) => unhealthy(e, ruleSide, url));
  // A lost answer's endpoint is this setup's, unless it logs in as a reused robot (then it may be older).
  const createdHere = outcome.existing === null || !robot.reused;
  if (createdHere)
    setup.state.created.push({ side: ruleSide, kind: 'registry', id: outcome.id, name: body.name });
  return {
    id: outcome.id,
    name: body.name,
    url,
    accessKey: robot.name,
    reused: !createdHere,
    side: ruleSide,
  };
}

/** Only a 409 goes on to adoption; any other failure of the create is explained here. */
function rethrow409(error: unknown, ruleSide: string, url: string): never {
  if (isHarborError(error) && error.status === 409) throw error;
  return createFailed(error, ruleSide, url);
}

/** Harbor's verdicts on a URL it could not reach or log in to: the wizard's own checks say why. */
const DIAGNOSED = new Set(['endpoint-unreachable', 'endpoint-unhealthy']);

/** What to fix, from the first check that failed; when none did, the two networks differ. */
function diagnosedHint(checks: ConnectionCheck[], ruleSide: HarborSide, url: string): string {
  const failed = checks.find((c) => c.status === 'fail');
  if (failed) return [`${failed.title}: ${failed.detail}`, failed.fix].filter(Boolean).join(' ');
  return `From the wizard's server ${url} answers as a Harbor, so only the ${ruleSide} Harbor cannot reach it or log in there: enter the address under which that Harbor reaches the other one (internal DNS name, proxy), or open its firewall towards it.`;
}

async function withDiagnosis(
  ctx: AppContext,
  setup: SetupRecord,
  plan: EndpointPlan,
  error: unknown,
): Promise<never> {
  if (!(error instanceof ApiFailure) || !DIAGNOSED.has(error.body.code)) throw error;
  const diagnosis = await diagnoseEndpointUrl(ctx, setup, plan.url);
  throw new ApiFailure(error.status, {
    ...error.body,
    hint: diagnosedHint(diagnosis, plan.ruleSide, plan.url),
    diagnosis,
  });
}

export function saveEndpoint(
  ctx: AppContext,
  ref: SetupRef,
  body: CreateEndpointRequest,
): Promise<SetupState> {
  return ctx.setups.mutate(ref, async (setup) => {
    const { state } = setup;
    const plan = await planEndpoint(ctx, setup, body);
    const endpointTls = {
      verifyRemoteCert: body.verifyRemoteCert,
      ...(plan.ca ? { caCertificate: plan.ca } : {}),
    };
    // Remembered before Harbor is asked: when it refuses, the connection test diagnoses this URL,
    // and an earlier test result no longer speaks for what the operator entered.
    setup.internal.endpointAttemptUrl = plan.url;
    setup.internal.endpointTls = endpointTls;
    state.connectionTest = null;
    uncompleteFrom(state, ['connection-test']);
    await ctx.setups.save(setup);

    const ours = state.endpoint && !state.endpoint.reused ? state.endpoint : null;
    try {
      state.endpoint =
        body.reuseId !== undefined
          ? await reuseEndpoint(plan, body.reuseId)
          : ((ours ? await updateOwnEndpoint(plan, ours) : null) ?? (await createEndpoint(plan, setup)));
    } catch (error) {
      return withDiagnosis(ctx, setup, plan, error);
    }
    state.connectionTest = null;
    setup.internal.endpointTls = endpointTls;
    completeStep(state, 'endpoint');
    return ctx.setups.save(setup);
  });
}
