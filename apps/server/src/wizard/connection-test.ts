// Step 7: Harbor's own ping of the endpoint, then the wizard's layer-by-layer diagnosis of the same
// URL and a permission check with the robot's credentials (a registry token, reading what it grants).
import type { HarborRobot, RegistryTokenAccess } from '@hw/harbor-client';
import { isHarborError, registryPingRequest } from '@hw/harbor-client';
import type { ConnectionCheck, ConnectionTestResult, TlsSettings } from '@hw/wizard-api';
import { sidesFor } from '@hw/wizard-api';

import type { AppContext } from '../context.ts';
import { ApiFailure, describeHarborError, fail } from '../errors.ts';
import { assertEndpointUrlAllowed } from '../harbor/outbound.ts';
import type { SetupRecord } from '../storage/storage.ts';
import { checkDns, checkHttpAndHarbor, checkTcp, checkTls, diagnosisTarget } from './diagnosis.ts';
import type { SetupRef } from './setups.ts';
import { completeStep, uncompleteFrom } from './setups.ts';
import { sideClient } from './side-client.ts';

const FROM_WIZARD = "from the wizard's server";
// Where each check runs: only Harbor's ping proves that the rule's Harbor itself reaches the URL.
const TITLES: Record<Exclude<ConnectionCheck['id'], 'harbor-ping'>, string> = {
  dns: `DNS, ${FROM_WIZARD}`,
  tcp: `Network (TCP), ${FROM_WIZARD}`,
  tls: `TLS certificate, ${FROM_WIZARD}`,
  http: `HTTP, ${FROM_WIZARD}`,
  harbor: `Harbor API, ${FROM_WIZARD}`,
  permissions: 'Robot permissions',
};

function pingTitle(setup: SetupRecord): string {
  return `Harbor's own connection test, from the ${sidesFor(setup.state.mode).rule} Harbor`;
}

const PROBE_REPOSITORY = 'replication-wizard-probe';

/** The URL last entered on the endpoint step: after a refused save it differs from the saved one. */
function testedUrl(setup: SetupRecord): string | undefined {
  return setup.internal.endpointAttemptUrl ?? setup.state.endpoint?.url;
}

function savedEndpointIsTested(setup: SetupRecord): boolean {
  const endpoint = setup.state.endpoint;
  return endpoint !== null && testedUrl(setup) === endpoint.url;
}

async function harborPing(
  ctx: AppContext,
  setup: SetupRecord,
): Promise<Omit<ConnectionCheck, 'id' | 'title'>> {
  const sides = sidesFor(setup.state.mode);
  const url = testedUrl(setup) ?? '';
  const endpoint = savedEndpointIsTested(setup) ? setup.state.endpoint : null;
  try {
    const client = await sideClient(ctx, setup, sides.rule);
    if (endpoint) {
      await client.registries.ping({ id: endpoint.id });
    } else {
      // Not saved (Harbor refused it): ping the attempted settings, as the portal's "Test" button does.
      const robot = setup.state.robot;
      const secret = await ctx.secrets.get({
        sessionId: setup.sessionId,
        setupId: setup.id,
        name: 'robot-secret',
      });
      const tls = setup.internal.endpointTls;
      await client.registries.ping(
        registryPingRequest({
          url,
          accessKey: robot?.name ?? '',
          accessSecret: secret ?? '',
          insecure: tls?.verifyRemoteCert === false,
          ...(tls?.caCertificate ? { caCertificate: tls.caCertificate } : {}),
        }),
      );
    }
    return {
      status: 'pass',
      detail: `The ${sides.rule} Harbor reached ${url} and the robot logged in.`,
    };
  } catch (error) {
    if (isHarborError(error) && error.kind === 'http' && error.status === 400) {
      return {
        status: 'fail',
        detail: `The ${sides.rule} Harbor tested ${url} and says: "${error.harborMessage ?? 'the registry is unhealthy'}" (its portal shows "Failed to ping endpoint").`,
        cause: "That Harbor could not reach the URL, or the robot's credentials were refused there.",
        fix: 'The checks below show which; note that they run from this server, which may see the network differently.',
      };
    }
    // Harbor's ping masks a network, DNS or TLS failure towards the endpoint as a 500.
    if (isHarborError(error) && error.kind === 'http' && error.status === 500) {
      return {
        status: 'fail',
        detail: `The ${sides.rule} Harbor could not connect to ${url} (it answers "internal server error" and hides whether the network, DNS or TLS failed).`,
        cause: 'That Harbor cannot reach the endpoint URL.',
        fix: 'The checks below show which layer fails; note that they run from this server, which may see the network differently.',
      };
    }
    if (isHarborError(error)) {
      const described = describeHarborError(error, `the ${sides.rule} Harbor`).body;
      return {
        status: 'fail',
        detail: described.message,
        cause: described.message,
        ...(described.hint ? { fix: described.hint } : {}),
      };
    }
    throw error;
  }
}

