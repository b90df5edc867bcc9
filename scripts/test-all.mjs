// Runs every check and test runner of the workspace, then prints one line: `N passed, N failed`.
// Lint, formatting, knip and each package's typecheck count as one check each; test runners count their tests,
// read from their JSON reports. A runner that leaves no report, or exits non-zero while its report
// shows no failed test (a crash, a web server that did not start), counts as one failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reports = join(root, 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const packages = [
  'packages/harbor-client',
  'packages/wizard-api',
  'packages/harbor-sim',
  'apps/server',
  'apps/web',
];
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(label, command, args, options = {}) {
  console.log(`\n━━ ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  return result.status === 0;
}

function fail(reason) {
  totals.failed += 1;
  failures.push(reason);
}

function check(label, command, args, options) {
  if (run(label, command, args, options)) totals.passed += 1;
  else fail(label);
}

function readReport(label, ok, file, count) {
  if (!existsSync(file)) return fail(`${label} (no report)`);
  const { passed, failed, skipped } = count(JSON.parse(readFileSync(file, 'utf8')));
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  if (failed > 0) failures.push(`${label} (${failed} failed)`);
  else if (!ok) fail(`${label} (the runner failed outside the tests)`);
}

check('lint', 'pnpm', ['exec', 'eslint', '.', '--max-warnings=0']);
check('format', 'pnpm', ['exec', 'prettier', '--check', '.']);
check('unused files, exports and dependencies (knip)', 'pnpm', ['exec', 'knip', '--no-progress']);
for (const pkg of [...packages, 'e2e', 'bench']) {
  check(`typecheck ${pkg}`, 'pnpm', ['exec', 'tsc', '--noEmit', '-p', '.'], { cwd: join(root, pkg) });
}

for (const pkg of packages) {
  const file = join(reports, `${pkg.replace('/', '-')}.json`);
  const ok = run(
    `test ${pkg}`,
    'pnpm',
    ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`],
    {
      cwd: join(root, pkg),
    },
  );
  readReport(`test ${pkg}`, ok, file, (r) => ({
    passed: r.numPassedTests,
    failed: r.numFailedTests,
    skipped: r.numPendingTests + r.numTodoTests,
  }));
}

if (existsSync(join(root, 'e2e', 'playwright.config.ts'))) {
  if (run('build web', 'pnpm', ['--filter', '@hw/web', 'run', 'build'])) {
    const file = join(reports, 'e2e.json');
    const ok = run('test e2e', 'pnpm', ['exec', 'playwright', 'test', '--reporter=list,json'], {
      cwd: join(root, 'e2e'),
      env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: file },
    });
    readReport('test e2e', ok, file, (r) => ({
      passed: r.stats.expected + r.stats.flaky,
      failed: r.stats.unexpected,
      skipped: r.stats.skipped,
    }));
  } else {
    fail('build web');
  }
}

if (failures.length > 0) console.log(`\nFailed: ${failures.join(', ')}`);
if (totals.skipped > 0) console.log(`(${totals.skipped} skipped or marked fixme: not counted as passed)`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 ? 1 : 0);
