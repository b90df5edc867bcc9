// Watching a replication after its setup (issue 14): push setup → Done with "Keep watching this
// replication" → the Replications page; an alert target on the Alerts page receiving one alert per
// incident and one "resolved" per recovery; a failure injected on the target, a robot brought close
// to its expiry by the simulator's clock, an execution held InProgress; /metrics; a server restart;
// and what the watch robots may do on each Harbor. The e2e servers poll every second and call an
// execution stuck after 6 s without progress (support/watch-env.ts). The tests run in order in one
// worker and build on the watch the first one creates, reading it from the server each time (and the
// receiver listens on a fixed port), so one failing test does not hide what the next ones show.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { APIRequestContext } from '@playwright/test';

import { apiPaths, watchSummarySchema } from '@hw/wizard-api';
import type { WatchSummary } from '@hw/wizard-api';

import { startAlertReceiver } from '../support/alert-receiver.ts';
import type { AlertReceiver } from '../support/alert-receiver.ts';
import { adminClient, finalExecution, runRule, sim } from '../support/harbor-direct.ts';
import { e2e, harbors } from '../support/harbors.ts';
import type { SimName } from '../support/harbors.ts';
import { expect, test } from '../support/operator-fixture.ts';
import { metricTypes, parsePrometheusText, valuesOf } from '../support/prometheus-text.ts';
import type { Sample } from '../support/prometheus-text.ts';
import { createAndReplicate, finishSetup, walkToRule, walkToRuleWithLogins } from '../support/setup-walk.ts';
import { ROBOT_CHECK_MS, STUCK_MS } from '../support/watch-env.ts';
import {
  accessPairs,
  allRefused,
  changesOnRobotHarbor,
  changesOnRuleHarbor,
  grantedRegistryActions,
  robotClient,
  systemRobot,
  twinOf,
} from '../support/watch-robots.ts';
import type { RobotLogin } from '../support/watch-robots.ts';
import {
  addAlertTarget,
  afterPolls,
  expectVerdict,
  finishWatching,
  openReplications,
  openSession,
  watchById,
  watchOf,
  watchRow,
} from '../support/watch.ts';
import { startWizardServer } from '../support/wizard-server.ts';
import type { WizardServer } from '../support/wizard-server.ts';
import { expectStep, fillRule } from '../support/wizard.ts';

const PROJECT = 'watched-push';
const RULE = 'watched-push';
/** Every registry call the target gets for the project's repositories (existence checks included). */
const REFUSE_PUSH = { path: `^/v2/${PROJECT}/`, status: 403, times: 10_000 };
const DAY = 86_400;
/** Enough polls for a duplicate alert to have arrived, had the server sent one. */
const SETTLE_POLLS = 3;
/** The row follows the server's events: one poll (1 s) and the event, with room for a busy machine. */
const ONE_POLL_MS = 10_000;
/** The poller reads the replication robot every few seconds here (support/watch-env.ts), then polls. */
const ROBOT_READ_MS = ROBOT_CHECK_MS + 2 * ONE_POLL_MS;

let receiver: AlertReceiver;

test.beforeAll(async () => {
  receiver = await startAlertReceiver(e2e.alertReceiverPort);
});

// Each test has a new browser context: its API calls need a session, as the web app's do.
test.beforeEach(async ({ page }) => {
  await openSession(page.request);
});

// What a failed test may leave behind on the Harbors must not break the next one.
test.afterEach(async () => {
  await sim.resetFaults('target');
  await sim.releaseExecutions('source');
});

test.afterAll(async () => {
  await receiver.close();
});

/**
 * The restart scenario's watch, kept in the run's data directory for the robot test after it (its
 * server is stopped by then, so nobody reads that watch any more).
 */
const restartWatchFile = () => join(process.env.E2E_DATA_DIR ?? tmpdir(), 'watch-restart.json');

/** Alerts of one kind received so far, firing and resolved. */
const alertsOf = (kind: Parameters<AlertReceiver['count']>[0]) => ({
  firing: receiver.count(kind, 'firing'),
  resolved: receiver.count(kind, 'resolved'),
});

