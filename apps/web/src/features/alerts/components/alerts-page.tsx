// "/replications/alerts": where the server sends alerts about watched rules, a test alert per
// target, and the history of what it sent.
import { Anchor, Container, Grid, Stack, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { Link } from 'wouter';

import { paths } from '@/config/paths.ts';
import { AlertHistoryTable } from '@/features/alerts/components/alert-history-table.tsx';
import { AlertTargetForm } from '@/features/alerts/components/alert-target-form.tsx';
import { AlertTargetsTable } from '@/features/alerts/components/alert-targets-table.tsx';

export function AlertsPage() {
  useEffect(() => {
    document.title = 'Alerts · Harbor Replication Wizard';
  }, []);
  return (
    <Container size="xl" py="md" component="main">
      <Stack gap="lg">
        <Stack gap={4}>
          <Anchor component={Link} href={paths.replications.href()} size="sm">
            ← Back to the watched rules
          </Anchor>
          <Title order={1}>Alerts</Title>
          <Text size="sm" c="dimmed" maw={760}>
            The server sends one alert when a watched rule starts failing, gets stuck, its robot expires
            within 7 days or its Harbor becomes unreachable, and one “resolved” message when it recovers.
            Alerts never contain a secret; failed deliveries are retried with backoff.
          </Text>
        </Stack>
        <Grid gap="xl">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <AlertTargetsTable />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <AlertTargetForm />
          </Grid.Col>
        </Grid>
        <AlertHistoryTable />
      </Stack>
    </Container>
  );
}
