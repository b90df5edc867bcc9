// Operator effort: interactions and wall time of the wizard's push path (as recorded by the e2e suite)
// next to the manual route of shared/seed/harbor-replication.md, counted action by action below.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(benchDir, '..');
const resultsDir = path.join(benchDir, '.results');
const docCandidates = [
  path.join(root, '..', 'shared', 'seed', 'harbor-replication.md'),
  path.join(root, 'docs', 'harbor-replication.md'),
];

// One entry per operator action (a click, a field typed or pasted, a choice) the document's push
// example performs, with the words of the document it comes from, and what the action costs when
// counted like for like with the wizard (see `portalEffort`): `click` (a click or a choice), `type`
// (a field: one click into it, then one keystroke per character of the value named), `copy` (a click
// on a copy button), `paste` (a click into the field and Ctrl+V), `optional` (the document suggests
// it but the setup works without: not counted like for like, which favours the portal). Optional
// settings the example leaves alone (filters, destination namespace, bandwidth, override, chunking)
// are not listed.
/** The document's four actions to log in to one Harbor's portal: URL, user name, password, "Log in". */
function portalLogin(side, instance, urlValue, passwordValue) {
  const where = `${side} portal`;
  const words = `log in to the Harbor web interface of the “${instance} instance”`;
  return [
    [where, `type the ${side} portal URL in the browser`, words, { type: urlValue }],
    [where, 'enter the admin user name', words, { type: 'username' }],
    [where, 'enter the admin password', words, { type: passwordValue }],
    [where, 'click "Log in"', words, 'click'],
  ];
}

const MANUAL_ROUTE = [
  ...portalLogin('target', 'target', 'targetUrl', 'targetPassword'),
  ['target portal', 'open "Projects"', 'under “Projects”', 'click'],
  ['target portal', 'open the project', 'go to the corresponding project', 'click'],
  ['target portal', 'select the "Robot Accounts" tab', 'select the “Robot Accounts” tab', 'click'],
  ['target portal', 'click "+ New Robot Account"', '“+ New Robot Account”', 'click'],
  ['target portal', 'type the robot name', 'give the account a name', { type: 'robotName' }],
  ['target portal', 'type the description', 'a short description', 'optional'],
  ['target portal', 'choose the expiration ("Never")', 'you would select “Never” here', 'click'],
  ['target portal', 'tick Repository "Push"', 'select “Push” and “Pull” under Repository', 'click'],
  ['target portal', 'tick Repository "Pull"', 'select “Push” and “Pull” under Repository', 'click'],
  ['target portal', 'confirm the creation', 'When you complete the creation of the account', 'click'],
  ['target portal', 'copy the name', 'Copy both', 'copy'],
  ['target portal', 'copy the secret', 'Copy both', 'copy'],
  ['target portal', 'click "Export to File"', 'click “Export to File” for archiving', 'click'],
  ...portalLogin('source', 'push', 'sourceUrl', 'sourcePassword'),
  ['source portal', 'open "Registries"', 'go to “Registries”', 'click'],
  ['source portal', 'click "+ New Endpoint"', 'click on “+ New Endpoint”', 'click'],
  ['source portal', 'choose provider "harbor"', '“harbor” is selected as the provider', 'click'],
  ['source portal', 'type the endpoint name', 'give the endpoint a name', { type: 'endpointName' }],
  ['source portal', 'type the description', 'optionally enter a short description', 'optional'],
  ['source portal', 'type the endpoint URL', 'for Endpoint URL', { type: 'targetUrl' }],
  ['source portal', 'paste the Access ID (robot name)', 'for Access ID and Secret', 'paste'],
  ['source portal', 'paste the Access Secret', 'for Access ID and Secret', 'paste'],
  ['source portal', 'click "Test Connection"', 'click on “Test Connection”', 'click'],
  ['source portal', 'click "OK"', 'close the window again with “OK”', 'click'],
  [
    'source portal',
    'open "Administration -> Replications"',
    'go to “Administration -> Replications”',
    'click',
  ],
  ['source portal', 'click "New Replication Rule"', 'go to “New Replication Rule”', 'click'],
  [
    'source portal',
    'type the rule name',
    'give the rule a meaningful name under “Name”',
    { type: 'ruleName' },
  ],
  ['source portal', 'type the description', 'Under “Description” it is best to briefly', 'optional'],
  ['source portal', 'choose replication mode "Push-based"', 'select the appropriate method', 'click'],
  [
    'source portal',
    'choose the destination registry',
    'select the previously configured endpoint under “Destination Registry”',
    'click',
  ],
  ['source portal', 'choose trigger mode "Scheduled"', 'we select “Scheduled”', 'click'],
  ['source portal', 'type the 6-field cron schedule', 'specify a schedule', { type: 'cron' }],
  ['source portal', 'tick "Enable Rule"', 'check the “Enable Rule” box', 'click'],
  ['source portal', 'click "Save"', 'save the setting via Save', 'click'],
  ['source portal', 'tick the new rule in the list', 'also select it', 'click'],
  ['source portal', 'click "Replicate"', 'click on “Replicate”', 'click'],
  ['source portal', 'confirm the replication dialog', 'click on “Replicate”', 'click'],
  ['source portal', 'open the execution under "Executions"', 'observed under “Executions”', 'click'],
  [
    'target portal',
    'open the project on the target to see the replicated objects',
    'see the replicated objects on the target page',
    'click',
  ],
];