async function metrics(request: APIRequestContext) {
  const res = await request.get('/metrics');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toMatch(/^text\/plain/);
  const text = await res.text();
  return { text, samples: parsePrometheusText(text) };
}

// The metric names and labels the server documents (README, "Alerts and metrics"): per watched rule,
// labelled watch_id, rule, source and target.
const M = {
  consecutiveFailures: 'harbor_replication_consecutive_failures',
  robotExpiry: 'harbor_replication_robot_expiry_seconds',
  harborUp: 'harbor_replication_harbor_up',
  lastSuccess: 'harbor_replication_last_success_timestamp_seconds',
  lastStatus: 'harbor_replication_last_execution_status',
  health: 'harbor_replication_health',
  polls: 'harbor_replication_polls_total',
} as const;

/** The values of one metric of the watched rule (and of the extra labels). */
function ofWatch(samples: Sample[], name: string, watch: WatchSummary, labels: Record<string, string> = {}) {
  return valuesOf(samples, name, { watch_id: watch.id, ...labels });
}

test('push setup → Done with "Keep watching this replication" → the Replications page shows the rule Healthy', async ({
  page,
  op,
}) => {
  test.setTimeout(240_000);
  await walkToRule(op, { project: PROJECT, endpoint: 'e2e-watched' });
  await fillRule(op, { name: RULE, nameFilter: 'library/alpine', namespace: PROJECT });
  await createAndReplicate(op);
  await finishSetup(op);
  const planned = await finishWatching(op);
  // Done says the replication is watched and links to how it is doing.
  const finished = page.getByRole('status').filter({ hasText: 'Setup finished' });
  await expect(finished.getByRole('link', { name: 'see how it is doing' })).toHaveAttribute(
    'href',
    '/replications',
  );

  await openReplications(op);
  const row = watchRow(page, RULE);
  await expect(row).toHaveCount(1);
  // "Pending" until the first poll, then the verdict of what the poll saw.
  await expect(row.getByText(/^(Pending|Healthy)$/)).toBeVisible();
  await expectVerdict(row, 'healthy');
  await expect(row.getByRole('link').first()).toHaveAttribute('href', /\/replications\/[^/]+$/);

  const watched = await watchOf(page.request, RULE);
  expect(watched).toMatchObject({
    mode: 'push',
    sourceUrl: harbors.source.url,
    targetUrl: harbors.target.url,
    verdict: 'healthy',
    consecutiveFailures: 0,
    conditions: [],
    rule: { name: RULE, side: 'source', trigger: 'manual', enabled: true },
    // Created with "Never" on the robot step, read from the target by the target's watch robot.
    replicationRobot: { side: 'target', expiresAt: -1, source: 'harbor' },
    lastExecution: { status: 'Succeed' },
  });
  // One read-only robot on each Harbor (both run 2.15, which has system robots), as the plan said.
  expect(watched.watchRobots.map((r) => r.side).sort()).toEqual(['source', 'target']);
  expect(planned.source, 'the plan names a robot on the source Harbor').not.toBeNull();
  expect(planned.target, 'the plan names a robot on the target Harbor').not.toBeNull();
  // Named as the plan named them (its six-digit suffix may be drawn again when the robots are made).
  for (const robot of watched.watchRobots)
    expect(robot.name).toMatch(/^robot\$replication-watch-[0-9a-f]{6}$/);
  expect(watched.harbors.map((h) => [h.side, h.reachable]).sort()).toEqual([
    ['source', true],
    ['target', true],
  ]);

  // Once anything is watched, the home page is the Replications page.
  await page.goto('/');
  await expect(page).toHaveURL(/\/replications$/);
  await expect(page.getByRole('heading', { name: 'Replications', exact: true })).toBeVisible();
});