/**
 * What the registry token service grants `username` on `repository`, and what it grants anyone
 * (asked only when needed: a public project grants pull to all). Wrong credentials throw Harbor's 401.
 */
export async function grantedByTokenService(
  ctx: AppContext,
  p: {
    url: string;
    tls: TlsSettings;
    username: string;
    secret: string;
    repository: string;
    needed: string[];
  },
): Promise<{ granted: string[]; everyone: () => Promise<string[]> }> {
  const scope = `repository:${p.repository}:${p.needed.join(',')}`;
  const grantedOn = (access: RegistryTokenAccess[]) =>
    access.filter((a) => a.type === 'repository' && a.name === p.repository).flatMap((a) => a.actions);
  const client = ctx.harbor.client({
    url: p.url,
    tls: p.tls,
    username: p.username,
    password: p.secret,
    retries: 0,
  });
  // Without a scope the token service answers 401 to wrong credentials. With a scope it would
  // fall back to an anonymous token, which still grants pull on a public project.
  await client.registryToken('');
  const granted = grantedOn((await client.registryToken(scope)).access);
  const anonymous = ctx.harbor.client({ url: p.url, tls: p.tls, retries: 0 });
  const everyone = async () => grantedOn((await anonymous.registryToken(scope)).access);
  return { granted, everyone };
}

