// "Stop watching", from a watch's detail page or the setups list: the server stops polling the rule
// and deletes its watch robots, which needs an admin login per Harbor (none for a demo Harbor); or it
// leaves the robots on Harbor and lists them, for when no admin is at hand.
import type { HarborSide, WatchSummary } from '@hw/wizard-api';
import { Button, Checkbox, Group, List, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { useSession } from '@/features/wizard/api/get-session.ts';
import { useStopWatch } from '@/features/watch-setup/api/stop-watch.ts';
import type { StopWatchResult } from '@/features/watch-setup/api/stop-watch.ts';
import { AdminLoginForm } from '@/features/watch-setup/components/admin-login-form.tsx';
import type { LoginNeed } from '@/features/watch-setup/watch-login-form.ts';

type Props = { watch: WatchSummary; onStopped: () => void; onClose: () => void };
type DemoUrls = { sourceUrl?: string; targetUrl?: string } | undefined;

const normalUrl = (url: string | undefined) => url?.replace(/\/+$/, '').toLowerCase();

/** Every Harbor holding one of the watch's robots; the server's demo Harbors need no login. */
function loginNeeds(watch: WatchSummary, demo: DemoUrls): LoginNeed[] {
  const sides = (['source', 'target'] as const satisfies readonly HarborSide[]).filter((side) =>
    watch.watchRobots.some((r) => r.side === side),
  );
  return sides.map((side) => {
    const url = side === 'source' ? watch.sourceUrl : watch.targetUrl;
    const demoUrl = side === 'source' ? demo?.sourceUrl : demo?.targetUrl;
    return { side, url, demo: demoUrl !== undefined && normalUrl(demoUrl) === normalUrl(url), username: '' };
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
  const needs = keepRobots ? [] : loginNeeds(watch, session.data?.demo);
  const robotNames = watch.watchRobots.map((r) => r.name).join(', ') || 'none';
  return (
    <Modal opened onClose={onClose} title={`Stop watching ${watch.name}`} size="lg">
      {stop.data ? (
        <Outcome result={stop.data} onClose={onClose} />
      ) : (
        <Stack gap="md">
          <Text size="sm">
            The server stops polling this rule and sends no more alerts about it. It deletes its read-only
            watch robots from Harbor, which needs an administrator&apos;s login (used once, never stored). The
            rule itself keeps replicating.
          </Text>
          <Checkbox
            label="Stop watching but leave the watch robots on Harbor"
            description={`No login needed: the server forgets their secrets, so they are no longer used, but they stay on Harbor until an administrator deletes them or they expire (${robotNames}).`}
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
            // Not "Stop watching": that names the button that opened this dialog.
            submitLabel={keepRobots ? 'Stop and leave the robots' : 'Delete the watch robots'}
            pending={stop.isPending}
            onCancel={onClose}
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