test('an alert target added on the Alerts page gets the test alert; its URL is shown masked', async ({
  page,
  op,
}) => {
  await page.goto('/replications');
  await addAlertTarget(op, { name: 'e2e receiver', format: 'Generic JSON', url: receiver.url });
  // Scheme, host and port only: the path is the webhook's secret.
  await expect(page.getByText(new URL(receiver.url).host).first()).toBeVisible();
  await expect(page.getByText(receiver.token)).toHaveCount(0);

  await op.click(page.getByRole('button', { name: 'Send a test alert' }));
  await expect.poll(() => receiver.count('test')).toBe(1);
  const history = page.getByRole('table', { name: 'Alert history' });
  const sent = history.getByRole('row').filter({ hasText: 'Test alert' });
  await expect(sent).toHaveCount(1);
  // Its delivery is recorded once the receiver has answered: the history says so after a reload.
  await expect(async () => {
    await page.reload();
    await expect(sent).toContainText('e2e receiver: Sent', { timeout: 2_000 });
  }).toPass();
  expect(receiver.unreadable).toEqual([]);
});

test('an injected failure on the target turns the row Failing within one poll: one alert, then one "resolved" after recovery', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const watched = await watchOf(page.request, RULE);
  await page.goto('/replications');
  const row = watchRow(page, RULE);
  await expectVerdict(row, 'healthy');
  const policyId = watched.rule.policyId;

  // The target refuses every registry call for the project: each task fails, the run ends Failed.
  await sim.fault('target', REFUSE_PUSH);
  const failed = await runRule('source', policyId);
  expect(failed).toMatchObject({ status: 'Failed', failed: 1 });
  await expectVerdict(row, 'failing', ONE_POLL_MS);
  await expect.poll(() => alertsOf('failing')).toEqual({ firing: 1, resolved: 0 });

  // A second failed run: the count goes on, the incident (and its one alert) stays the same.
  const again = await runRule('source', policyId);
  expect(again.status).toBe('Failed');
  await expect.poll(async () => (await watchById(page.request, watched.id)).consecutiveFailures).toBe(2);
  const failing = await afterPolls(page.request, watched.id, SETTLE_POLLS);
  expect(failing).toMatchObject({
    verdict: 'failing',
    lastExecution: { id: again.id, status: 'Failed', failed: 1 },
  });
  expect(failing.conditions.map((c) => [c.kind, c.severity])).toEqual([['failing', 'alert']]);
  // The reason in one line (its start: the page may cut a long one short).
  await expect(row).toContainText(failing.reason.slice(0, 30));
  expect(alertsOf('failing')).toEqual({ firing: 1, resolved: 0 });

  // /metrics while failing: the consecutive failures, the last status, the verdict, both Harbors up.
  const { samples } = await metrics(page.request);
  expect(ofWatch(samples, M.consecutiveFailures, watched)).toEqual([2]);
  expect(ofWatch(samples, M.lastStatus, watched, { status: 'Failed' })).toEqual([1]);
  expect(ofWatch(samples, M.lastStatus, watched, { status: 'Succeed' })).toEqual([0]);
  expect(ofWatch(samples, M.health, watched, { verdict: 'failing' })).toEqual([1]);
  expect(ofWatch(samples, M.harborUp, watched, { side: 'source' })).toEqual([1]);
  expect(ofWatch(samples, M.harborUp, watched, { side: 'target' })).toEqual([1]);

  // Recovery: the fault is removed and the next run succeeds.
  await sim.resetFaults('target');
  expect((await runRule('source', policyId)).status).toBe('Succeed');
  await expectVerdict(row, 'healthy', ONE_POLL_MS);
  await expect.poll(() => alertsOf('failing')).toEqual({ firing: 1, resolved: 1 });
  const healthy = await afterPolls(page.request, watched.id, SETTLE_POLLS);
  expect(healthy).toMatchObject({ verdict: 'healthy', consecutiveFailures: 0 });
  expect(alertsOf('failing')).toEqual({ firing: 1, resolved: 1 });
});

