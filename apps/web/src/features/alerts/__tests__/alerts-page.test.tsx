import { apiPaths, routes } from '@hw/wizard-api';
import type { Alert, AlertTarget } from '@hw/wizard-api';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { server } from '../../../testing/mocks/server.ts';
import { renderApp } from '../../../testing/test-utils.tsx';

const envTarget: AlertTarget = {
  id: 'env-1',
  name: 'Pager',
  format: 'json',
  maskedUrl: 'https://pager.example.com',
  origin: 'environment',
  createdAt: '2026-11-26T09:00:00.000Z',
};
const slackTarget: AlertTarget = {
  id: 'ui-1',
  name: 'Ops Slack',
  format: 'slack',
  maskedUrl: 'https://hooks.slack.com',
  origin: 'ui',
  createdAt: '2026-11-26T09:30:00.000Z',
};
const failing: Alert = {
  id: 1,
  watchId: 'watch-1',
  ruleName: 'nightly',
  kind: 'failing',
  state: 'firing',
  message: 'The last run failed: http error: code 403, message <b>forbidden</b>',
  at: '2026-11-26T10:00:00.000Z',
  deliveries: [
    {
      targetId: 'env-1',
      targetName: 'Pager',
      status: 'sent',
      attempts: 1,
      lastError: null,
      lastAttemptAt: '2026-11-26T10:00:01.000Z',
    },
    {
      targetId: 'ui-1',
      targetName: 'Ops Slack',
      status: 'failed',
      attempts: 5,
      lastError: 'HTTP 500 from hooks.slack.com',
      lastAttemptAt: '2026-11-26T10:05:00.000Z',
    },
  ],
};
const resolved: Alert = {
  ...failing,
  id: 2,
  state: 'resolved',
  message: 'Runs succeed again.',
  at: '2026-11-26T11:00:00.000Z',
  deliveries: [],
};

/** The server's alert routes over an in-memory store, recording what the page sent. */
function alertHandlers() {
  const targets = [envTarget, slackTarget];
  const history = [resolved, failing];
  const added: unknown[] = [];
  const deleted: string[] = [];
  let historyReads = 0;
  return {
    added,
    deleted,
    historyReads: () => historyReads,
    handlers: [
      http.get(apiPaths.alertTargets, () => HttpResponse.json({ items: targets })),
      http.post(apiPaths.alertTargets, async ({ request }) => {
        const body = (await request.json()) as { name: string; format: 'json' | 'slack'; url: string };
        added.push(body);
        const target: AlertTarget = {
          id: `ui-${targets.length + 1}`,
          name: body.name,
          format: body.format,
          maskedUrl: new URL(body.url).origin,
          origin: 'ui',
          createdAt: '2026-11-26T12:00:00.000Z',
        };
        targets.push(target);
        return HttpResponse.json(target);
      }),
      http.delete(routes.alertTarget.path, ({ params }) => {
        const id = String(params.targetId);
        deleted.push(id);
        targets.splice(
          targets.findIndex((t) => t.id === id),
          1,
        );
        return new HttpResponse(null, { status: 204 });
      }),
      http.post(routes.alertTest.path, ({ params }) => {
        const target = targets.find((t) => t.id === params.targetId)!;
        const alert: Alert = {
          id: 3,
          watchId: null,
          ruleName: null,
          kind: 'test',
          state: 'firing',
          message: 'Test alert from the Harbor Replication Wizard.',
          at: '2026-11-26T12:00:00.000Z',
          deliveries: [
            {
              targetId: target.id,
              targetName: target.name,
              status: 'failed',
              attempts: 3,
              lastError: 'HTTP 404 from hooks.slack.com: no_service',
              lastAttemptAt: '2026-11-26T12:00:09.000Z',
            },
          ],
        };
        history.unshift(alert);
        return HttpResponse.json(alert);
      }),
      http.get(apiPaths.alerts, () => {
        historyReads += 1;
        return HttpResponse.json({ items: history });
      }),
    ],
  };
}

async function targetRow(name: string) {
  const table = await screen.findByRole('table', { name: 'Webhook targets' });
  return within(table).getByRole('row', { name: new RegExp(name) });
}

