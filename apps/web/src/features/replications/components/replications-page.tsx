// "/replications": every watched rule, worst first, kept current by the server's event stream.
import type { WatchVerdict } from '@hw/wizard-api';
import { watchVerdictSchema } from '@hw/wizard-api';
import { Anchor, Button, Card, Group, List, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'wouter';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { PageLoader } from '@/components/page-loader.tsx';
import { paths } from '@/config/paths.ts';

import { useWatchEvents } from '../api/watch-events.ts';
import { useWatches } from '../api/watches.ts';
import { useNow } from '../utils/use-now.ts';
import type { WatchSort } from '../utils/watch-words.ts';
import { SORTS, sortWatches, VERDICT_ORDER, VERDICTS } from '../utils/watch-words.ts';
import { PageFrame } from './page-frame.tsx';
import { WatchTable } from './watch-table.tsx';

function EmptyState() {
  return (
    <Card withBorder component="section" aria-labelledby="empty-title">
      <Stack gap="xs">
        <Title order={3} size="h4" id="empty-title">
          Nothing is watched yet
        </Title>
        <Text size="sm">
          Watching keeps an eye on a replication after its setup. The wizard server creates a read-only robot
          account on each Harbor and polls the rule with it: this page then shows when a run fails, gets
          stuck, when a robot account is about to expire or when a Harbor stops answering, and alerts can be
          sent to a webhook.
        </Text>
        <Text size="sm">To start watching a replication:</Text>
        <List size="sm">
          <List.Item>on the Done step of a setup, keep “Keep watching this replication” ticked, or</List.Item>
          <List.Item>
            click “Watch” next to a completed setup in{' '}
            <Anchor component={Link} href={paths.start.href()}>
              the setups list
            </Anchor>
            .
          </List.Item>
        </List>
      </Stack>
    </Card>
  );
}

export function ReplicationsPage() {
  useWatchEvents();
  const watches = useWatches();
  const nowMs = useNow();
  const [verdict, setVerdict] = useState<WatchVerdict | ''>('');
  const [sort, setSort] = useState<WatchSort>('worst');

  const items = watches.data ?? [];
  const shown = sortWatches(verdict ? items.filter((w) => w.verdict === verdict) : items, sort);

  return (
    <PageFrame>
      <Group justify="space-between">
        <Title order={2}>Replications</Title>
        <Group gap="md">
          <Anchor component={Link} href={paths.replicationAlerts.href()}>
            Alerts
          </Anchor>
          <Button component={Link} href={paths.start.href()} variant="light">
            New setup
          </Button>
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        The replication rules the wizard keeps watching, checked by the server every 30 seconds (every 5
        seconds while a rule runs). This page updates by itself.
      </Text>
      {watches.isPending && <PageLoader label="Loading the watched replications…" />}
      <ErrorCallout
        error={watches.error}
        title="Could not load the watched replications"
        onRetry={() => void watches.refetch()}
      />
      {watches.isSuccess && items.length === 0 && <EmptyState />}
      {items.length > 0 && (
        <>
          <Group align="flex-end">
            <NativeSelect
              label="Verdict"
              data={[
                { value: '', label: 'All' },
                ...VERDICT_ORDER.map((v) => ({ value: v, label: VERDICTS[v].label })),
              ]}
              value={verdict}
              onChange={(event) => {
                const parsed = watchVerdictSchema.safeParse(event.currentTarget.value);
                setVerdict(parsed.success ? parsed.data : '');
              }}
            />
            <NativeSelect
              label="Sort by"
              data={Object.entries(SORTS).map(([value, label]) => ({ value, label }))}
              value={sort}
              onChange={(event) => {
                const value = event.currentTarget.value;
                if (value in SORTS) setSort(value as WatchSort);
              }}
            />
            <Text size="sm" role="status" aria-live="polite">
              {shown.length === items.length
                ? `${items.length} watched ${items.length === 1 ? 'rule' : 'rules'}`
                : `${shown.length} of ${items.length} watched rules`}
            </Text>
          </Group>
          {shown.length > 0 ? (
            <WatchTable watches={shown} nowMs={nowMs} />
          ) : (
            <Text size="sm">No watched rule has this verdict.</Text>
          )}
        </>
      )}
    </PageFrame>
  );
}