test('an execution held InProgress past the stuck threshold is flagged Stuck, then recovers', async ({
  page,
}) => {
  const watched = await watchOf(page.request, RULE);
  await page.goto('/replications');
  const row = watchRow(page, RULE);
  const policyId = watched.rule.policyId;

  // Its tasks stay pending in the job service queue: the counters never move.
  await sim.holdExecutions('source', policyId);
  const { id } = await adminClient('source').executions.start(policyId);
  await expectVerdict(row, 'stuck', STUCK_MS + 15_000);
  const stuck = await watchById(page.request, watched.id);
  expect(stuck).toMatchObject({
    verdict: 'stuck',
    stuck: { reason: 'no-progress' },
    lastExecution: { id, status: 'InProgress' },
  });
  // Its start only: the time without progress in it grows from poll to poll.
  await expect(row).toContainText(stuck.reason.slice(0, 30));
  await expect.poll(() => alertsOf('stuck')).toEqual({ firing: 1, resolved: 0 });
  await afterPolls(page.request, watched.id, SETTLE_POLLS);
  expect(alertsOf('stuck')).toEqual({ firing: 1, resolved: 0 });

  await sim.releaseExecutions('source', id);
  expect((await finalExecution('source', id)).status).toBe('Succeed');
  await expectVerdict(row, 'healthy', ONE_POLL_MS);
  await expect.poll(() => alertsOf('stuck')).toEqual({ firing: 1, resolved: 1 });

  // Nothing else was sent (no Harbor was ever unreachable), and no alert carried a password.
  expect(alertsOf('unreachable')).toEqual({ firing: 0, resolved: 0 });
  expect(receiver.unreadable).toEqual([]);
  for (const alert of receiver.received) {
    expect(alert.raw).not.toContain(harbors.source.admin.password);
    expect(alert.raw).not.toContain(harbors.target.admin.password);
  }
});

test('/metrics shows the per-rule figures in Prometheus text with conventional names', async ({ page }) => {
  const watch = await afterPolls(page.request, (await watchOf(page.request, RULE)).id, 1);
  const { text, samples } = await metrics(page.request);
  for (const s of samples) {
    expect(s.name).toMatch(/^[a-z_:][a-z0-9_:]*$/);
    for (const label of Object.keys(s.labels)) expect(label).toMatch(/^[a-z_][a-z0-9_]*$/);
  }
  const types = metricTypes(text);
  for (const name of [
    M.consecutiveFailures,
    M.robotExpiry,
    M.harborUp,
    M.lastSuccess,
    M.lastStatus,
    M.health,
  ])
    expect(types.get(name), name).toBe('gauge');
  // Every series of the rule says which rule and which Harbors.
  const series = samples.filter((s) => s.labels.watch_id === watch.id);
  expect(series.length).toBeGreaterThan(0);
  for (const s of series)
    expect(s.labels).toMatchObject({ rule: RULE, source: harbors.source.url, target: harbors.target.url });

  expect(ofWatch(samples, M.consecutiveFailures, watch)).toEqual([0]);
  expect(ofWatch(samples, M.health, watch, { verdict: 'healthy' })).toEqual([1]);
  expect(ofWatch(samples, M.lastStatus, watch, { status: 'Succeed' })).toEqual([1]);
  // The last success as a Unix timestamp, the one the Replications page shows.
  const [lastSuccess] = ofWatch(samples, M.lastSuccess, watch);
  expect(Math.abs(lastSuccess! - Date.parse(watch.lastSuccessAt ?? '') / 1000)).toBeLessThan(1);
  // The replication robot never expires; the watch robots were given 180 days.
  expect(ofWatch(samples, M.robotExpiry, watch, { robot: 'replication' })).toEqual([Infinity]);
  for (const side of ['source', 'target']) {
    const [left] = ofWatch(samples, M.robotExpiry, watch, { robot: 'watch', side });
    expect(left).toBeGreaterThan(170 * DAY);
    expect(left).toBeLessThanOrEqual(180 * DAY);
  }
  // The poller's own health: polls that went well.
  expect(valuesOf(samples, M.polls, { result: 'ok' })[0]).toBeGreaterThan(0);
});

