// A setup as files: a JSON bundle (what was chosen and the requests sent to Harbor, no secrets;
// format in docs/setup-bundle.md) and the same setup as Terraform for the goharbor/harbor provider.
//
// The Terraform follows the provider's Go source (goharbor/terraform-provider-harbor):
// provider/resource_robot_account.go at 256bfa44c79d995f32c59bb1deb58dec7f6b91bc (the commit that
// adds the write-only `secret_wo`), resource_replication.go and client/replication.go with
// `dest_namespace_replace` and `single_active_replication`, resource_project.go, resource_registry.go
// and provider.go (`insecure` defaults to true). Every argument whose provider default differs from
// what the wizard sent to Harbor is written out; test/fixtures/terraform-provider-harbor-schema.json
// holds those schemas and the tests check the output against them.
import { parseRobotName } from '@hw/harbor-client';
import type { HarborSide, SetupBundle, SetupState } from '@hw/wizard-api';
import {
  endpointRequestSchema,
  policyRequestSchema,
  projectRequestSchema,
  robotRequestSchema,
  SETUP_BUNDLE_FORMAT,
  SETUP_BUNDLE_VERSION,
  sidesFor,
} from '@hw/wizard-api';

import type { SetupInternal } from '../storage/storage.ts';
import { buildPolicy } from './policy.ts';

function parsed<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
  v: unknown,
) {
  const result = schema.safeParse(v);
  return result.success ? result.data : null;
}

/** The requests the wizard sent, read back through their schemas: unknown fields (a secret) are dropped. */
function sentRequests(internal: SetupInternal) {
  return {
    project: parsed(projectRequestSchema.strip(), internal.projectRequest),
    robot: parsed(robotRequestSchema.strip(), internal.robotRequest),
    endpoint: parsed(
      endpointRequestSchema.strip().extend({
        credential: endpointRequestSchema.shape.credential.strip(),
      }),
      internal.endpointRequest,
    ),
  };
}

export function setupBundle(state: SetupState, internal: SetupInternal, exportedAt: string): SetupBundle {
  const requests = sentRequests(internal);
  const connection = (side: HarborSide) => {
    const c = state[side];
    return c ? { url: c.url, username: c.username, version: c.version, tlsMode: c.tlsMode } : null;
  };
  return {
    format: SETUP_BUNDLE_FORMAT,
    version: SETUP_BUNDLE_VERSION,
    exportedAt,
    setup: {
      id: state.id,
      mode: state.mode,
      status: state.status,
      createdAt: state.createdAt,
      updatedAt: state.updatedAt,
    },
    source: connection('source'),
    target: connection('target'),
    project: state.project ? { ...state.project, request: requests.project } : null,
    robot: state.robot ? { ...state.robot, request: requests.robot } : null,
    endpoint: state.endpoint ? { ...state.endpoint, request: requests.endpoint } : null,
    rule: state.rule,
    policy:
      state.rule && state.endpoint
        ? { id: state.policy?.id ?? null, request: policyRequestSchema.parse(buildPolicy(state)) }
        : null,
    created: state.created,
    lastExecutionId: state.lastExecutionId,
  };
}

const NAMED_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * An HCL quoted string: `"`, `\` and every control character escaped, and `${` / `%{` doubled so
 * Terraform reads them as text, never as a template. Lone surrogates (not encodable) become U+FFFD.
 */
export function hclString(value: string): string {
  const wellFormed = value.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
  let escaped = '';
  for (const c of wellFormed) {
    const named = NAMED_ESCAPES[c];
    if (named) escaped += named;
    else if (isControl(c)) escaped += `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    else escaped += c;
  }
  // Replacement functions, not strings: in a replacement string `$$` would mean a single `$`.
  return `"${escaped.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{')}"`;
}

/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
function isControl(c: string): boolean {
  const code = c.charCodeAt(0);
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
}

/** A comment line: only the wizard's own words and numbers go here, but never let a newline through. */
function comment(text: string): string {
  return `# ${[...text].map((c) => (isControl(c) ? ' ' : c)).join('')}`;
}

type Item = { attr: string; expr: string } | { block: string; items: Item[] } | { comment: string };
const attr = (name: string, expr: string | number | boolean): Item => ({ attr: name, expr: String(expr) });

