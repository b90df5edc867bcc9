// The header of every page: the product's name and the main navigation.
import { Anchor, Group, Title } from '@mantine/core';
import { Link } from 'wouter';

import { paths } from '../config/paths.ts';

export function AppHeader() {
  return (
    <Group justify="space-between" mb="lg" component="header">
      <Title order={1} size="h3">
        Harbor Replication Wizard
      </Title>
      <Group gap="md" component="nav" aria-label="Main">
        <Anchor component={Link} href={paths.replications.href()} size="sm">
          Replications
        </Anchor>
        <Anchor component={Link} href={paths.start.href()} size="sm">
          All setups
        </Anchor>
      </Group>
    </Group>
  );
}
