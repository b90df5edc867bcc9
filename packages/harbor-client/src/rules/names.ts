// Naming rules of projects, robots, registries, destination namespaces and policies, with the
// messages Harbor v2.15.2 answers (docs/harbor-behaviour.md, "Names": handler/project.go
// CreateProject, handler/robot.go validateName, controller/registry/controller.go Create,
// controller/replication/model/model.go Policy.Validate).
import { goQuote } from './go-format.ts';
import { fail, OK, type RuleCheck } from './rule-check.ts';

/**
 * Longest repository name (project included) a registry stores: distribution/reference
 * NameTotalLengthMax (v0.5.0 reference.go), which Harbor's registry enforces on push.
 */
export const MAX_REPOSITORY_NAME_LENGTH = 255;

/** Longest tag: distribution/reference's tag grammar `[\w][\w.-]{0,127}` (v0.5.0 reference.go). */
export const MAX_TAG_LENGTH = 128;

/** Harbor's project and robot name pattern. */
export const HARBOR_NAME_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export function validateProjectName(name: string): RuleCheck {
  // swagger's maxLength (422) answers before the handler's pattern check (400).
  if ([...name].length > 255) return fail('project_name in body should be at most 255 chars long');
  if (!HARBOR_NAME_PATTERN.test(name))
    return fail('project name is not in lower case or contains illegal characters');
  return OK;
}

/** The name in `POST /robots` (without prefix and project): no "+", no "$", no upper case. */
export function validateRobotName(name: string): RuleCheck {
  if (!HARBOR_NAME_PATTERN.test(name))
    return fail('robot name is not in lower case or contains illegal characters');
  return OK;
}

/** The name Harbor returns for a project robot and that authenticates it: "robot$dst+name". */
export function robotFullName(project: string, name: string, prefix = 'robot$'): string {
  return `${prefix}${project}+${name}`;
}

export type RobotNameParts = {
  /** The name as Harbor stores it, without the prefix: "dst+name" (project robot) or "name". */
  stored: string;
  /** null for a system robot. */
  project: string | null;
  /** The name chosen at creation, as `POST /robots` took it. */
  name: string;
};

/**
 * Splits a robot name as Harbor returns it: the configurable prefix (`robot_name_prefix`, "robot$"
 * by default), then the stored name, "project+name" for a project robot. Neither project nor robot
 * names may hold "$" or "+", so without a known `prefix` the prefix is taken to end at the last "$"
 * (a name without "$" has none); the robot's own name is right whatever the prefix.
 */
export function parseRobotName(fullName: string, prefix?: string): RobotNameParts {
  const stored =
    prefix !== undefined && fullName.startsWith(prefix)
      ? fullName.slice(prefix.length)
      : fullName.slice(fullName.lastIndexOf('$') + 1);
  const plus = stored.indexOf('+');
  if (plus === -1) return { stored, project: null, name: stored };
  return { stored, project: stored.slice(0, plus), name: stored.slice(plus + 1) };
}

/** Whether two returned robot names are the same robot, whatever prefix each was read with. */
export function sameRobotName(a: string, b: string): boolean {
  return (
    a === b || (a.includes('$') && b.includes('$') && parseRobotName(a).stored === parseRobotName(b).stored)
  );
}

const utf8 = new TextEncoder();

/** Registry (endpoint) names have no character rule; Go's len() counts UTF-8 bytes. */
export function validateRegistryName(name: string): RuleCheck {
  const bytes = utf8.encode(name).length;
  if (bytes === 0) return fail('name cannot be empty');
  if (bytes > 64) return fail('the max length of name is 64');
  return OK;
}

// distribution/reference NameRegexp (anchored, as lib.RepositoryNameRe). The separator `[-]*` is
// written `-+` here: the same language without the backtracking blow-up of an empty separator.
const NAME_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
const REFERENCE_NAME = new RegExp(`^(?:${DOMAIN}/)?${NAME_COMPONENT}(?:/${NAME_COMPONENT})*$`);

/** `dest_namespace`: optional; when set it must be a docker repository name. */
export function validateDestinationNamespace(ns: string): RuleCheck {
  if (ns.length === 0) return OK;
  if (!REFERENCE_NAME.test(ns)) return fail(`invalid destination namespace: ${ns}`);
  return OK;
}

