// The page frame: header, the stepper on the side, the step in the main area.
import { Anchor, Container, Grid, Group, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'wouter';

import { paths } from '../../../config/paths.ts';

export function WizardShell({ stepper, children }: { stepper: ReactNode; children: ReactNode }) {
  return (
    <Container size="xl" py="md">
      <Group justify="space-between" mb="lg" component="header">
        <Title order={1} size="h3">
          Harbor Replication Wizard
        </Title>
        <Anchor component={Link} href={paths.home.href()} size="sm">
          All setups
        </Anchor>
      </Group>
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 3 }}>{stepper}</Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }} component="main">
          {children}
        </Grid.Col>
      </Grid>
    </Container>
  );
}
