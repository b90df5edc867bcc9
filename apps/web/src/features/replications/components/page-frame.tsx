// The frame of the Replications pages: the app's header, then the page in the main landmark.
import { Container, Stack } from '@mantine/core';
import type { ReactNode } from 'react';

import { AppHeader } from '@/components/app-header.tsx';

export function PageFrame({ children }: { children: ReactNode }) {
  return (
    <Container size="xl" py="md">
      <AppHeader />
      <Stack gap="lg" component="main">
        {children}
      </Stack>
    </Container>
  );
}