/** Renders a block the way `terraform fmt` does: `=` aligned within each run of attributes. */
function render(header: string, items: Item[], depth = 0): string[] {
  const pad = '  '.repeat(depth + 1);
  const lines = [`${'  '.repeat(depth)}${header} {`];
  let run: { attr: string; expr: string }[] = [];
  const flush = () => {
    const width = Math.max(0, ...run.map((a) => a.attr.length));
    for (const a of run) lines.push(`${pad}${a.attr.padEnd(width)} = ${a.expr}`);
    run = [];
  };
  for (const item of items) {
    if ('attr' in item) {
      run.push(item);
      continue;
    }
    flush();
    if ('comment' in item) lines.push(`${pad}${comment(item.comment)}`);
    else lines.push(...render(item.block, item.items, depth + 1));
  }
  flush();
  lines.push(`${'  '.repeat(depth)}}`);
  return lines;
}

/** Harbor's robot duration in days (-1 = never expires), from the request or else from the expiry. */
function robotDuration(state: SetupState, requested: number | undefined): number {
  if (requested !== undefined) return requested;
  const robot = state.robot;
  if (!robot || robot.expiresAt === -1) return -1;
  return Math.max(1, Math.round((robot.expiresAt * 1000 - Date.parse(state.createdAt)) / 86_400_000));
}

function providerBlock(state: SetupState, side: HarborSide): string[] {
  const c = state[side];
  const items: Item[] = [
    attr('alias', hclString(side)),
    attr('url', hclString(c?.url ?? `https://${side}.example.com`)),
    attr('username', hclString(c?.username ?? 'admin')),
    attr('password', `var.${side}_password`),
    // The provider's default is true (no certificate check); the wizard checked certificates.
    attr('insecure', c?.tlsMode === 'insecure'),
  ];
  if (c?.tlsMode === 'ca') {
    items.push(
      { comment: 'This Harbor uses a certificate of your own CA, and the provider has no CA argument:' },
      { comment: 'add that CA to the trust store of the machine running Terraform (on Linux, point' },
      { comment: 'SSL_CERT_FILE at a bundle that includes it).' },
    );
  }
  return render('provider "harbor"', items);
}

