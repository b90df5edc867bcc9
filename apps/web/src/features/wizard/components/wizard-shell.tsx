// The page frame: header, the stepper on the side, the step in the main area. Below the md breakpoint
// the stepper folds into one line ("Step 8 of 11: Replication rule") so the step itself is on screen
// first; a button shows all steps.
import { Box, Button, Container, Grid } from '@mantine/core';
import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import IconChevronDown from '@tabler/icons-react/icons/IconChevronDown';
import IconChevronUp from '@tabler/icons-react/icons/IconChevronUp';

import { AppHeader } from '../../../components/app-header.tsx';

type Props = {
  stepper: ReactNode;
  /** Where the operator is, for the folded stepper on narrow windows, e.g. "Step 8 of 11: Replication rule". */
  summary?: string;
  children: ReactNode;
};

export function WizardShell({ stepper, summary, children }: Props) {
  const [open, setOpen] = useState(false);
  const stepsId = useId();
  return (
    <Container size="xl" py="md">
      <AppHeader />
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 3 }}>
          {stepper !== null && summary !== undefined && (
            <Button
              hiddenFrom="md"
              variant="default"
              fullWidth
              aria-expanded={open}
              aria-controls={stepsId}
              onClick={() => setOpen(!open)}
              styles={{ inner: { justifyContent: 'space-between' } }}
              rightSection={
                <>
                  {open ? 'Hide steps' : 'All steps'}
                  {open ? <IconChevronUp size={16} aria-hidden /> : <IconChevronDown size={16} aria-hidden />}
                </>
              }
            >
              {summary}
            </Button>
          )}
          <Box
            id={stepsId}
            visibleFrom={open || summary === undefined ? undefined : 'md'}
            mt={{ base: 'xs', md: 0 }}
          >
            {stepper}
          </Box>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }} component="main">
          {children}
        </Grid.Col>
      </Grid>
    </Container>
  );
}
