// Per finished setup in a setups list: "Watch" (opening the admin-login dialog), or, once watched,
// that it is and "Stop" (stop watching). Said in words, not by colour alone.
import type { SetupSummary, WatchSummary } from '@hw/wizard-api';
import { Badge, Button, Group, Text } from '@mantine/core';
import { useId, useState } from 'react';

import { StopWatchDialog } from '@/features/watch-setup/components/stop-watch-dialog.tsx';
import { WatchSetupDialog } from '@/features/watch-setup/components/watch-setup-dialog.tsx';
import { setupName } from '@/features/wizard/utils/setup-words.ts';

type Props = { setup: SetupSummary; watch: WatchSummary | undefined };
type Dialog = { kind: 'watch' } | { kind: 'stop'; watch: WatchSummary } | null;

export function WatchSetupAction({ setup, watch }: Props) {
  const [dialog, setDialog] = useState<Dialog>(null);
  // Until the list of watches has been fetched again.
  const [started, setStarted] = useState<WatchSummary | null>(null);
  const nameId = useId();
  const current = watch ?? started;
  return (
    <Group gap="xs">
      <Text id={nameId} hidden>
        {setupName(setup)}
      </Text>
      {/* The names stay short (and "Stop" does not contain "Watch", which e2e tests look up by
          substring); which setup they are about is their description. */}
      {current ? (
        <>
          <Badge variant="light" color="green" tt="none">
            Watched
          </Badge>
          <Button
            size="xs"
            variant="default"
            aria-describedby={nameId}
            onClick={() => setDialog({ kind: 'stop', watch: current })}
          >
            Stop
          </Button>
        </>
      ) : (
        <Button
          size="xs"
          variant="light"
          aria-describedby={nameId}
          onClick={() => setDialog({ kind: 'watch' })}
        >
          Watch
        </Button>
      )}
      {dialog?.kind === 'watch' && (
        <WatchSetupDialog
          setup={setup}
          onClose={() => setDialog(null)}
          onStarted={(summary) => {
            setStarted(summary);
            setDialog(null);
          }}
        />
      )}
      {/* Stays open on its outcome after the watch is gone from the list. */}
      {dialog?.kind === 'stop' && (
        <StopWatchDialog
          watch={dialog.watch}
          onStopped={() => setStarted(null)}
          onClose={() => setDialog(null)}
        />
      )}
    </Group>
  );
}