const RULE_NAME_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/**
 * Replication rule names. Harbor's API only refuses an empty name ("empty name"); the pattern and
 * the 255 limit are the portal's, applied here so rules stay editable in the portal.
 */
export function validateRuleName(name: string): RuleCheck {
  if (name.length === 0) return fail('empty name');
  if (name.length > 255 || !RULE_NAME_PATTERN.test(name)) {
    return fail(
      "Harbor's portal requires lower-case letters and digits, separated by single '.', '_' or '-', at most 255 characters (the API itself only requires a name)",
    );
  }
  return OK;
}

class InvalidUrl extends Error {}

// Go's url.PathUnescape: bytes, then UTF-8 (Go keeps invalid bytes; they cannot form a host name anyway).
function percentDecode(s: string): string {
  if (!s.includes('%')) return s;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%') {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const codePoint = s.codePointAt(i) ?? 0;
      const char = String.fromCodePoint(codePoint);
      bytes.push(...encoder.encode(char));
      i += char.length - 1;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

// Go's url.Parse, reduced to what lib.ValidateHTTPURL reads: scheme, host and decoded path.
function parseGoUrl(raw: string): { scheme: string; host: string; path: string } {
  const problem = (why: string) => new InvalidUrl(`invalid URL: parse ${goQuote(raw)}: ${why}`);
  // eslint-disable-next-line no-control-regex -- Go refuses control characters in URLs
  if (/[\u0000-\u001f\u007f]/.test(raw)) throw problem('net/url: invalid control character in URL');
  let rest = raw;
  const hash = rest.indexOf('#');
  if (hash !== -1) rest = rest.slice(0, hash);
  let scheme = '';
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(rest);
  if (schemeMatch) {
    scheme = (schemeMatch[1] ?? '').toLowerCase();
    rest = rest.slice(schemeMatch[0].length);
  } else if (rest.startsWith(':')) {
    throw problem('missing protocol scheme');
  }
  const query = rest.indexOf('?');
  if (query !== -1) rest = rest.slice(0, query);
  let host = '';
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const authority = slash === -1 ? rest.slice(2) : rest.slice(2, slash);
    rest = slash === -1 ? '' : rest.slice(slash);
    host = authority.slice(authority.lastIndexOf('@') + 1);
    let portPart: string;
    if (host.startsWith('[')) {
      const close = host.indexOf(']');
      if (close === -1) throw problem("missing ']' in host");
      portPart = host.slice(close + 1);
    } else {
      const colon = host.lastIndexOf(':');
      portPart = colon === -1 ? '' : host.slice(colon);
    }
    if (portPart !== '' && !/^:\d*$/.test(portPart))
      throw problem(`invalid port ${goQuote(portPart)} after host`);
    const badHostChar = /[^a-zA-Z0-9\-._~!$&'()*+,;=:[\]%]/.exec(host);
    if (badHostChar) throw problem(`invalid character ${goQuote(badHostChar[0])} in host name`);
  }
  const badEscape = /%(?![0-9a-fA-F]{2})/.exec(rest);
  if (badEscape)
    throw problem(`invalid URL escape ${goQuote(rest.slice(badEscape.index, badEscape.index + 3))}`);
  const path = percentDecode(rest);
  return { scheme, host, path };
}

/**
 * Harbor's lib.ValidateHTTPURL (2.15): trims spaces and trailing "/", adds "http://" when there is
 * no scheme, refuses other schemes and rebuilds "scheme://host/path" without query, fragment or
 * user info. The result is what Harbor stores as the registry URL.
 */
export function normalizeRegistryUrl(url: string): RuleCheck & { url?: string } {
  let s = url.replace(/^ +| +$/g, '').replace(/\/+$/, '');
  if (s.length === 0) return fail('empty string');
  if (!s.includes('://')) s = `http://${s}`;
  try {
    const parsed = parseGoUrl(s);
    if (parsed.scheme !== 'http' && parsed.scheme !== 'https')
      return fail(`invalid HTTP scheme: ${parsed.scheme}`);
    return { ok: true, url: `${parsed.scheme}://${parsed.host}${parsed.path}` };
  } catch (error) {
    if (error instanceof InvalidUrl) return fail(error.message);
    throw error;
  }
}
