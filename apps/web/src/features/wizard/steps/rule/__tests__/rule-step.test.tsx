import { apiPaths } from '@hw/wizard-api';
import type { PreviewRepository, PreviewResult } from '@hw/wizard-api';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { SETUP_ID, setupAt } from '../../../../../testing/fixtures.ts';
import { apiError } from '../../../../../testing/mocks/handlers.ts';
import { server } from '../../../../../testing/mocks/server.ts';
import { renderApp } from '../../../../../testing/test-utils.tsx';

const url = `/setup/${SETUP_ID}/rule`;

function repo(source: string, extra: Partial<PreviewRepository> = {}): PreviewRepository {
  return {
    source,
    destination: `dst/${source.split('/').at(-1)}`,
    tags: ['v1', 'latest'],
    untaggedArtifacts: 0,
    artifacts: 2,
    collidesWith: [],
    ...extra,
  };
}

/** A clean preview of these repositories, with the totals of the default three-repository source. */
function previewOf(items: PreviewRepository[]): PreviewResult {
  return {
    items,
    total: items.length,
    totals: {
      scannedRepositories: 3,
      matchedRepositories: 1,
      artifacts: 2,
      tags: 2,
      collisions: 0,
      errors: 0,
    },
    warnings: [],
    collisions: [],
    harborCalls: 4,
  };
}

type PreviewBody = { filters: { name: string }; page: number; pageSize: number };

function ruleHandlers(
  options: {
    preview?: (body: PreviewBody) => PreviewResult;
    previews?: PreviewBody[];
    samples?: string[];
  } = {},
) {
  return [
    http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(setupAt('rule'))),
    http.get(apiPaths.labels(SETUP_ID), () =>
      HttpResponse.json({ items: [{ name: 'prod', color: '#00FF00', description: 'production ready' }] }),
    ),
    http.get(apiPaths.sampleRepositories(SETUP_ID), () =>
      HttpResponse.json({ items: options.samples ?? ['src/team/app', 'src/web'] }),
    ),
    http.post(apiPaths.preview(SETUP_ID), async ({ request }) => {
      const body = (await request.json()) as PreviewBody;
      options.previews?.push(body);
      const result = options.preview?.(body) ?? previewOf([repo('src/web')]);
      return HttpResponse.json(result);
    }),
  ];
}

