// Steps 1 and 5: log in to a Harbor and describe it (version, capabilities, admin rights, warnings).
// Each way it can go wrong (unreachable, TLS, not a Harbor, too old, wrong password) has its own message.
import type { HarborClient, HarborCurrentUser, HarborSystemInfo } from '@hw/harbor-client';
import {
  apiPasswordNote,
  checkSupportedVersion,
  harborCapabilities,
  isHarborError,
  parseHarborVersion,
} from '@hw/harbor-client';
import type { ConnectionSummary, HarborSide, ReplicationMode, TlsSettings } from '@hw/wizard-api';

import { ApiFailure, describeHarborError, fail, harborDetail } from '../errors.ts';
import type { HarborConnector } from '../harbor/connector.ts';

export type ConnectInput = {
  url: string;
  username: string;
  password: string;
  tls: TlsSettings;
  demo: boolean;
};

const NEWEST_KNOWN = { major: 2, minor: 15 };

/** "https://h.example.com/" → "https://h.example.com"; query, fragment and user info are dropped. */
export function canonicalHarborUrl(raw: string): string {
  const url = new URL(raw.trim());
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

function wrongPathHint(url: string): string | null {
  const { pathname } = new URL(url);
  if (pathname === '' || pathname === '/') return null;
  return `Remove "${pathname}" from the URL: enter the Harbor root, e.g. ${new URL(url).origin}`;
}

// At login the URL is the operator's input: a host that does not resolve, refuses, is not HTTPS-valid
// or redirects (the error names the URL to use) is a wrong value to correct (400), while timeouts,
// resets and Harbor 5xx stay upstream failures.
const INPUT_FAILURES = new Set(['dns', 'refused', 'tls', 'network', 'invalid-response', 'redirect']);

function harborFailure(error: unknown, name: string, url: string): never {
  if (isHarborError(error)) {
    const described = describeHarborError(error, name);
    const body =
      error.kind === 'refused' ? { ...described.body, message: refusedMessage(url, name) } : described.body;
    throw new ApiFailure(INPUT_FAILURES.has(error.kind) ? 400 : described.status, body);
  }
  throw error;
}

/** The port the operator typed (or the scheme's default) is the likeliest mistake: name it. */
function refusedMessage(raw: string, name: string): string {
  const url = new URL(raw);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `Connection refused on port ${port} of ${url.hostname} (${name}): nothing listens there.`;
}

async function probeVersion(anonymous: HarborClient, url: string, name: string): Promise<void> {
  try {
    const answer = await anonymous.version();
    if (typeof answer?.version !== 'string') throw new Error('no version');
  } catch (error) {
    const pathHint = wrongPathHint(url);
    if (isHarborError(error) && error.kind === 'http' && error.status === 404) {
      fail(400, 'not-harbor', `No Harbor 2.x API answers at ${url} (/api/version was not found).`, {
        hint:
          pathHint ?? 'Check the URL. Harbor 1.x has no /api/version: the wizard needs Harbor 2.2 or newer.',
      });
    }
    if (
      (isHarborError(error) && (error.kind === 'invalid-response' || error.kind === 'http')) ||
      !isHarborError(error)
    ) {
      fail(400, 'not-harbor', `The server at ${url} answered, but it is not a Harbor.`, {
        hint:
          pathHint ??
          'Check the URL: it must be the address of the Harbor portal, e.g. https://harbor.example.com.',
        ...(isHarborError(error) ? { harbor: harborDetail(error) } : {}),
      });
    }
    harborFailure(error, name, url);
  }
}

/** Harbor's `auth_mode`, public to anonymous callers; unknown when this Harbor does not say. */
async function readAuthMode(anonymous: HarborClient): Promise<string | undefined> {
  try {
    return (await anonymous.systemInfo()).auth_mode ?? undefined;
  } catch {
    return undefined;
  }
}

async function login(
  client: HarborClient,
  name: string,
  authMode: string | undefined,
  url: string,
): Promise<HarborCurrentUser> {
  try {
    return await client.currentUser();
  } catch (error) {
    if (isHarborError(error) && error.kind === 'http' && error.status === 401) {
      const note = apiPasswordNote(authMode);
      fail(401, 'wrong-credentials', `${name} did not accept this user name and password.`, {
        hint: ['Check both (the password is case-sensitive).', note].filter(Boolean).join(' '),
        harbor: harborDetail(error),
      });
    }
    if (isHarborError(error) && error.kind === 'http' && error.status === 412) {
      fail(400, 'robot-login', 'Robot accounts cannot be used here: log in with a user account.', {
        hint: 'Use a system administrator (or, on the target in push mode, a project admin).',
        harbor: harborDetail(error),
      });
    }
    return harborFailure(error, name, url);
  }
}

export async function probeHarbor(
  connector: HarborConnector,
  input: ConnectInput,
  side: HarborSide,
  mode: ReplicationMode,
): Promise<ConnectionSummary> {
  const name = `the ${side} Harbor`;
  const Name = `The ${side} Harbor`;
  if (!input.demo) {
    const allowed = await connector.outbound.checkResolved(input.url);
    if (!allowed.ok) fail(403, 'harbor-url-refused', allowed.message, { hint: allowed.hint });
  }
  const anonymous = connector.client({ url: input.url, tls: input.tls, retries: 1 });
  await probeVersion(anonymous, input.url, name);
  const authMode = await readAuthMode(anonymous);

  const client = connector.client({
    url: input.url,
    tls: input.tls,
    username: input.username,
    password: input.password,
    retries: 1,
  });
  const user = await login(client, Name, authMode, input.url);
  let info: HarborSystemInfo;
  try {
    info = await client.systemInfo();
  } catch (error) {
    return harborFailure(error, name, input.url);
  }

  const version = parseHarborVersion(info.harbor_version ?? '');
  const supported = checkSupportedVersion(version);
  if (!supported.ok) {
    fail(400, 'unsupported-version', supported.message, {
      hint: 'Upgrade this Harbor to 2.2 or newer; the robot accounts and APIs the wizard uses do not exist before.',
    });
  }
  if (!version) fail(400, 'unsupported-version', `${Name} did not report its version.`);

  const isSysAdmin = user.sysadmin_flag === true;
  // The source always needs it (endpoints, rules, listing every project); the target only when the rule runs there.
  const needsAdmin = side === 'source' || mode === 'pull';
  if (needsAdmin && !isSysAdmin) {
    fail(403, 'not-sysadmin', `"${input.username}" is not a system administrator of ${name}.`, {
      hint:
        side === 'source'
          ? 'Endpoints and replication rules can only be managed by a Harbor system administrator: log in with such an account.'
          : 'In pull mode the rule runs on the target, and only a system administrator can create endpoints and rules there.',
    });
  }

  const warnings: string[] = [];
  if (input.tls.mode === 'insecure') {
    warnings.push(
      'TLS certificate verification is off: anyone on the network path could read the credentials. Prefer a custom CA.',
    );
  }
  if (info.read_only)
    warnings.push(
      `${Name} is in read-only mode: nothing can be created until an administrator turns it off.`,
    );
  if (!isSysAdmin && info.project_creation_restriction === 'adminonly') {
    warnings.push(`Only system administrators can create projects on ${name}; pick an existing project.`);
  }
  if (!isSysAdmin && side === 'target') {
    warnings.push(
      'This account is not a system administrator: it must be a project admin of the target project to create the robot account.',
    );
  }
  if (
    version.major > NEWEST_KNOWN.major ||
    (version.major === NEWEST_KNOWN.major && version.minor > NEWEST_KNOWN.minor)
  ) {
    warnings.push(
      `Harbor ${version.raw} is newer than the versions the wizard was checked against (2.2–2.15).`,
    );
  }
  if (info.external_url && canonicalHarborUrl(info.external_url) !== canonicalHarborUrl(input.url)) {
    warnings.push(
      `${Name} calls itself ${info.external_url}; the other Harbor may need that address instead of ${input.url}.`,
    );
  }

  const knownAuthMode = authMode ?? info.auth_mode ?? undefined;
  const passwordNote = apiPasswordNote(knownAuthMode);
  return {
    url: input.url,
    username: input.username,
    tlsMode: input.tls.mode,
    demo: input.demo,
    version: version.raw,
    capabilities: harborCapabilities(version),
    isSysAdmin,
    ...(info.project_creation_restriction
      ? { projectCreationRestriction: info.project_creation_restriction }
      : {}),
    ...(info.external_url ? { externalUrl: info.external_url } : {}),
    ...(knownAuthMode ? { authMode: knownAuthMode } : {}),
    ...(passwordNote ? { passwordNote } : {}),
    warnings,
  };
}
