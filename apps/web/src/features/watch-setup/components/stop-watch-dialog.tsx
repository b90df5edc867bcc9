// "Stop watching": the server stops polling the rule and deletes its watch robots, which needs an
// admin login per Harbor (none for a demo Harbor); or it leaves the robots on Harbor and lists them.
import type { WatchSummary } from '@hw/wizard-api';
import { Button, Checkbox, Group, List, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { useSession } from '@/features/wizard/api/get-session.ts';
import { useStopWatch } from '@/features/watch-setup/api/stop-watch.ts';
import type { StopWatchResult } from '@/features/watch-setup/api/stop-watch.ts';
import { AdminLoginForm } from '@/features/watch-setup/components/admin-login-form.tsx';
import type { LoginNeed } from '@/features/watch-setup/watch-login-form.ts';

type Props = { watch: WatchSummary; onStopped: () => void; onClose: () => void };

/** Every Harbor holding one of the watch's robots; the server's demo Harbors need no login. */
function loginNeeds(watch: WatchSummary, demoUrls: readonly (string | undefined)[]): LoginNeed[] {
  const sides = [...new Set(watch.watchRobots.map((r) => r.side))];
  return sides.map((side) => {
    const url = side === 'source' ? watch.sourceUrl : watch.targetUrl;
    return { side, url, demo: demoUrls.includes(url), username: '' };
  });
}

function Outcome({ result, onClose }: { result: StopWatchResult; onClose: () => void }) {
  return (
    <Stack gap="sm" role="status" aria-label="Watch stopped">
      <Text size="sm">The server no longer watches this rule.</Text>
      {result.robots.length > 0 && (
        <List size="sm">
          {result.robots.map((r) => (
            <List.Item key={`${r.side}-${r.name}`}>
              {r.side === 'source' ? 'Source' : 'Target'} Harbor, {r.name}:{' '}
              {r.deleted ? 'deleted' : 'not deleted'}. {r.message}
            </List.Item>
          ))}
        </List>
      )}
      <Group>
        <Button onClick={onClose}>Close</Button>
      </Group>
    </Stack>
  );
}

export function StopWatchDialog({ watch, onStopped, onClose }: Props) {
  const session = useSession();
  const stop = useStopWatch(watch.id);
  const [keepRobots, setKeepRobots] = useState(false);
  const demo = session.data?.demo;
  const needs = keepRobots ? [] : loginNeeds(watch, [demo?.sourceUrl, demo?.targetUrl]);
  return (
    <Modal opened onClose={onClose} title={`Stop watching ${watch.name}`} size="lg">
      {stop.data ? (
        <Outcome result={stop.data} onClose={onClose} />
      ) : (
        <Stack gap="md">
          <Text size="sm">
            The server stops polling this rule and sends no more alerts about it. It deletes its read-only
            watch robots from Harbor, which needs an administrator&apos;s login (used once, never stored).
          </Text>
          <Checkbox
            label="Leave the watch robots on Harbor"
            description="No login needed: the server forgets their secrets and lists them, for you to delete in Harbor later (they expire by themselves)."
            checked={keepRobots}
            disabled={stop.isPending}
            onChange={(event) => setKeepRobots(event.currentTarget.checked)}
          />
          <AdminLoginForm
            // A new form when the choice changes, so no hidden field keeps a typed password.
            key={keepRobots ? 'keep' : 'delete'}
            needs={needs}
            purpose="to delete the watch robot (used once)"
            label="Admin logins to stop the watch"
            submitLabel={keepRobots ? 'Stop and leave the robots' : 'Delete the robots and stop'}
            pending={stop.isPending}
            onSubmit={async (logins) => {
              await stop.mutateAsync({ logins, keepRobots });
              onStopped();
            }}
          >
            <ErrorCallout error={stop.error} title="Could not stop watching" />
          </AdminLoginForm>
        </Stack>
      )}
    </Modal>
  );
}