export function setupTerraform(state: SetupState, internal: SetupInternal): string {
  const sides = sidesFor(state.mode);
  const requests = sentRequests(internal);
  const lines: string[] = [];
  const push = (...l: string[]) => lines.push(...l, '');
  const imports: string[] = [];

  push(
    comment('Generated by the Harbor Replication Wizard: the same setup as code (goharbor/harbor provider).'),
    comment(
      `Mode: ${state.mode}. The robot lives on the ${sides.robot} Harbor, the endpoint and the rule on the ${sides.rule} Harbor.`,
    ),
    comment('Secrets are variables: TF_VAR_source_password, TF_VAR_target_password, TF_VAR_robot_secret.'),
    comment(
      'The robot secret goes to Harbor write-only (secret_wo, Terraform 1.11 or later). The provider has',
    ),
    comment(
      'no write-only credential for harbor_registry, so access_secret is kept (sensitive) in the state.',
    ),
    comment('Use a goharbor/harbor provider release that has harbor_robot_account.secret_wo (its PR #572).'),
  );
  push(
    ...render('terraform', [
      attr('required_version', hclString('>= 1.11')),
      {
        block: 'required_providers',
        items: [attr('harbor', `{ source = ${hclString('goharbor/harbor')} }`)],
      },
    ]),
  );
  for (const side of ['source', 'target'] as const) {
    push(
      ...render(`variable ${hclString(`${side}_password`)}`, [
        attr(
          'description',
          hclString(`Password of ${state[side]?.username ?? 'the admin'} on the ${side} Harbor`),
        ),
        attr('type', 'string'),
        attr('sensitive', true),
      ]),
    );
    push(...providerBlock(state, side));
  }
  push(
    ...render('variable "robot_secret"', [
      attr(
        'description',
        hclString('Secret of the replication robot (8-128 characters, upper and lower case and a digit)'),
      ),
      attr('type', 'string'),
      attr('sensitive', true),
    ]),
  );

  const project = state.project;
  // A project the wizard created is managed here; one that already existed is only looked up.
  const projectRef = project?.createdByWizard ? 'harbor_project.target' : 'data.harbor_project.target';
  if (project?.createdByWizard) {
    push(
      ...render('resource "harbor_project" "target"', [
        attr('provider', 'harbor.target'),
        attr('name', hclString(project.name)),
        attr('public', requests.project?.metadata.public === 'true'),
        // The wizard does not turn on scan-on-push; the provider would (default true).
        attr('vulnerability_scanning', false),
        {
          comment: 'The wizard sent no storage limit: Harbor gave the project its default quota per project',
        },
        { comment: '(unlimited unless changed in Configuration). -1 = unlimited; set GiB here otherwise.' },
        attr('storage_quota', -1),
      ]),
    );
    imports.push(`terraform import harbor_project.target /projects/${project.id}`);
  } else if (project) {
    push(
      ...render('data "harbor_project" "target"', [
        attr('provider', 'harbor.target'),
        attr('name', hclString(project.name)),
      ]),
    );
  }

  const robot = state.robot;
  if (robot && project) {
    const shortName = parseRobotName(robot.name).name;
    // Push: the robot writes into the target project. Pull: it reads the source project.
    const namespace =
      state.mode === 'push' && robot.project === project.name
        ? `${projectRef}.name`
        : hclString(robot.project);
    push(
      ...render('resource "harbor_robot_account" "replication"', [
        attr('provider', `harbor.${robot.side}`),
        attr('name', hclString(shortName)),
        attr('description', hclString(robot.description)),
        attr('level', hclString('project')),
        attr('duration', robotDuration(state, requests.robot?.duration)),
        attr('secret_wo', 'var.robot_secret'),
        attr('secret_wo_version', 1),
        {
          block: 'permissions',
          items: [
            attr('kind', hclString('project')),
            attr('namespace', namespace),
            ...robot.access.map((a): Item => ({
              block: 'access',
              items: [attr('action', hclString(a.action)), attr('resource', hclString(a.resource))],
            })),
          ],
        },
      ]),
    );
    imports.push(`terraform import harbor_robot_account.replication /robots/${robot.id}`);
  }

  const endpoint = state.endpoint;
  if (endpoint && robot) {
    const sent = requests.endpoint;
    const verify = sent ? !sent.insecure : (internal.endpointTls?.verifyRemoteCert ?? true);
    const ca = sent ? sent.ca_certificate : internal.endpointTls?.caCertificate;
    push(
      ...render('resource "harbor_registry" "remote"', [
        attr('provider', `harbor.${sides.rule}`),
        attr('provider_name', hclString('harbor')),
        attr('name', hclString(endpoint.name)),
        attr('description', hclString(sent?.description ?? '')),
        attr('endpoint_url', hclString(endpoint.url)),
        attr('access_id', hclString(endpoint.accessKey)),
        attr('access_secret', 'var.robot_secret'),
        attr('insecure', !verify),
        ...(ca
          ? [
              {
                comment:
                  'The wizard gave this endpoint a CA certificate; the provider has no argument for it.',
              },
              {
                comment:
                  'After apply, paste the CA in Harbor (Administration > Registries > Edit), and again',
              },
              { comment: 'after any change Terraform makes to this endpoint.' },
            ]
          : []),
        attr('depends_on', '[harbor_robot_account.replication]'),
      ]),
    );
    imports.push(`terraform import harbor_registry.remote /registries/${endpoint.id}`);
  }

  const rule = state.rule;
  if (rule && endpoint && robot) {
    const policy = buildPolicy(state);
    const schedule =
      policy.trigger.type === 'scheduled' ? policy.trigger.trigger_settings.cron : policy.trigger.type;
    const filters = policy.filters.map((f): Item => {
      const decoration = f.decoration ? [attr('decoration', hclString(f.decoration))] : [];
      if (f.type === 'label') {
        const labels = (Array.isArray(f.value) ? f.value : [String(f.value)]).map(hclString).join(', ');
        return { block: 'filters', items: [attr('labels', `[${labels}]`), ...decoration] };
      }
      const value = attr(String(f.type), hclString(String(f.value)));
      return { block: 'filters', items: f.type === 'tag' ? [value, ...decoration] : [value] };
    });
    push(
      ...render('resource "harbor_replication" "rule"', [
        attr('provider', `harbor.${sides.rule}`),
        attr('name', hclString(policy.name)),
        attr('description', hclString(policy.description)),
        attr('action', hclString(state.mode)),
        attr('registry_id', 'harbor_registry.remote.registry_id'),
        attr('schedule', hclString(schedule)),
        attr('dest_namespace', hclString(policy.dest_namespace)),
        attr('dest_namespace_replace', policy.dest_namespace_replace_count),
        attr('override', policy.override),
        attr('enabled', policy.enabled),
        attr('deletion', policy.deletion),
        attr('copy_by_chunk', policy.copy_by_chunk),
        attr('single_active_replication', policy.single_active_replication),
        attr('speed', policy.speed),
        ...filters,
      ]),
    );
    if (state.policy)
      imports.push(`terraform import harbor_replication.rule /replication/policies/${state.policy.id}`);
  }

  if (imports.length > 0) {
    push(
      comment('These objects already exist on the Harbors the wizard used. To manage them with this file'),
      comment('instead of creating them again, import them first:'),
      ...imports.map((i) => comment(`  ${i}`)),
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
