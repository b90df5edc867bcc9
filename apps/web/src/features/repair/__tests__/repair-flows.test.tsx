import type { RepairFlow, RepairKind, RepairOptions } from '@hw/wizard-api';
import { apiPaths } from '@hw/wizard-api';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { downloads } from '@/testing/downloads.ts';
import { server } from '@/testing/mocks/server.ts';
import { renderApp } from '@/testing/test-utils.tsx';

import {
  flow,
  heldDemoLogin,
  heldLogin,
  REPAIR_ID,
  repairServer,
  step,
  watch,
  WATCH_ID,
} from './repair-fixtures.ts';

const FLOW_PATH = `/replications/${WATCH_ID}/repairs/${REPAIR_ID}`;

type User = ReturnType<typeof renderApp>['user'];

const plans: Record<
  RepairKind,
  {
    menu: string;
    fill: (user: User) => Promise<void>;
    options: RepairOptions;
    steps: RepairFlow['steps'];
  }
> = {
  rotate: {
    menu: 'Rotate the secret',
    fill: () => Promise.resolve(),
    options: { kind: 'rotate', canary: 'rule' },
    steps: [
      step('refresh', { title: 'Refresh the secret of robot$dst+replication', side: 'target' }),
      step('endpoint', { title: 'Update endpoint harbor-b with the new secret', side: 'source' }),
      step('canary', { title: 'Run the rule once and wait for it', side: 'source' }),
    ],
  },
  extend: {
    menu: 'Extend the expiry',
    fill: async (user) => {
      const days = screen.getByRole('textbox', { name: 'Days' });
      await user.clear(days);
      await user.type(days, '30');
    },
    options: { kind: 'extend', durationDays: 30 },
    steps: [
      step('read-robot', { title: 'Read robot$dst+replication', changes: false }),
      step('update-robot', { title: 'Change the duration of robot$dst+replication' }),
    ],
  },
  'fix-permissions': {
    menu: 'Fix permissions',
    fill: () => Promise.resolve(),
    options: { kind: 'fix-permissions', replace: false },
    steps: [
      step('update-permissions', { title: 'Give robot$dst+replication repository delete and tag delete' }),
    ],
  },
  unstick: {
    menu: 'Unstick a run',
    fill: async (user) => user.type(screen.getByRole('textbox', { name: 'Execution id' }), '42'),
    options: { kind: 'unstick', executionId: 42 },
    steps: [step('stop', { title: 'Stop execution 42', side: 'source' })],
  },
};