/**
 * The portal route's effort with the values the wizard's run typed (same URLs, logins and names):
 * clicks, fields (one click into each), keystrokes and copy-pastes, row by row.
 */
function portalEffort(typed) {
  const rows = [];
  const total = { clicks: 0, fields: 0, keystrokes: 0, copyPastes: 0 };
  for (const [where, action, , kind] of MANUAL_ROUTE) {
    let cost = { clicks: 0, fields: 0, keystrokes: 0, copyPastes: 0 };
    if (kind === 'click' || kind === 'copy') cost.clicks = 1;
    if (kind === 'paste') cost = { clicks: 0, fields: 1, keystrokes: 1, copyPastes: 1 };
    if (typeof kind === 'object') {
      const value = typed[kind.type];
      if (typeof value !== 'string') throw new Error(`the effort record has no typed value "${kind.type}"`);
      cost = { clicks: 0, fields: 1, keystrokes: value.length, copyPastes: 0 };
    }
    for (const key of Object.keys(total)) total[key] += cost[key];
    rows.push({ where, action, kind: typeof kind === 'object' ? `type ${kind.type}` : kind, cost });
  }
  return { rows, total, interactions: total.clicks + total.fields + total.keystrokes };
}

/** The e2e record of the push setup with typed logins (tests/effort.spec.ts). */
function readEffortRecord() {
  const file = path.join(root, 'e2e', 'screenshots', 'effort.json');
  if (!existsSync(file)) return null;
  return {
    file: path.relative(root, file),
    data: JSON.parse(readFileSync(file, 'utf8')),
    mtime: statSync(file).mtime.toISOString(),
  };
}

function readDocument() {
  for (const file of docCandidates) if (existsSync(file)) return { file, text: readFileSync(file, 'utf8') };
  return null;
}

/** The e2e suite's record of the push path, wherever under e2e/ it was written. */
function findE2eRecord() {
  const preferred = path.join(root, 'e2e', 'screenshots', 'interactions.json');
  const candidates = existsSync(preferred) ? [preferred] : [];
  const walk = (dir, depth) => {
    if (depth > 3 || !existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, depth + 1);
      else if (/interaction.*\.json$/i.test(entry.name) && !candidates.includes(full)) candidates.push(full);
    }
  };
  walk(path.join(root, 'e2e'), 0);
  for (const file of candidates) {
    try {
      const data = JSON.parse(readFileSync(file, 'utf8'));
      const numbers = flatten(data);
      const interactions = pick(numbers, [
        /^(total)?interactions$/i,
        /interactions\.total$/i,
        /^total$/i,
        /interactions/i,
      ]);
      const wallMs = pick(numbers, [/wall.*ms$/i, /duration.*ms$/i, /elapsed.*ms$/i, /ms$/i]);
      const wallS = wallMs === null ? pick(numbers, [/wall/i, /seconds$/i, /duration/i]) : null;
      if (interactions !== null) {
        return {
          file: path.relative(root, file),
          interactions,
          wallMs: wallMs ?? (wallS !== null ? wallS * 1000 : null),
          data,
          mtime: statSync(file).mtime.toISOString(),
        };
      }
    } catch {
      // not a record we understand; try the next file
    }
  }
  return null;
}