async function permissions(
  ctx: AppContext,
  setup: SetupRecord,
  url: string,
): Promise<Omit<ConnectionCheck, 'id' | 'title'>> {
  const { state } = setup;
  const robot = state.robot;
  if (!robot) return { status: 'skip', detail: 'No robot yet.' };
  const secret = await ctx.secrets.get({
    sessionId: setup.sessionId,
    setupId: setup.id,
    name: 'robot-secret',
  });
  if (secret === null) {
    return {
      status: 'skip',
      detail: 'The robot secret is no longer on the server.',
      fix: 'Create the robot again with "reuse" to get a new secret.',
    };
  }
  const needed = state.mode === 'push' ? ['pull', 'push'] : ['pull'];
  const repository = `${robot.project}/${PROBE_REPOSITORY}`;
  const robotSide = setup.internal.connections[robot.side];
  const sameOrigin = robotSide && new URL(robotSide.url).origin === new URL(url).origin;
  const endpointTls = setup.internal.endpointTls;
  const tlsSetting =
    sameOrigin && robotSide
      ? robotSide.tls
      : endpointTls?.caCertificate
        ? { mode: 'ca' as const, caPem: endpointTls.caCertificate }
        : endpointTls?.verifyRemoteCert === false
          ? { mode: 'insecure' as const }
          : { mode: 'verify' as const };
  try {
    const { granted, everyone } = await grantedByTokenService(ctx, {
      url,
      tls: tlsSetting,
      username: robot.name,
      secret,
      repository,
      needed,
    });
    const missing = needed.filter((action) => !granted.includes(action) && !granted.includes('*'));
    if (missing.length > 0) {
      return {
        status: 'fail',
        detail: `The robot is granted ${granted.length ? granted.join(', ') : 'nothing'} on ${repository}; replication needs ${needed.join(' and ')}.`,
        cause:
          granted.length === 0
            ? `The robot has no access to project "${robot.project}" (or the project does not exist).`
            : `The robot lacks ${missing.join(' and ')}.`,
        fix: 'Create the robot with the replication preset (the robot step), then save the endpoint again.',
      };
    }
    const anyone = await everyone();
    if (needed.some((action) => !anyone.includes(action))) {
      return {
        status: 'pass',
        detail: `The robot may ${needed.join(' and ')} in project "${robot.project}".`,
      };
    }
    // Anyone may already do this (a public project): only the robot's own permissions prove access.
    return await ownPermissions(ctx, setup, robot, needed);
  } catch (error) {
    if (isHarborError(error) && error.kind === 'http' && error.status === 401) {
      return {
        status: 'fail',
        detail: `The token service at ${url} refused the robot "${robot.name}" (HTTP 401).`,
        cause:
          'Wrong credentials: the robot was deleted, disabled or has expired, or its secret was refreshed elsewhere.',
        fix: 'Create the robot again with "reuse" on the robot step (Harbor issues a new secret), then save the endpoint again.',
      };
    }
    if (isHarborError(error)) {
      return {
        status: 'fail',
        detail: `The token service could not be asked: ${error.message}.`,
        cause: 'The registry token flow (/v2/ → /service/token) failed.',
        fix: 'See the checks above.',
      };
    }
    throw error;
  }
}

async function ownPermissions(
  ctx: AppContext,
  setup: SetupRecord,
  robot: NonNullable<SetupRecord['state']['robot']>,
  needed: string[],
): Promise<Omit<ConnectionCheck, 'id' | 'title'>> {
  const publicOnly = {
    status: 'fail' as const,
    detail: `Project "${robot.project}" is public, so anyone may ${needed.join(' and ')} there; the robot's own permissions do not include it.`,
    cause: `The robot only gets what anonymous users get on a public project; that access ends as soon as the project is made private.`,
    fix: 'Create the robot with the replication preset (the robot step), then save the endpoint again.',
  };
  let own: HarborRobot;
  try {
    own = await (await sideClient(ctx, setup, robot.side)).robots.get(robot.id);
  } catch (error) {
    if (error instanceof ApiFailure) {
      return {
        status: 'fail',
        detail: `Project "${robot.project}" is public, so the token proves nothing about the robot, and its permissions could not be read: ${error.body.message}`,
        cause: `The login to the ${robot.side} Harbor is needed to read the robot's permissions.`,
        fix: error.body.hint ?? `Connect the ${robot.side} Harbor again, then test again.`,
      };
    }
    if (isHarborError(error) && error.status === 404) return publicOnly;
    throw error;
  }
  const actions = (own.permissions ?? [])
    .filter((p) => p.kind === 'project' && p.namespace === robot.project)
    .flatMap((p) => p.access ?? [])
    .filter((a) => a.resource === 'repository')
    .map((a) => a.action ?? '');
  const missing = needed.filter((action) => !actions.includes(action) && !actions.includes('*'));
  if (own.disable === true || missing.length > 0) return publicOnly;
  return { status: 'pass', detail: `The robot may ${needed.join(' and ')} in project "${robot.project}".` };
}

type CheckResult = Omit<ConnectionCheck, 'id' | 'title'>;
type Results = Map<ConnectionCheck['id'], CheckResult>;
const LAYERS = ['dns', 'tcp', 'tls', 'http', 'harbor', 'permissions'] as const;