describe('alerts page', () => {
  it('lists the targets by masked address and origin; environment targets cannot be deleted here', async () => {
    server.use(...alertHandlers().handlers);
    renderApp('/replications/alerts');
    expect(await screen.findByRole('heading', { name: 'Alerts', level: 1 })).toBeInTheDocument();
    const pager = await targetRow('Pager');
    expect(pager).toHaveTextContent('Generic JSON');
    expect(pager).toHaveTextContent('https://pager.example.com');
    expect(pager).toHaveTextContent('Server environment (ALERT_WEBHOOKS)');
    expect(within(pager).queryByRole('button', { name: 'Delete' })).not.toBeInTheDocument();
    expect(within(pager).getByRole('button', { name: 'Send a test alert' })).toBeInTheDocument();
    const slack = await targetRow('Ops Slack');
    expect(slack).toHaveTextContent('Slack');
    expect(slack).toHaveTextContent('Added here');
    expect(within(slack).getByRole('button', { name: 'Delete' })).toBeInTheDocument();
  });

  it('says what is wrong with each field, then adds the target as typed', async () => {
    const { handlers, added } = alertHandlers();
    server.use(...handlers);
    const { user } = renderApp('/replications/alerts');
    const add = await screen.findByRole('button', { name: 'Add target' });
    await user.click(add);
    expect(await screen.findByText(/Enter a name of 1 to 100 characters/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Name/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(/Webhook URL/)).toHaveAccessibleDescription(
      /Enter the webhook’s full address/,
    );

    await user.type(screen.getByLabelText(/^Name/), 'Team chat');
    await user.selectOptions(screen.getByLabelText(/Format/), 'Slack');
    await user.type(screen.getByLabelText(/Webhook URL/), 'ftp://hooks.example.com/T000/B000/xyz');
    await user.click(add);
    expect(await screen.findByText(/starting with https:\/\//)).toBeInTheDocument();
    expect(added).toEqual([]);

    await user.clear(screen.getByLabelText(/Webhook URL/));
    await user.type(screen.getByLabelText(/Webhook URL/), 'https://hooks.example.com/T000/B000/xyz');
    await user.click(add);
    expect(await targetRow('Team chat')).toHaveTextContent('https://hooks.example.com');
    expect(added).toEqual([
      { name: 'Team chat', format: 'slack', url: 'https://hooks.example.com/T000/B000/xyz' },
    ]);
    // The form is empty again for the next target.
    await waitFor(() => expect(screen.getByLabelText(/Webhook URL/)).toHaveValue(''));
    expect(screen.getByLabelText(/^Name/)).toHaveValue('');
  });

  it('adds a target with the keyboard alone, each field reached in order and Enter submitting', async () => {
    const { handlers, added } = alertHandlers();
    server.use(...handlers);
    const { user } = renderApp('/replications/alerts');
    const name = await screen.findByLabelText(/^Name/);
    name.focus();
    await user.keyboard('Pager 2');
    await user.tab();
    expect(screen.getByLabelText(/Format/)).toHaveFocus();
    await user.tab();
    expect(screen.getByLabelText(/Webhook URL/)).toHaveFocus();
    await user.keyboard('https://pager2.example.com/hook/abc{Enter}');
    expect(await targetRow('Pager 2')).toHaveTextContent('Generic JSON');
    expect(added).toEqual([{ name: 'Pager 2', format: 'json', url: 'https://pager2.example.com/hook/abc' }]);
  });

  it('sends a test alert, says whether it arrived, and shows it in the history', async () => {
    const { handlers, historyReads } = alertHandlers();
    server.use(...handlers);
    const { user } = renderApp('/replications/alerts');
    const history = await screen.findByRole('table', { name: 'Alert history' });
    expect(within(history).getAllByRole('row')).toHaveLength(3);
    const reads = historyReads();
    await user.click(within(await targetRow('Ops Slack')).getByRole('button', { name: 'Send a test alert' }));
    const outcome = await screen.findByRole('status', { name: /Test alert not delivered to “Ops Slack”/ });
    expect(outcome).toHaveTextContent('Failed after 3 attempts: HTTP 404 from hooks.slack.com: no_service');
    await waitFor(() => expect(within(history).getAllByRole('row')).toHaveLength(4));
    expect(historyReads()).toBeGreaterThan(reads);
    expect(within(history).getByText('Test alert')).toBeInTheDocument();
  });

  it('deletes a target only after the operator confirms', async () => {
    const { handlers, deleted } = alertHandlers();
    server.use(...handlers);
    const { user } = renderApp('/replications/alerts');
    await user.click(within(await targetRow('Ops Slack')).getByRole('button', { name: 'Delete' }));
    let dialog = await screen.findByRole('dialog', { name: 'Delete the target “Ops Slack”?' });
    await user.click(within(dialog).getByRole('button', { name: 'Keep it' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(deleted).toEqual([]);

    await user.click(within(await targetRow('Ops Slack')).getByRole('button', { name: 'Delete' }));
    dialog = await screen.findByRole('dialog', { name: 'Delete the target “Ops Slack”?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete target' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(deleted).toEqual(['ui-1']);
    const table = screen.getByRole('table', { name: 'Webhook targets' });
    await waitFor(() => expect(within(table).queryByText('Ops Slack')).not.toBeInTheDocument());
    expect(within(table).getByText('Pager')).toBeInTheDocument();
  });

  it('shows each alert with its state in words and every delivery with attempts and last error, as text', async () => {
    server.use(...alertHandlers().handlers);
    renderApp('/replications/alerts');
    const history = await screen.findByRole('table', { name: 'Alert history' });
    const [, first, second] = within(history).getAllByRole('row');
    expect(first).toHaveTextContent('Resolved');
    expect(first).toHaveTextContent('No target');
    expect(second).toHaveTextContent('nightly');
    expect(second).toHaveTextContent('Failing');
    expect(second).toHaveTextContent('Firing');
    expect(second).toHaveTextContent('Pager: Sent (1 attempt)');
    expect(second).toHaveTextContent('Ops Slack: Failed after 5 attempts: HTTP 500 from hooks.slack.com');
    // Harbor's words arrive as text: markup in them is shown, never interpreted.
    expect(second).toHaveTextContent('message <b>forbidden</b>');
    expect(second!.querySelector('b')).toBeNull();
  });
});