function flatten(value, prefix = '', out = new Map()) {
  if (typeof value === 'number') out.set(prefix, value);
  else if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

function pick(numbers, patterns) {
  for (const pattern of patterns) for (const [key, v] of numbers) if (pattern.test(key)) return v;
  return null;
}

const started = Date.now();
const doc = readDocument();
const notes = [];
const unmatched = doc ? MANUAL_ROUTE.filter(([, , quote]) => !doc.text.includes(quote)) : MANUAL_ROUTE;
if (!doc)
  notes.push(
    'shared/seed/harbor-replication.md was not found; the manual list below is the one counted when it was last read.',
  );
else if (unmatched.length > 0)
  notes.push(
    `${unmatched.length} counted actions no longer quote the document word for word (it changed?): ${unmatched.map(([, a]) => a).join('; ')}.`,
  );
const manual = MANUAL_ROUTE.length;

const e2e = findE2eRecord();
const figures = [];
const effort = readEffortRecord();
let portal = null;
if (effort) {
  portal = portalEffort(effort.data.typed);
  const wizard = effort.data.clicks + effort.data.fields + effort.data.keystrokes;
  const half = portal.interactions / 2;
  const fits = wizard <= half && effort.data.copyPastes === 0;
  figures.push({
    figure: 'push setup, typed logins: interactions (wizard, e2e)',
    value: `${wizard} (${effort.data.clicks} clicks, ${effort.data.fields} fields, ${effort.data.keystrokes} keystrokes, ${effort.data.copyPastes} copy-pastes)`,
    baseline: `${portal.interactions} on the portal route (${portal.total.clicks} clicks, ${portal.total.fields} fields, ${portal.total.keystrokes} keystrokes, ${portal.total.copyPastes} copy-pastes)`,
    ratio: `${(wizard / portal.interactions).toFixed(2)}×`,
    budget: '≤ 0.5× portal, no copy-paste',
    verdict: fits ? 'holds' : 'over budget',
  });
  notes.push(`like-for-like record: ${effort.file} (written ${effort.mtime}).`);
} else {
  figures.push({
    figure: 'push setup, typed logins: interactions (wizard, e2e)',
    value: 'not available',
    budget: '≤ 0.5× portal, no copy-paste',
    verdict: 'not measured',
  });
  notes.push(
    'No like-for-like record (e2e/screenshots/effort.json): run `cd e2e && pnpm exec playwright test tests/effort.spec.ts` first.',
  );
}
if (e2e) {
  // The demo path connects with one click per Harbor (no URL or login typed): not comparable with
  // the portal route, kept to follow the demo's own effort over time.
  figures.push({
    figure: 'demo push path interactions (wizard, e2e, no typed logins)',
    value: String(e2e.interactions),
    verdict: 'no budget',
  });
  figures.push({
    figure: 'demo push path wall time (wizard, e2e)',
    value: e2e.wallMs !== null ? `${(e2e.wallMs / 1000).toFixed(1)} s` : 'not recorded',
    baseline: 'not measurable (the manual route needs a person and two real Harbors)',
    verdict: 'no budget',
  });
  notes.push(`e2e record: ${e2e.file} (written ${e2e.mtime}): ${JSON.stringify(e2e.data).slice(0, 300)}.`);
}
figures.push({ figure: 'manual route actions (document)', value: String(manual), verdict: 'no budget' });

const costOf = (cost) =>
  [
    cost.clicks && `${cost.clicks} click`,
    cost.fields && `${cost.fields} field`,
    cost.keystrokes && `${cost.keystrokes} keys`,
    cost.copyPastes && 'copy-paste',
  ]
    .filter(Boolean)
    .join(', ') || 'not counted';
const details = [
  `Manual route counted from \`shared/seed/harbor-replication.md\` (push example, the settings it actually makes; one row per click, field or choice), with its like-for-like cost: the same URLs, logins and names the wizard's run typed${portal ? '' : ' (no record yet)'}:`,
  '',
  '| # | where | action | the document says | like-for-like cost |',
  '|---:|---|---|---|---|',
  ...MANUAL_ROUTE.map(
    ([where, action, quote], i) =>
      `| ${i + 1} | ${where} | ${action} | “${quote}” | ${portal ? costOf(portal.rows[i].cost) : ''} |`,
  ),
  '',
  'Counted the same way on both sides: a click or a choice is 1, a field is 1 (the click into it) plus 1 per character typed, a paste is the click into the field plus Ctrl+V. The optional descriptions are not counted on the portal (the wizard fills them), which favours the portal. Not counted: creating the target project when missing (+3), the optional source filters, destination namespace, bandwidth, override and copy-by-chunk, and any typing to fix a cron expression Harbor rejects.',
].join('\n');

const result = {
  name: 'operator-effort',
  title: 'Operator effort (push path)',
  figures,
  notes,
  details,
  durationMs: Date.now() - started,
};
mkdirSync(resultsDir, { recursive: true });
writeFileSync(path.join(resultsDir, 'operator-effort.json'), `${JSON.stringify(result, null, 2)}\n`);
for (const f of figures) process.stdout.write(`  ${f.figure}: ${f.value} -> ${f.verdict}\n`);
for (const n of notes) process.stdout.write(`  note: ${n}\n`);
