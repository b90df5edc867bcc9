// Per finished setup in the setups list: "Watch" (opening the admin-login dialog) or that it is
// watched already. Said in words, not by colour alone.
import type { SetupSummary } from '@hw/wizard-api';
import { Badge, Button, Group, Text } from '@mantine/core';
import { useId, useState } from 'react';

import { WatchSetupDialog } from '@/features/watch-setup/components/watch-setup-dialog.tsx';
import { setupName } from '@/features/wizard/utils/setup-words.ts';

export function WatchSetupAction({ setup, watched }: { setup: SetupSummary; watched: boolean }) {
  const [open, setOpen] = useState(false);
  const [started, setStarted] = useState(false);
  const nameId = useId();
  if (watched || started)
    return (
      <Badge variant="light" color="green" tt="none">
        Watched
      </Badge>
    );
  return (
    <Group gap="xs">
      <Text id={nameId} hidden>
        {setupName(setup)}
      </Text>
      {/* The name stays "Watch"; which setup it is about is its description. */}
      <Button size="xs" variant="light" aria-describedby={nameId} onClick={() => setOpen(true)}>
        Watch
      </Button>
      {open && (
        <WatchSetupDialog
          setup={setup}
          onClose={() => setOpen(false)}
          onStarted={() => {
            setStarted(true);
            setOpen(false);
          }}
        />
      )}
    </Group>
  );
}
