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
// example performs, with the words of the document it comes from. Optional settings the example
// leaves alone (filters, destination namespace, bandwidth, override, chunking) are not counted.
const MANUAL_ROUTE = [
  [
    'target portal',
    'enter the admin user name',
    'log in to the Harbor web interface of the “target instance”',
  ],
  [
    'target portal',
    'enter the admin password',
    'log in to the Harbor web interface of the “target instance”',
  ],
  ['target portal', 'click "Log in"', 'log in to the Harbor web interface of the “target instance”'],
  ['target portal', 'open "Projects"', 'under “Projects”'],
  ['target portal', 'open the project', 'go to the corresponding project'],
  ['target portal', 'select the "Robot Accounts" tab', 'select the “Robot Accounts” tab'],
  ['target portal', 'click "+ New Robot Account"', '“+ New Robot Account”'],
  ['target portal', 'type the robot name', 'give the account a name'],
  ['target portal', 'type the description', 'a short description'],
  ['target portal', 'choose the expiration ("Never")', 'you would select “Never” here'],
  ['target portal', 'tick Repository "Push"', 'select “Push” and “Pull” under Repository'],
  ['target portal', 'tick Repository "Pull"', 'select “Push” and “Pull” under Repository'],
  ['target portal', 'confirm the creation', 'When you complete the creation of the account'],
  ['target portal', 'copy the name', 'Copy both'],
  ['target portal', 'copy the secret', 'Copy both'],
  ['target portal', 'click "Export to File"', 'click “Export to File” for archiving'],
  ['source portal', 'enter the admin user name', 'log in to the Harbor web interface of the “push instance”'],
  ['source portal', 'enter the admin password', 'log in to the Harbor web interface of the “push instance”'],
  ['source portal', 'click "Log in"', 'log in to the Harbor web interface of the “push instance”'],
  ['source portal', 'open "Registries"', 'go to “Registries”'],
  ['source portal', 'click "+ New Endpoint"', 'click on “+ New Endpoint”'],
  ['source portal', 'choose provider "harbor"', '“harbor” is selected as the provider'],
  ['source portal', 'type the endpoint name', 'give the endpoint a name'],
  ['source portal', 'type the description', 'optionally enter a short description'],
  ['source portal', 'type the endpoint URL', 'for Endpoint URL'],
  ['source portal', 'paste the Access ID (robot name)', 'for Access ID and Secret'],
  ['source portal', 'paste the Access Secret', 'for Access ID and Secret'],
  ['source portal', 'click "Test Connection"', 'click on “Test Connection”'],
  ['source portal', 'click "OK"', 'close the window again with “OK”'],
  ['source portal', 'open "Administration -> Replications"', 'go to “Administration -> Replications”'],
  ['source portal', 'click "New Replication Rule"', 'go to “New Replication Rule”'],
  ['source portal', 'type the rule name', 'give the rule a meaningful name under “Name”'],
  ['source portal', 'type the description', 'Under “Description” it is best to briefly'],
  ['source portal', 'choose replication mode "Push-based"', 'select the appropriate method'],
  [
    'source portal',
    'choose the destination registry',
    'select the previously configured endpoint under “Destination Registry”',
  ],
  ['source portal', 'choose trigger mode "Scheduled"', 'we select “Scheduled”'],
  ['source portal', 'type the 6-field cron schedule', 'specify a schedule'],
  ['source portal', 'tick "Enable Rule"', 'check the “Enable Rule” box'],
  ['source portal', 'click "Save"', 'save the setting via Save'],
  ['source portal', 'tick the new rule in the list', 'also select it'],
  ['source portal', 'click "Replicate"', 'click on “Replicate”'],
  ['source portal', 'confirm the replication dialog', 'click on “Replicate”'],
  ['source portal', 'open the execution under "Executions"', 'observed under “Executions”'],
  [
    'target portal',
    'open the project on the target to see the replicated objects',
    'see the replicated objects on the target page',
  ],
];

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
if (e2e) {
  figures.push({
    figure: 'push path interactions (wizard, e2e)',
    value: String(e2e.interactions),
    baseline: `${manual} actions (manual portal route)`,
    ratio: `${(e2e.interactions / manual).toFixed(2)}×`,
    budget: '< manual route',
    verdict: e2e.interactions < manual ? 'holds' : 'over budget',
  });
  figures.push({
    figure: 'push path wall time (wizard, e2e)',
    value: e2e.wallMs !== null ? `${(e2e.wallMs / 1000).toFixed(1)} s` : 'not recorded',
    baseline: 'not measurable (the manual route needs a person and two real Harbors)',
    verdict: 'no budget',
  });
  notes.push(`e2e record: ${e2e.file} (written ${e2e.mtime}): ${JSON.stringify(e2e.data).slice(0, 300)}.`);
} else {
  figures.push({
    figure: 'push path interactions (wizard, e2e)',
    value: 'not available',
    baseline: `${manual} actions (manual portal route)`,
    budget: '< manual route',
    verdict: 'not measured',
  });
  notes.push(
    'No e2e interactions record found (looked for e2e/screenshots/interactions.json and e2e/**/*interaction*.json); run the e2e suite first (`pnpm --filter @hw/e2e test`).',
  );
}
figures.push({ figure: 'manual route actions (document)', value: String(manual), verdict: 'no budget' });

const details = [
  `Manual route counted from \`shared/seed/harbor-replication.md\` (push example, the settings it actually makes; one row per click, field or choice):`,
  '',
  '| # | where | action | the document says |',
  '|---:|---|---|---|',
  ...MANUAL_ROUTE.map(([where, action, quote], i) => `| ${i + 1} | ${where} | ${action} | “${quote}” |`),
  '',
  'Not counted: creating the target project when missing (+3), the optional source filters, destination namespace, bandwidth, override and copy-by-chunk, and any typing to fix a cron expression Harbor rejects.',
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