describe('Repair flows', () => {
  it.each(Object.keys(plans) as RepairKind[])(
    '%s: from the Repair menu to the plan, then the admin login, Start, and done',
    async (kind) => {
      const plan = plans[kind];
      const planned = flow({
        kind,
        options: plan.options,
        steps: plan.steps,
        loginsNeeded: ['source', 'target'],
      });
      const done = flow({
        ...planned,
        status: 'done',
        summary: 'The repair is done.',
        steps: plan.steps.map((s) => ({ ...s, status: 'done', detail: `${s.title}: done` })),
        logins: [],
      });
      // Rotate waits for its canary run: the server answers "running" and the page asks again.
      const advances =
        kind === 'rotate'
          ? [
              {
                ...planned,
                status: 'running' as const,
                logins: [heldDemoLogin, heldLogin],
                summary: 'Waiting for the canary run',
              },
              done,
            ]
          : [done];
      const fake = repairServer({ initial: planned, advances });
      server.use(...fake.handlers);
      const { user, path } = renderApp(`/replications/${WATCH_ID}`);

      await user.click(await screen.findByRole('button', { name: 'Repair' }));
      await user.click(await screen.findByRole('menuitem', { name: plan.menu }));
      const dialog = await screen.findByRole('dialog', { name: plan.menu });
      await plan.fill(user);
      await user.click(within(dialog).getByRole('button', { name: 'Show the plan' }));

      await waitFor(() => expect(path()).toBe(FLOW_PATH));
      expect(fake.sent.starts).toEqual([plan.options]);
      expect(await screen.findByRole('heading', { level: 2, name: plan.menu })).toBeInTheDocument();
      expect(screen.getByRole('status', { name: 'Repair status' })).toHaveTextContent(
        /nothing has been changed yet/,
      );
      const steps = screen.getByRole('list', { name: 'Steps' });
      expect(within(steps).getAllByRole('listitem')).toHaveLength(plan.steps.length);
      const first = within(steps).getByRole('listitem', { name: `Step 1: ${plan.steps[0]!.title}` });
      expect(first).toHaveTextContent('Not started');
      expect(first).toHaveTextContent(
        `${plan.steps[0]!.side === 'source' ? 'Source' : 'Target'} Harbor: ${plan.steps[0]!.changes ? 'changes it' : 'reads only'}`,
      );

      // The demo source needs no login; the real target asks for one.
      const login = screen.getByRole('form', { name: 'Admin login' });
      expect(within(login).getByText('Demo Harbor run by this server: no login needed.')).toBeInTheDocument();
      await user.type(within(login).getByRole('textbox', { name: 'User name' }), 'admin');
      await user.type(within(login).getByLabelText(/^Password/), 'Harbor12345');
      await user.click(within(login).getByRole('button', { name: 'Start' }));

      expect(await screen.findByRole('link', { name: 'Back to the replication' })).toBeInTheDocument();
      expect(fake.sent.logins).toEqual([
        { source: { demo: true }, target: { username: 'admin', password: 'Harbor12345' } },
      ]);
      expect(fake.sent.advances).toEqual(kind === 'rotate' ? [{}, {}] : [{}]);
      expect(screen.getByRole('status', { name: 'Repair status' })).toHaveTextContent('Done');
      expect(within(screen.getByRole('list', { name: 'Steps' })).getAllByText('Done')).toHaveLength(
        plan.steps.length,
      );
      expect(screen.queryByLabelText(/^Password/)).not.toBeInTheDocument();

      await user.click(screen.getByRole('link', { name: 'Back to the replication' }));
      await waitFor(() => expect(path()).toBe(`/replications/${WATCH_ID}`));
    },
  );

  it('extend: shows the expiry Harbor will store in UTC and local time, and goes on with the answer picked', async () => {
    const planned = flow({
      kind: 'extend',
      options: { kind: 'extend', durationDays: -1 },
      steps: [
        step('read-robot', { changes: false }),
        step('confirm', { side: null, changes: false }),
        step('update-robot'),
      ],
      logins: [heldLogin],
    });
    const expiry = Date.UTC(2027, 2, 1, 12, 0, 5) / 1000;
    const waiting = flow({
      ...planned,
      status: 'waiting',
      resultingExpiry: expiry,
      warnings: ['A robot that never expires is never forced to be renewed.'],
      steps: [
        step('read-robot', { status: 'done', changes: false }),
        step('confirm', { side: null, changes: false }),
        step('update-robot'),
      ],
      choice: {
        id: 'confirm-expiry',
        question: 'Set this expiry on Harbor?',
        options: [
          {
            value: 'confirm',
            label: 'Set it',
            consequence: 'Harbor stores the new expiry; the secret stays the same.',
          },
          { value: 'give-up', label: 'Leave it', consequence: 'Nothing is changed on Harbor.' },
        ],
      },
    });
    const fake = repairServer({
      initial: planned,
      advances: [waiting, flow({ ...waiting, status: 'done', choice: null })],
    });
    server.use(...fake.handlers);
    const { user } = renderApp(FLOW_PATH);

    await user.click(await screen.findByRole('button', { name: 'Start' }));
    const question = await screen.findByRole('form', { name: 'Set this expiry on Harbor?' });
    const shown = screen.getByLabelText('Resulting expiry');
    expect(shown).toHaveTextContent('2027-03-01 12:00:05 UTC');
    expect(shown).toHaveTextContent(`${new Date(expiry * 1000).toLocaleString()} local time`);
    expect(shown.querySelector('time')).toHaveAttribute('datetime', '2027-03-01T12:00:05.000Z');
    expect(screen.getByText('A robot that never expires is never forced to be renewed.')).toBeInTheDocument();
    const setIt = within(question).getByRole('radio', { name: 'Set it' });
    expect(setIt).toHaveAccessibleDescription('Harbor stores the new expiry; the secret stays the same.');
    await user.click(setIt);
    await user.click(within(question).getByRole('button', { name: 'Continue' }));

    expect(await screen.findByRole('link', { name: 'Back to the replication' })).toBeInTheDocument();
    expect(fake.sent.advances).toEqual([{}, { choice: 'confirm' }]);
  });

  it("a failed step shows Harbor's message as text and what to do next; Retry runs it again", async () => {
    const planned = flow({
      kind: 'fix-permissions',
      options: { kind: 'fix-permissions', replace: false },
      steps: [step('update-permissions', { title: 'Change the permissions of robot$dst+replication' })],
      logins: [heldLogin],
    });
    const failed = flow({
      ...planned,
      status: 'failed',
      steps: [
        step('update-permissions', {
          title: 'Change the permissions of robot$dst+replication',
          status: 'failed',
          harborMessage: '<b>FORBIDDEN</b>: not allowed to update the robot',
          next: 'robot$dst+replication keeps its old permissions. Continue to try again.',
        }),
      ],
    });
    const done = flow({
      ...planned,
      status: 'done',
      steps: [{ ...failed.steps[0]!, status: 'done', harborMessage: null, next: null }],
    });
    const fake = repairServer({ initial: planned, advances: [failed, done] });
    server.use(...fake.handlers);
    const { user } = renderApp(FLOW_PATH);

    await user.click(await screen.findByRole('button', { name: 'Start' }));
    const item = await screen.findByRole('listitem', {
      name: 'Step 1: Change the permissions of robot$dst+replication',
    });
    await within(item).findByText('Failed');
    expect(within(item).getByText('Harbor answered')).toBeInTheDocument();
    expect(within(item).getByText('<b>FORBIDDEN</b>: not allowed to update the robot')).toBeInTheDocument();
    expect(item.querySelector('b')).toBeNull();
    expect(item).toHaveTextContent(
      'What to do next: robot$dst+replication keeps its old permissions. Continue to try again.',
    );
    expect(screen.getByRole('status', { name: 'Repair status' })).toHaveTextContent(
      'Stopped at a failed step',
    );

    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('link', { name: 'Back to the replication' })).toBeInTheDocument();
    expect(fake.sent.advances).toEqual([{}, {}]);
  });

  it('a reloaded page reads the flow left mid-step and goes on by itself, to the queue question', async () => {
    const running = flow({
      kind: 'unstick',
      options: { kind: 'unstick' },
      status: 'running',
      active: false,
      steps: [
        step('stop', { title: 'Stop execution 42', side: 'source', status: 'running' }),
        step('queue', { side: 'source' }),
      ],
      loginsNeeded: ['source'],
      logins: [{ ...heldLogin, side: 'source' }],
    });
    const waiting = flow({
      ...running,
      status: 'waiting',
      steps: [
        step('stop', {
          title: 'Stop execution 42',
          side: 'source',
          status: 'done',
          detail: 'Still InProgress after the stop.',
        }),
        step('queue', { side: 'source' }),
      ],
      queue: { count: 3, latencySeconds: 5400, paused: false },
      choice: {
        id: 'queue-action',
        question: 'The run is still in progress. What should the job service do?',
        options: [
          {
            value: 'stop-pending',
            label: 'Stop the pending replication jobs',
            consequence: 'Every pending replication job of this Harbor is stopped, not only this rule’s.',
          },
          { value: 'give-up', label: 'Do nothing more', consequence: 'The run stays in progress.' },
        ],
      },
    });
    const done = flow({ ...waiting, status: 'done', choice: null, runbook: ['Restart the job service.'] });
    const fake = repairServer({ initial: running, advances: [waiting, done] });
    server.use(...fake.handlers);
    const { user } = renderApp(FLOW_PATH);

    const question = await screen.findByRole('form', {
      name: 'The run is still in progress. What should the job service do?',
    });
    expect(fake.sent.advances).toEqual([{}]);
    expect(screen.getByText(/3 pending jobs, the oldest waiting 5400 s; not paused/)).toBeInTheDocument();
    const stopPending = within(question).getByRole('radio', { name: 'Stop the pending replication jobs' });
    expect(stopPending).toHaveAccessibleDescription(
      'Every pending replication job of this Harbor is stopped, not only this rule’s.',
    );
    await user.click(stopPending);
    await user.click(within(question).getByRole('button', { name: 'Continue' }));

    expect(await screen.findByRole('link', { name: 'Back to the replication' })).toBeInTheDocument();
    expect(screen.getByText('Restart the job service.')).toBeInTheDocument();
    expect(fake.sent.advances).toEqual([{}, { choice: 'stop-pending' }]);
  });

  it('offers the new robot file once: downloaded, then gone from the page and from the server', async () => {
    const done = flow({ status: 'done', exportAvailable: true });
    const fake = repairServer({
      initial: done,
      advances: [],
      exportContent: '{"name":"robot$dst+replication","secret":"new"}',
    });
    server.use(...fake.handlers);
    const { user, unmount } = renderApp(FLOW_PATH);

    await user.click(await screen.findByRole('button', { name: 'Export to file' }));
    expect(await screen.findByText(/Saved robot\$dst\+replication\.json/)).toBeInTheDocument();
    expect(downloads.map((d) => d.fileName)).toContain('robot$dst+replication.json');
    expect(screen.queryByRole('button', { name: 'Export to file' })).not.toBeInTheDocument();
    expect(fake.sent.exports).toBe(1);

    unmount();
    renderApp(FLOW_PATH);
    expect(await screen.findByRole('link', { name: 'Back to the replication' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Export to file' })).not.toBeInTheDocument();
  });

  it('a refused login is said, and the typed password is gone from the form', async () => {
    const fake = repairServer({ initial: flow({ steps: [step('refresh')] }), advances: [] });
    server.use(...fake.handlers);
    const { user } = renderApp(FLOW_PATH);

    const login = await screen.findByRole('form', { name: 'Admin login' });
    await user.type(within(login).getByRole('textbox', { name: 'User name' }), 'admin');
    await user.type(within(login).getByLabelText(/^Password/), 'wrong');
    await user.click(within(login).getByRole('button', { name: 'Start' }));

    expect(await screen.findByText('The target Harbor refused the login: UNAUTHORIZED')).toBeInTheDocument();
    expect(within(login).getByLabelText(/^Password/)).toHaveValue('');
    expect(within(login).getByRole('textbox', { name: 'User name' })).toHaveValue('admin');
    expect(fake.sent.advances).toEqual([]);
  });

  it('checks the options before asking for a plan: a missing duration is said, nothing sent', async () => {
    const fake = repairServer({ initial: flow(), advances: [] });
    server.use(...fake.handlers);
    const { user, path } = renderApp(`/replications/${WATCH_ID}`);

    await user.click(await screen.findByRole('button', { name: 'Repair' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Extend the expiry' }));
    const dialog = await screen.findByRole('dialog', { name: 'Extend the expiry' });
    const days = within(dialog).getByRole('textbox', { name: 'Days' });
    await user.clear(days);
    await user.click(within(dialog).getByRole('button', { name: 'Show the plan' }));

    expect(await within(dialog).findByText('Enter a number of days')).toBeInTheDocument();
    expect(days).toHaveAttribute('aria-invalid', 'true');
    expect(fake.sent.starts).toEqual([]);

    await user.click(within(dialog).getByRole('radio', { name: 'Never expires' }));
    await user.click(within(dialog).getByRole('button', { name: 'Show the plan' }));
    await waitFor(() => expect(path()).toBe(FLOW_PATH));
    expect(fake.sent.starts).toEqual([{ kind: 'extend', durationDays: -1 }]);
  });

  it("a row's verdict offers the repairs that fit: an expiring robot → Extend or Rotate, opening the options on the rule's page", async () => {
    const expiring = {
      ...watch,
      verdict: 'expiring' as const,
      reason: 'robot$dst+replication expires in 5 days',
      conditions: [
        {
          kind: 'expiring' as const,
          severity: 'alert' as const,
          message: 'expires in 5 days',
          since: '2026-12-01T00:00:00.000Z',
        },
      ],
    };
    const fake = repairServer({ initial: flow(), advances: [] });
    // Before the fake's own answers: the first handler that matches answers.
    server.use(
      http.get(apiPaths.watches, () => HttpResponse.json({ items: [expiring] })),
      http.get(apiPaths.watch(WATCH_ID), () => HttpResponse.json(expiring)),
      ...fake.handlers,
    );
    const { user } = renderApp('/replications');

    const row = (await screen.findByText('nightly-to-dr')).closest('tr')!;
    expect(
      within(row)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Rotate the secret', 'Extend the expiry']);
    await user.click(within(row).getByRole('button', { name: 'Extend the expiry' }));

    const dialog = await screen.findByRole('dialog', { name: 'Extend the expiry' });
    expect(screen.getByRole('heading', { level: 2, name: 'nightly-to-dr' })).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Show the plan' }));
    await waitFor(() => expect(fake.sent.starts).toEqual([{ kind: 'extend', durationDays: 90 }]));
  });
});
