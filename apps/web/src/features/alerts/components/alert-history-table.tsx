// What the server sent: one row per alert, with each target's delivery outcome in words.
import { Badge, List, Stack, Table, Text, Title } from '@mantine/core';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { PageLoader } from '@/components/page-loader.tsx';
import { TableHead } from '@/components/table-head.tsx';
import { useAlertHistory } from '@/features/alerts/api/alert-history.ts';
import { deliveryWords, kindWord, stateWord } from '@/features/alerts/alert-words.ts';

export function AlertHistoryTable() {
  const history = useAlertHistory();
  return (
    <Stack gap="sm" component="section" aria-labelledby="alert-history-title">
      <Title order={2} size="h4" id="alert-history-title">
        Alert history
      </Title>
      {history.isPending && <PageLoader label="Loading the alert history…" />}
      <ErrorCallout
        error={history.error}
        title="Could not load the alert history"
        onRetry={() => void history.refetch()}
      />
      {history.data?.length === 0 && <Text size="sm">No alert sent yet.</Text>}
      {history.data && history.data.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table aria-label="Alert history">
            <TableHead columns={['Time', 'Rule', 'Kind', 'State', 'Message', 'Deliveries']} />
            <Table.Tbody>
              {history.data.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    <time dateTime={a.at}>{new Date(a.at).toLocaleString()}</time>
                  </Table.Td>
                  <Table.Td>{a.ruleName ?? '—'}</Table.Td>
                  <Table.Td>{kindWord(a.kind)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={a.state === 'firing' ? 'red' : 'green'} tt="none">
                      {stateWord(a.state)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{a.message}</Table.Td>
                  <Table.Td>
                    {a.deliveries.length === 0 ? (
                      'No target'
                    ) : (
                      <List size="sm">
                        {a.deliveries.map((d) => (
                          <List.Item key={d.targetId}>
                            {d.targetName}: {deliveryWords(d)}
                          </List.Item>
                        ))}
                      </List>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