/** This server's own layer-by-layer look at the endpoint URL; each failed layer skips the ones above it. */
async function diagnose(
  ctx: AppContext,
  setup: SetupRecord,
  endpointUrl: string,
  results: Results,
): Promise<void> {
  const skipAll = (detail: string) => {
    for (const id of LAYERS) if (!results.has(id)) results.set(id, { status: 'skip', detail });
  };
  const allowed = ctx.harbor.outbound.check(endpointUrl);
  if (!allowed.ok) return skipAll(`Not checked from this server: ${allowed.message}`);
  const target = diagnosisTarget(endpointUrl);
  const dns = await checkDns(target);
  results.set('dns', dns);
  if (dns.status === 'fail') return skipAll('Skipped: the host name does not resolve.');
  const tcp = await checkTcp(target);
  results.set('tcp', tcp);
  if (tcp.status === 'fail') return skipAll('Skipped: no TCP connection.');
  const endpointTls = setup.internal.endpointTls;
  const trust = {
    verify: endpointTls?.verifyRemoteCert ?? true,
    ...(endpointTls?.caCertificate ? { ca: endpointTls.caCertificate } : {}),
  };
  const tlsCheck = await checkTls(target, trust);
  results.set('tls', tlsCheck);
  if (tlsCheck.status === 'fail') return skipAll('Skipped: no accepted TLS connection.');
  const insecure = target.url.protocol === 'https:' && tlsCheck.status === 'warn';
  const { http, harbor } = await checkHttpAndHarbor(
    target,
    ctx.harbor.fetchFor(
      insecure ? { mode: 'insecure' } : trust.ca ? { mode: 'ca', caPem: trust.ca } : { mode: 'verify' },
    ),
  );
  results.set('http', http);
  results.set('harbor', harbor);
  if (harbor.status !== 'pass') return skipAll('Skipped: no Harbor API at this URL.');
  results.set('permissions', await permissions(ctx, setup, endpointUrl));
}

function listed(results: Results, ids: readonly ConnectionCheck['id'][], setup: SetupRecord) {
  return ids.map((id): ConnectionCheck => ({
    id,
    title: id === 'harbor-ping' ? pingTitle(setup) : TITLES[id],
    ...(results.get(id) ?? { status: 'skip', detail: 'Not run.' }),
  }));
}

/**
 * The wizard's own checks of an endpoint URL (DNS, TCP, TLS, HTTP, Harbor API, permissions), run
 * from this server, e.g. when Harbor refused to save the endpoint because it could not reach it.
 */
export async function diagnoseEndpointUrl(
  ctx: AppContext,
  setup: SetupRecord,
  endpointUrl: string,
): Promise<ConnectionCheck[]> {
  const results: Results = new Map();
  await diagnose(ctx, setup, endpointUrl, results);
  return listed(results, LAYERS, setup);
}

export function runConnectionTest(ctx: AppContext, ref: SetupRef): Promise<ConnectionTestResult> {
  return ctx.setups.mutate(ref, async (setup) => {
    const endpointUrl = testedUrl(setup);
    if (!endpointUrl)
      fail(409, 'endpoint-missing', 'Save the endpoint first.', { hint: 'Go to the "Endpoint" step.' });
    const results: Results = new Map();
    await assertEndpointUrlAllowed(ctx.harbor.outbound, endpointUrl);
    results.set('harbor-ping', await harborPing(ctx, setup));
    await diagnose(ctx, setup, endpointUrl, results);
    const checks = listed(results, ['harbor-ping', ...LAYERS], setup);
    const result: ConnectionTestResult = {
      ok: checks.every((c) => c.status !== 'fail'),
      testedAt: ctx.now().toISOString(),
      checks,
    };
    setup.state.connectionTest = result;
    // A test of a URL Harbor refused to save diagnoses it, but cannot open the rule steps.
    if (result.ok && savedEndpointIsTested(setup)) completeStep(setup.state, 'connection-test');
    else uncompleteFrom(setup.state, ['connection-test']);
    await ctx.setups.save(setup);
    return result;
  });
}
