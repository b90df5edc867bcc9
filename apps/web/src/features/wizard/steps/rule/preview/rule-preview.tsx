// The dry-run preview beside the rule form: what the filters match on the source and where each
// repository lands on the target, with collisions and run-time errors highlighted.
import type { PreviewRequest, PreviewRepository } from '@hw/wizard-api';
import { Alert, Badge, Group, Loader, Pagination, Stack, Table, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { paginationLabels } from '@/components/pagination-labels.ts';
import { usePreview } from '@/features/wizard/steps/rule/api/get-preview.ts';
import { CollisionList } from '@/features/wizard/steps/rule/preview/collision-list.tsx';
import { TableHead } from '@/components/table-head.tsx';
import { WarningsNote } from '@/components/warnings-note.tsx';

export const PREVIEW_PAGE_SIZE = 25;
export const PREVIEW_DEBOUNCE_MS = 400;

type Props = {
  setupId: string;
  /** Filters and destination from the form; null while they are invalid. */
  request: Omit<PreviewRequest, 'page' | 'pageSize'> | null;
  /** The source repositories the preview lists on its current page. */
  onShown?: (sources: string[]) => void;
};

const TAGS_SHOWN = 3;

/** The first tags on one line with "+N more"; every tag is in the title (tooltip). */
function TagsCell({ repo }: { repo: PreviewRepository }) {
  const shown = repo.tags.slice(0, TAGS_SHOWN).join(', ');
  const more = repo.tags.length > TAGS_SHOWN ? ` +${repo.tags.length - TAGS_SHOWN} more` : '';
  const untagged = repo.untaggedArtifacts > 0 ? ` · ${repo.untaggedArtifacts} untagged` : '';
  const all = [repo.tags.join(', '), untagged && `${repo.untaggedArtifacts} untagged`]
    .filter(Boolean)
    .join('; ');
  return (
    <Text
      size="sm"
      title={all || 'no tags'}
      // One line: tags are short and many, one per line made the table as tall as the tag list.
      style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}
    >
      {`${shown || 'no tags'}${more}${untagged}`}
    </Text>
  );
}

export function RulePreview({ setupId, request, onShown }: Props) {
  const key = request ? JSON.stringify(request) : null;
  const [debouncedKey] = useDebouncedValue(key, PREVIEW_DEBOUNCE_MS);
  // The page belongs to the filters it was picked for: a change of filters starts again at page 1
  // in the same render (an effect resetting it would first fetch the old page of the new filters).
  const [paging, setPaging] = useState<{ key: string | null; page: number }>({ key: null, page: 1 });
  const page = paging.key === debouncedKey ? paging.page : 1;
  const setPage = (next: number) => setPaging({ key: debouncedKey, page: next });
  const debounced = debouncedKey
    ? (JSON.parse(debouncedKey) as Omit<PreviewRequest, 'page' | 'pageSize'>)
    : null;
  const preview = usePreview(setupId, debounced ? { ...debounced, page, pageSize: PREVIEW_PAGE_SIZE } : null);
  const result = preview.data;
  const pending = key !== debouncedKey || preview.isFetching;
  const pages = result ? Math.max(1, Math.ceil(result.total / PREVIEW_PAGE_SIZE)) : 1;
  const shownKey = result ? JSON.stringify(result.items.map((r) => r.source)) : null;
  useEffect(() => {
    if (shownKey) onShown?.(JSON.parse(shownKey) as string[]);
  }, [onShown, shownKey]);

  return (
    <Stack gap="sm" component="section" aria-labelledby="preview-title">
      <Group justify="space-between">
        <Title order={3} size="h4" id="preview-title">
          Preview (dry run)
        </Title>
        {pending && (
          <Group gap={6} role="status">
            <Loader size="xs" />
            <Text size="sm">Updating preview…</Text>
          </Group>
        )}
      </Group>
      {!request && <Text size="sm">Fix the filters to see what they match.</Text>}
      <ErrorCallout error={preview.error} title="The preview failed" onRetry={() => void preview.refetch()} />
      {result && (
        <>
          <Text size="sm" role="status" aria-label="Preview totals">
            {result.totals.matchedRepositories} of {result.totals.scannedRepositories} repositories match ·{' '}
            {result.totals.tags} tags · {result.totals.artifacts} artifacts
            {result.totals.collisions > 0 && ` · ${result.totals.collisions} collisions`}
            {result.totals.errors > 0 && ` · ${result.totals.errors} errors`}
          </Text>
          {(result.totals.collisions > 0 || result.totals.errors > 0) && (
            <Alert role="alert" color="red" title="This rule would not replicate cleanly">
              <Stack gap="xs">
                {result.totals.collisions > 0 && (
                  <Text size="sm">
                    Several source repositories land on the same destination: the last one copied wins.
                    Flatten fewer levels or narrow the filters.
                  </Text>
                )}
                <CollisionList collisions={result.collisions} />
                {result.totals.errors > 0 && (
                  <Text size="sm">
                    Some repositories cannot be named on the target: the execution would fail for them.
                  </Text>
                )}
              </Stack>
            </Alert>
          )}
          <WarningsNote title="Note" warnings={result.warnings} />
          {result.items.length === 0 ? (
            <Text size="sm">No repository matches these filters.</Text>
          ) : (
            // A fixed layout shares the column's width out, and long names wrap instead of widening the page.
            <Table aria-label="Matched repositories" striped withTableBorder layout="fixed">
              <TableHead columns={['Source repository', 'Destination on the target', 'Tags']} />
              <Table.Tbody>
                {result.items.map((repo) => {
                  const problem =
                    repo.error ??
                    (repo.collidesWith.length > 0 ? `Collides with ${repo.collidesWith.join(', ')}` : null);
                  return (
                    <Table.Tr
                      key={repo.source}
                      bg={problem ? 'var(--mantine-color-red-light)' : undefined}
                      aria-invalid={problem ? true : undefined}
                    >
                      <Table.Td ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                        {repo.source}
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={2}>
                          <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                            {repo.destination ?? '—'}
                          </Text>
                          {repo.error && (
                            <Badge color="red" variant="light" tt="none" maw="100%">
                              error: {repo.error}
                            </Badge>
                          )}
                          {repo.collidesWith.length > 0 && (
                            <Badge color="red" variant="light" tt="none" maw="100%">
                              collision with {repo.collidesWith.join(', ')}
                            </Badge>
                          )}
                        </Stack>
                      </Table.Td>
                      <Table.Td>
                        <TagsCell repo={repo} />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          )}
          {pages > 1 && (
            <Pagination
              total={pages}
              value={page}
              onChange={setPage}
              size="sm"
              {...paginationLabels('Preview')}
            />
          )}
        </>
      )}
    </Stack>
  );
}