test.describe('a server restart', () => {
  const RESTART_PROJECT = 'watched-restart';
  const RESTART_RULE = 'watched-restart';
  let server: WizardServer | undefined;
  let dataDir: string | undefined;

  test.afterAll(async () => {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  // The suite's own server cannot be restarted (Playwright owns it): a second one on its own port and
  // data directory, with the same secret key, talks to the same Harbors by URL (typed logins).
  test('keeps watching: a run that failed while the server was down shows Failing after the restart', async ({
    page,
    op,
  }) => {
    test.setTimeout(300_000);
    dataDir = mkdtempSync(join(tmpdir(), 'hw-e2e-watch-restart-'));
    const webRoot = join(process.env.E2E_DATA_DIR ?? '', 'web');
    server = await startWizardServer(e2e.restartPort, dataDir, webRoot);

    await walkToRuleWithLogins(op, {
      project: RESTART_PROJECT,
      endpoint: 'e2e-watched-restart',
      baseUrl: server.url,
    });
    await fillRule(op, { name: RESTART_RULE, nameFilter: 'library/alpine', namespace: RESTART_PROJECT });
    await createAndReplicate(op);
    await finishSetup(op);
    await finishWatching(op);
    await page.goto(`${server.url}/replications`);
    await expectVerdict(watchRow(page, RESTART_RULE), 'healthy', 30_000);
    const before = await watchOf(page.request, RESTART_RULE, server.url);
    writeFileSync(restartWatchFile(), JSON.stringify(before));

    await server.stop();
    await sim.fault('target', { ...REFUSE_PUSH, path: `^/v2/${RESTART_PROJECT}/` });
    try {
      const failed = await runRule('source', before.rule.policyId);
      expect(failed.status).toBe('Failed');
      const restartedAt = Date.now();
      server = await startWizardServer(e2e.restartPort, dataDir, webRoot);

      // Nobody touches anything: the poller resumes from its stored schedule with the stored robots.
      await page.goto(`${server.url}/replications`);
      await expectVerdict(watchRow(page, RESTART_RULE), 'failing', 30_000);
      const after = await watchOf(page.request, RESTART_RULE, server.url);
      expect(after).toMatchObject({
        id: before.id,
        verdict: 'failing',
        consecutiveFailures: 1,
        lastExecution: { id: failed.id, status: 'Failed' },
      });
      expect(Date.parse(after.polledAt ?? '')).toBeGreaterThan(restartedAt);
    } finally {
      await sim.resetFaults('target');
      await server.stop();
      server = undefined;
    }
  });
});

test.describe('the watch robots cannot create, change or delete anything', () => {
  const twins: { side: SimName; login: RobotLogin }[] = [];
  test.afterAll(async () => {
    for (const { side, login } of twins) await adminClient(side).robots.delete(login.id);
  });

  // The wizard seals the watch robots' secrets and never returns them, and Harbor shows a secret only
  // once, so the test cannot simply log in as them. It proves the point twice: (1) for the watch of the
  // first test (still in use), Harbor's own record of each watch robot (level and permissions, read
  // by the administrator) holds only read/list pairs, and a twin created with exactly that level and
  // those permissions (all Harbor looks at: common/security/robot/context.go Can) is refused every
  // change; (2) for the watch of the stopped restart server, the administrator sets a new secret on
  // the real watch robots (PATCH /robots/{id}, which changes nothing they may do) and the test logs in
  // as them and is refused the same changes.
  test('twins of the watch robots (same level and permissions) get 403 on every change', async ({ page }) => {
    const watched = await watchOf(page.request, RULE);
    const source = watched.watchRobots.find((r) => r.side === 'source')!;
    const target = watched.watchRobots.find((r) => r.side === 'target')!;
    await expectReadOnly('source', source.name, watched, async (record) => {
      const login = await twinOf('source', record);
      twins.push({ side: 'source', login });
      return login;
    });
    await expectReadOnly('target', target.name, watched, async (record) => {
      const login = await twinOf('target', record);
      twins.push({ side: 'target', login });
      return login;
    });
  });

  test('the real watch robots of the stopped server, given a new secret by the admin, get 403 on every change', async () => {
    // Written by the restart scenario, which runs first.
    expect(existsSync(restartWatchFile()), 'the restart scenario recorded its watch').toBe(true);
    const watch = watchSummarySchema.parse(JSON.parse(readFileSync(restartWatchFile(), 'utf8')));
    for (const side of ['source', 'target'] as const) {
      const robot = watch.watchRobots.find((r) => r.side === side)!;
      await expectReadOnly(side, robot.name, watch, async (record) => {
        const secret = `Probe-${randomBytes(6).toString('hex')}-aA1`;
        await adminClient(side).robots.refreshSecret(record.id, secret);
        return { id: record.id, name: record.name ?? '', secret };
      });
    }
  });
});

// Last: it moves the target's clock four days ahead for the rest of the run.
test("the simulator's clock brings the replication robot within 7 days of expiry: Expiring, one alert", async ({
  page,
}) => {
  const watched = await watchOf(page.request, RULE);
  await page.goto('/replications');
  const row = watchRow(page, RULE);
  const robot = watched.replicationRobot.name;
  const targetNow = Math.floor((await sim.now('target')).getTime() / 1000);

  // 10 days left on the target's clock: a warning on the page, nothing sent.
  await sim.setRobotExpiry('target', robot, targetNow + 10 * DAY);
  await expectVerdict(row, 'expiring', ROBOT_READ_MS);
  const warned = await afterPolls(page.request, watched.id, SETTLE_POLLS);
  expect(warned.conditions.map((c) => [c.kind, c.severity])).toEqual([['expiring', 'warning']]);
  expect(warned.replicationRobot.expiresAt).toBe(targetNow + 10 * DAY);
  expect(alertsOf('expiring')).toEqual({ firing: 0, resolved: 0 });

  // Four days later on the target (Harbor decides expiry by its own clock): 6 days left, one alert.
  await sim.advanceClock('target', 4 * DAY);
  await expect
    .poll(
      async () => (await watchById(page.request, watched.id)).conditions.map((c) => [c.kind, c.severity]),
      {
        timeout: ROBOT_READ_MS,
      },
    )
    .toEqual([['expiring', 'alert']]);
  await expect.poll(() => alertsOf('expiring')).toEqual({ firing: 1, resolved: 0 });
  await expectVerdict(row, 'expiring');
  const { samples } = await metrics(page.request);
  const [expiry] = ofWatch(samples, M.robotExpiry, watched, { robot: 'replication', side: 'target' });
  expect(expiry).toBeGreaterThan(5 * DAY);
  expect(expiry).toBeLessThan(7 * DAY);
  expect(ofWatch(samples, M.health, watched, { verdict: 'expiring' })).toEqual([1]);
  await afterPolls(page.request, watched.id, SETTLE_POLLS);
  expect(alertsOf('expiring')).toEqual({ firing: 1, resolved: 0 });

  // Its expiry removed (an administrator extended it to "never"): resolved once.
  await sim.setRobotExpiry('target', robot, -1);
  await expectVerdict(row, 'healthy', ROBOT_READ_MS);
  await expect.poll(() => alertsOf('expiring')).toEqual({ firing: 1, resolved: 1 });
  await afterPolls(page.request, watched.id, SETTLE_POLLS);
  expect(alertsOf('expiring')).toEqual({ firing: 1, resolved: 1 });
});

// After the expiry scenario, which needs the watch to the end.
test('Stop watching on the detail page deletes the watch robots on both Harbors; "/" is the start page again', async ({
  page,
  op,
}) => {
  const watched = await watchOf(page.request, RULE);
  for (const robot of watched.watchRobots) await systemRobot(robot.side, robot.name);
  await page.goto('/replications');
  await op.click(watchRow(page, RULE).getByRole('link', { name: RULE, exact: true }));
  await expect(page).toHaveURL(new RegExp(`/replications/${watched.id}$`));
  await expect(page.getByRole('heading', { name: RULE, exact: true })).toBeVisible();

  await op.click(page.getByRole('button', { name: 'Stop watching' }));
  const dialog = page.getByRole('dialog');
  // Both are the server's demo Harbors: no admin login is asked.
  await expect(dialog.getByRole('textbox', { name: 'User name' })).toHaveCount(0);
  await op.click(dialog.getByRole('button', { name: 'Delete the watch robots' }));
  await expect(page).toHaveURL(/\/replications$/);
  await expect(watchRow(page, RULE)).toHaveCount(0);

  expect((await page.request.get(apiPaths.watch(watched.id))).status()).toBe(404);
  for (const robot of watched.watchRobots)
    await expect(systemRobot(robot.side, robot.name), `${robot.side} ${robot.name}`).rejects.toThrow(
      /no system robot/,
    );
  // Nothing is watched on this server any more (the restart scenario's watch lived on its own).
  await page.goto('/');
  await expectStep(page, 'Start');
});

/**
 * Harbor's record of the watch robot `name` on `side` holds only read/list pairs, and a login with
 * those permissions reads what the watch needs but is refused (403) every change on that Harbor.
 */
async function expectReadOnly(
  side: SimName,
  name: string,
  watch: WatchSummary,
  loginFor: (record: Awaited<ReturnType<typeof systemRobot>>) => Promise<RobotLogin>,
): Promise<void> {
  const record = await systemRobot(side, name);
  expect(record.level).toBe('system');
  const pairs = accessPairs(record);
  expect(pairs.length).toBeGreaterThan(0);
  expect(pairs.filter((p) => !/:(read|list)$/.test(p))).toEqual([]);

  const login = await loginFor(record);
  const client = robotClient(side, login);
  const admin = adminClient(side);
  if (side === 'source') {
    // It can read what the poller reads: the rule and its executions.
    expect((await client.policies.get(watch.rule.policyId)).name).toBe(watch.rule.name);
    const executions = await client.executions.list({ policyId: watch.rule.policyId });
    expect(executions.total).toBeGreaterThan(0);
    const outcomes = await changesOnRuleHarbor(client, {
      policyId: watch.rule.policyId,
      registryId: watch.endpoint.id,
      executionId: executions.items[0]?.id ?? -1,
      robotId: record.id,
    });
    expect(outcomes).toEqual(allRefused(outcomes));
    // Nothing changed: the rule and the endpoint are still there as they were.
    expect((await admin.policies.get(watch.rule.policyId)).description ?? '').not.toContain('watch robot');
    expect((await admin.registries.get(watch.endpoint.id)).id).toBe(watch.endpoint.id);
    return;
  }
  const project = await admin.projects.get(replicationProjectOf(watch));
  const robots = await admin.robots.listByProject(project.project_id ?? -1);
  const replicationRobot = robots.items.find((r) => r.name === watch.replicationRobot.name);
  expect(replicationRobot?.id).toBeDefined();
  // It can read the replication robot (its expiry), nothing more.
  expect((await client.robots.get(replicationRobot!.id!)).name).toBe(watch.replicationRobot.name);
  const outcomes = await changesOnRobotHarbor(login, {
    project: project.name ?? '',
    replicationRobotId: replicationRobot!.id!,
  });
  expect(outcomes).toEqual(allRefused(outcomes));
  // The token service grants it neither pull nor push in the project.
  expect(await grantedRegistryActions(client, `${project.name ?? ''}/alpine`)).toEqual([]);
  expect((await admin.robots.get(replicationRobot!.id!)).disable).toBe(false);
  expect((await admin.projects.get(project.name ?? '')).metadata?.public).toBe('false');
}

/** The replication robot `robot$<project>+<name>` lives in the rule's destination project. */
function replicationProjectOf(watch: WatchSummary): string {
  const match = /^robot\$([^+]+)\+/.exec(watch.replicationRobot.name);
  if (!match?.[1]) throw new Error(`not a project robot name: ${watch.replicationRobot.name}`);
  return match[1];
}