describe('rule step: cron assistant', () => {
  it('fills the Cron String from a preset and describes it in plain English with the next 5 runs in UTC and local time', async () => {
    server.use(...ruleHandlers());
    const { user } = renderApp(url);
    await user.selectOptions(await screen.findByRole('combobox', { name: /Trigger Mode/ }), 'Scheduled');
    await user.click(screen.getByRole('button', { name: 'Every day at 02:00 UTC' }));
    expect(screen.getByRole('textbox', { name: /Cron String/ })).toHaveValue('0 0 2 * * *');
    expect(screen.getByRole('button', { name: 'Every day at 02:00 UTC' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(screen.getByLabelText('Schedule in plain English')).toHaveTextContent(
      'At 02:00 AM, every day (UTC)',
    );
    const runs = screen.getByRole('table', { name: 'Next 5 runs' });
    const rows = within(runs).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(5);
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(within(runs).getByRole('columnheader', { name: `Your time (${zone})` })).toBeInTheDocument();
    for (const row of rows) expect(within(row).getAllByRole('cell')[1]).toHaveTextContent(/02:00/);
  });

  it('adds the leading "0 " to a five-field cron', async () => {
    server.use(...ruleHandlers());
    const { user } = renderApp(url);
    await user.selectOptions(await screen.findByRole('combobox', { name: /Trigger Mode/ }), 'Scheduled');
    const cron = screen.getByRole('textbox', { name: /Cron String/ });
    await user.type(cron, '30 1 * * 1-5');
    expect(await screen.findByText('0 30 1 * * 1-5')).toBeInTheDocument();
    await user.tab();
    expect(cron).toHaveValue('0 30 1 * * 1-5');
    expect(screen.getByLabelText('Schedule in plain English')).toHaveTextContent(/01:30 AM/);
  });

  it("shows Harbor's exact error for 0 * * * * * and blocks Next", async () => {
    server.use(...ruleHandlers());
    const { user } = renderApp(url);
    await user.selectOptions(await screen.findByRole('combobox', { name: /Trigger Mode/ }), 'Scheduled');
    await user.type(screen.getByRole('textbox', { name: /Cron String/ }), '0 * * * * *');
    const message = '* is not allowed for the Minutes field of the cron setting of replication policy';
    await waitFor(() => expect(screen.getAllByText(message).length).toBeGreaterThan(0));
    expect(screen.getByRole('textbox', { name: /Cron String/ })).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByRole('table', { name: 'Next 5 runs' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
  });
});

describe('rule step: preview', () => {
  it('updates the preview from the filters, debounced, and starts with the defaults', async () => {
    const previews: PreviewBody[] = [];
    server.use(
      ...ruleHandlers({
        previews,
        preview: (body) =>
          previewOf(
            body.filters.name === 'src/team/**'
              ? [repo('src/team/app')]
              : [repo('src/web'), repo('src/team/app')],
          ),
      }),
    );
    const { user } = renderApp(url);
    const table = await screen.findByRole('table', { name: 'Matched repositories' });
    expect(within(table).getByText('src/web')).toBeInTheDocument();
    const typed = 'src/team/**';
    await user.type(screen.getByRole('textbox', { name: /Name filter/ }), typed);
    await waitFor(() =>
      expect(
        within(screen.getByRole('table', { name: 'Matched repositories' })).queryByText('src/web'),
      ).not.toBeInTheDocument(),
    );
    expect(
      within(screen.getByRole('table', { name: 'Matched repositories' })).getByText('src/team/app'),
    ).toBeInTheDocument();
    // One request for the defaults and one after typing stopped, not one per keystroke.
    expect(previews.length).toBeLessThan(typed.length);
    expect(previews.at(-1)?.filters.name).toBe(typed);
  });

  it('highlights collisions and run-time errors', async () => {
    server.use(
      ...ruleHandlers({
        preview: () => ({
          items: [
            repo('a/app', { destination: 'dst/app', collidesWith: ['b/app'] }),
            repo('b/app', { destination: 'dst/app', collidesWith: ['a/app'] }),
            repo('lib', {
              destination: null,
              error: 'the repository name "lib" has fewer levels than the flattening removes',
            }),
          ],
          total: 3,
          totals: {
            scannedRepositories: 3,
            matchedRepositories: 3,
            artifacts: 6,
            tags: 6,
            collisions: 2,
            errors: 1,
          },
          warnings: [],
          collisions: [],
          harborCalls: 4,
        }),
      }),
    );
    renderApp(url);
    const table = await screen.findByRole('table', { name: 'Matched repositories' });
    expect(within(table).getByText('collision with b/app')).toBeInTheDocument();
    expect(within(table).getByText(/error: the repository name "lib"/)).toBeInTheDocument();
    const invalidRows = within(table)
      .getAllByRole('row')
      .filter((r) => r.getAttribute('aria-invalid') === 'true');
    expect(invalidRows).toHaveLength(3);
    expect(screen.getByText('This rule would not replicate cleanly')).toBeInTheDocument();
    expect(screen.getByLabelText('Preview totals')).toHaveTextContent('2 collisions · 1 errors');
  });

  it('lists each collision of the whole preview with all its source paths and their destination', async () => {
    server.use(
      ...ruleHandlers({
        preview: () => ({
          // The page shows none of the colliding repositories: the list still names them.
          items: [repo('src/web')],
          total: 4,
          totals: {
            scannedRepositories: 4,
            matchedRepositories: 4,
            artifacts: 8,
            tags: 8,
            collisions: 3,
            errors: 0,
          },
          collisions: [{ destination: 'dst/app', sources: ['a/app', 'b/app', 'c/team/app'] }],
          warnings: [],
          harborCalls: 5,
        }),
      }),
    );
    renderApp(url);
    const list = await screen.findByRole('list', { name: 'Collisions' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(within(list).getByRole('listitem')).toHaveTextContent(
      'a/app, b/app and c/team/app all land on dst/app',
    );
  });

  it('pages through a large preview', async () => {
    const previews: PreviewBody[] = [];
    server.use(
      ...ruleHandlers({
        previews,
        preview: (body) => ({
          items: Array.from({ length: body.pageSize }, (_, i) =>
            repo(`src/app-${(body.page - 1) * body.pageSize + i}`),
          ),
          total: 60,
          totals: {
            scannedRepositories: 60,
            matchedRepositories: 60,
            artifacts: 120,
            tags: 120,
            collisions: 0,
            errors: 0,
          },
          warnings: [],
          collisions: [],
          harborCalls: 10,
        }),
      }),
    );
    const { user } = renderApp(url);
    expect(await screen.findByText('src/app-0')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Preview page 3' }));
    expect(await screen.findByText('src/app-50')).toBeInTheDocument();
    expect(previews.at(-1)?.page).toBe(3);
  });
});

describe('rule step: name check', () => {
  it('says as the name is typed that the rule Harbor already has a rule of that name, and blocks Next', async () => {
    const asked: string[] = [];
    server.use(
      ...ruleHandlers(),
      http.get(apiPaths.ruleCheck(SETUP_ID), ({ request }) => {
        const name = new URL(request.url).searchParams.get('name') ?? '';
        asked.push(name);
        return HttpResponse.json({
          exists: name === 'nightly-copy',
          harborUrl: 'https://harbor-a.example.com',
        });
      }),
    );
    const { user } = renderApp(url);
    const name = await screen.findByRole('textbox', { name: 'Name' });
    await user.clear(name);
    await user.type(name, 'nightly-copy');
    const taken =
      'A rule named "nightly-copy" already exists on https://harbor-a.example.com. Pick another name.';
    // Beside the field, and under Next as the reason it is disabled.
    expect(await screen.findByRole('alert')).toHaveTextContent(taken);
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Next' })).toHaveAccessibleDescription(taken);
    // Debounced: asked once the typing stopped, not once per keystroke.
    expect(asked.length).toBeLessThan('nightly-copy'.length);
    await user.type(name, '-2');
    expect(await screen.findByText('The name is free on Harbor.')).toBeInTheDocument();
    expect(screen.queryByText(/already exists on/)).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next' })).toBeEnabled();
  });
});

describe('rule step: form', () => {
  it('shows live flattening examples from real source repositories', async () => {
    server.use(...ruleHandlers());
    const { user } = renderApp(url);
    const examples = await screen.findByRole('group', { name: 'Destination examples' });
    await waitFor(() => expect(examples).toHaveTextContent('src/team/app → dst/team/app'));
    await user.selectOptions(screen.getByRole('combobox', { name: /Flattening/ }), 'Flatten All Levels');
    expect(examples).toHaveTextContent('src/team/app → dst/app');
  });

  it('warns that label filters never fire on push events for event-based rules and offers deletion', async () => {
    server.use(...ruleHandlers());
    const { user } = renderApp(url);
    await user.selectOptions(await screen.findByRole('combobox', { name: /Trigger Mode/ }), 'Event based');
    expect(screen.getByText('Label filters never fire on push events')).toBeInTheDocument();
    expect(
      screen.getByRole('checkbox', { name: /Delete remote resources when locally deleted/ }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('checkbox', { name: /Single active replication/ })).not.toBeInTheDocument();
  });

  it('saves the draft and moves to the review; a server error is explained', async () => {
    let saved: Record<string, unknown> | null = null;
    let fail = true;
    server.use(
      http.put(apiPaths.ruleDraft(SETUP_ID), async ({ request }) => {
        if (fail) {
          fail = false;
          return apiError(400, {
            code: 'invalid-request',
            message: 'Copy by chunk needs Harbor 2.7 or newer.',
            issues: [{ path: 'copyByChunk', message: 'Not supported by this Harbor version.' }],
          });
        }
        saved = (await request.json()) as Record<string, unknown>;
        return HttpResponse.json(setupAt('review'));
      }),
      ...ruleHandlers(),
    );
    const { user, path } = renderApp(url);
    await user.click(await screen.findByRole('checkbox', { name: /Unlimited/ }));
    await user.type(screen.getByRole('textbox', { name: /^Bandwidth$/ }), '50');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Copy by chunk needs Harbor 2.7 or newer.');
    expect(alert).toHaveTextContent('copyByChunk: Not supported by this Harbor version.');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(path()).toBe(`/setup/${SETUP_ID}/review`));
    expect(saved).toMatchObject({
      name: 'replicate-to-dst',
      destination: { namespace: 'dst', replaceCount: 1 },
      trigger: { type: 'manual', cron: '' },
      bandwidth: { unlimited: false, value: 50, unit: 'Mbps' },
      override: true,
      enabled: true,
    });
  });

  it("picks labels from a searchable list of the source's global labels, each with its colour, and previews with them", async () => {
    const previews: PreviewBody[] = [];
    let saved: { filters?: { labels?: unknown } } | null = null;
    server.use(
      http.get(apiPaths.labels(SETUP_ID), () =>
        HttpResponse.json({
          items: [
            { name: 'prod', color: '#00FF00', description: 'production ready' },
            { name: 'qa', color: '#FF0000', description: '' },
            { name: 'security-reviewed', color: '#0000FF', description: 'passed review' },
          ],
        }),
      ),
      http.put(apiPaths.ruleDraft(SETUP_ID), async ({ request }) => {
        saved = (await request.json()) as typeof saved;
        return HttpResponse.json(setupAt('review'));
      }),
      ...ruleHandlers({ previews }),
    );
    const { user } = renderApp(url);
    const field = await screen.findByLabelText('Label filter');
    await user.click(field);
    const list = await screen.findByRole('listbox', { name: 'Labels' });
    expect(within(list).getAllByRole('option')).toHaveLength(3);
    // Searching narrows the list by name or description.
    await user.type(field, 'review');
    expect(within(list).getAllByRole('option')).toHaveLength(1);
    const option = within(list).getByRole('option', { name: /security-reviewed/ });
    expect(option.querySelector('.mantine-ColorSwatch-colorOverlay')).toHaveStyle({
      backgroundColor: '#0000FF',
    });
    await user.click(option);
    await user.clear(field);
    await user.click(within(list).getByRole('option', { name: /qa/ }));
    // Chosen labels show as pills with their colour; the list marks them as selected.
    const pills = field.closest('.mantine-PillsInput-input') as HTMLElement;
    expect(
      within(pills).getByText('qa').parentElement?.querySelector('.mantine-ColorSwatch-colorOverlay'),
    ).toHaveStyle({
      backgroundColor: '#FF0000',
    });
    expect(within(list).getByRole('option', { name: /qa/ })).toHaveAttribute('aria-selected', 'true');
    await waitFor(() =>
      expect(previews.at(-1)?.filters).toMatchObject({
        labels: { decoration: 'matches', names: ['security-reviewed', 'qa'] },
      }),
    );
    // Backspace in the empty search removes the last label, as in Harbor's portal.
    await user.type(field, '{Backspace}');
    expect(within(pills).queryByText('qa')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() =>
      expect(saved?.filters?.labels).toEqual({ decoration: 'matches', names: ['security-reviewed'] }),
    );
  });

  it('lists at most 8 labels at once and says how many more a search would reach', async () => {
    server.use(
      http.get(apiPaths.labels(SETUP_ID), () =>
        HttpResponse.json({
          items: Array.from({ length: 11 }, (_, i) => ({
            name: `team-${i}`,
            color: '#336699',
            description: '',
          })),
        }),
      ),
      ...ruleHandlers(),
    );
    const { user } = renderApp(url);
    const field = await screen.findByLabelText('Label filter');
    await user.click(field);
    const list = await screen.findByRole('listbox', { name: 'Labels' });
    expect(within(list).getAllByRole('option')).toHaveLength(8);
    expect(screen.getByText('3 more: type to narrow the list.')).toBeInTheDocument();
    await user.type(field, 'team-10');
    expect(within(list).getAllByRole('option')).toHaveLength(1);
    expect(screen.queryByText(/more: type to narrow/)).not.toBeInTheDocument();
  });
});

describe('rule step: item 8', () => {
  const totals = {
    scannedRepositories: 3,
    matchedRepositories: 1,
    artifacts: 6,
    tags: 6,
    collisions: 0,
    errors: 0,
  };

  it('shows the tags on one line with "+N more", every tag in the title', async () => {
    const tags = ['v1', 'v2', 'v3', 'v4', 'v5', 'latest'];
    server.use(
      ...ruleHandlers({
        preview: () => ({
          items: [repo('src/web', { tags, untaggedArtifacts: 1 })],
          total: 1,
          totals,
          warnings: [],
          collisions: [],
          harborCalls: 2,
        }),
      }),
    );
    renderApp(url);
    const table = await screen.findByRole('table', { name: 'Matched repositories' });
    const cell = await within(table).findByText('v1, v2, v3 +3 more · 1 untagged');
    expect(cell).toHaveAttribute('title', 'v1, v2, v3, v4, v5, latest; 1 untagged');
    expect(cell).toHaveStyle({ whiteSpace: 'nowrap', textOverflow: 'ellipsis' });
  });

  it('lists as examples only repositories the name filter matches and the preview does not show', async () => {
    server.use(
      ...ruleHandlers({
        samples: ['src/team/app', 'src/web', 'other/lib'],
        preview: () => ({
          items: [repo('src/web')],
          total: 1,
          totals,
          collisions: [],
          warnings: [],
          harborCalls: 2,
        }),
      }),
    );
    const { user } = renderApp(url);
    await screen.findByRole('table', { name: 'Matched repositories' });
    await user.type(screen.getByRole('textbox', { name: /Name filter/ }), 'src/**');
    const examples = await screen.findByRole('group', { name: 'Destination examples' });
    await waitFor(() => expect(within(examples).queryByText('other/lib')).not.toBeInTheDocument());
    expect(examples).toHaveTextContent('src/team/app → dst/team/app');
    // src/web is in the preview already.
    expect(within(examples).queryByText('src/web')).not.toBeInTheDocument();
  });

  it('keeps unsaved edits across a reload or a step change, and can discard them', async () => {
    server.use(...ruleHandlers());
    const first = renderApp(url);
    const name = await screen.findByRole('textbox', { name: 'Name' });
    await first.user.clear(name);
    await first.user.type(name, 'my-edited-rule');
    first.unmount();

    const again = renderApp(url);
    expect(await screen.findByRole('textbox', { name: 'Name' })).toHaveValue('my-edited-rule');
    const note = screen.getByRole('note', { name: 'Your unsaved edits are back' });
    await again.user.click(within(note).getByRole('button', { name: 'Discard edits' }));
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveValue('replicate-to-dst');
    again.unmount();

    renderApp(url);
    expect(await screen.findByRole('textbox', { name: 'Name' })).toHaveValue('replicate-to-dst');
    expect(screen.queryByRole('note', { name: 'Your unsaved edits are back' })).not.toBeInTheDocument();
  });
});
