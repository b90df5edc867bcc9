// After a successful run: are the repositories and tags the preview promised on the target?
import { Alert, Button, Code, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';

import { ErrorCallout } from '../../../../../components/error-callout.tsx';
import { PageLoader } from '../../../../../components/page-loader.tsx';
import { useVerification } from '../api/verification.ts';
import { TableHead } from '@/components/table-head.tsx';

export function VerificationPanel({ setupId, executionId }: { setupId: string; executionId: number }) {
  const verification = useVerification(setupId, executionId, true);
  const [showAll, setShowAll] = useState(false);
  if (verification.isPending) return <PageLoader label="Checking the target…" />;
  if (verification.isError)
    return (
      <ErrorCallout
        error={verification.error}
        title="Could not check the target"
        onRetry={() => void verification.refetch()}
      />
    );
  const result = verification.data;
  const missing = result.repositories.filter((r) => r.missingTags.length > 0);
  // Incomplete repositories always show; complete ones on request, as there may be hundreds.
  const shown = showAll ? result.repositories : missing;
  return (
    <Stack gap="sm" component="section" aria-label="Verification on the target">
      <Alert
        role="status"
        color={result.ok ? 'green' : 'orange'}
        title={
          result.ok ? 'Verified on the target' : `${missing.length} repositories are incomplete on the target`
        }
      >
        <Group justify="space-between">
          <Text size="sm">
            Checked {result.targetUrl} at {new Date(result.checkedAt).toLocaleString()}:{' '}
            {result.repositories.length} repositories expected.
          </Text>
          <Button
            size="xs"
            variant="light"
            loading={verification.isFetching}
            onClick={() => void verification.refetch()}
          >
            Verify again
          </Button>
        </Group>
      </Alert>
      {result.repositories.length > missing.length && (
        <Group>
          <Button size="xs" variant="subtle" onClick={() => setShowAll(!showAll)} aria-expanded={showAll}>
            {showAll ? 'Hide complete repositories' : `Show all ${result.repositories.length} repositories`}
          </Button>
        </Group>
      )}
      {shown.length > 0 && (
        <Table aria-label="Repositories on the target">
          <TableHead columns={['Repository', 'Tags present', 'Missing']} />
          <Table.Tbody>
            {shown.map((r) => (
              <Table.Tr key={r.repository}>
                <Table.Td>
                  <Code>{r.repository}</Code>
                </Table.Td>
                <Table.Td>
                  {r.presentTags.length} of {r.expectedTags.length}
                </Table.Td>
                <Table.Td c={r.missingTags.length > 0 ? 'red' : undefined}>
                  {r.missingTags.join(', ') || '—'}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
