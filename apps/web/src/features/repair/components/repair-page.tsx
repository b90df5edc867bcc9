// "/replications/:watchId/repairs/:repairId": one repair flow. The server holds the whole flow, so
// this page only shows it and moves it on: plan → admin logins → Start → steps (answering its
// questions, retrying a failed step) → done. A reload reads the flow again and goes on.
import type { AdminLogins, RepairFlow, WatchSummary } from '@hw/wizard-api';
import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { Link, useLocation } from 'wouter';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { PageLoader } from '@/components/page-loader.tsx';
import { paths } from '@/config/paths.ts';
import { useWatch } from '@/features/replications/api/watches.ts';
import { PageFrame } from '@/features/replications/components/page-frame.tsx';
import { AdminLoginForm } from '@/features/watch-setup/components/admin-login-form.tsx';
import type { LoginNeed } from '@/features/watch-setup/watch-login-form.ts';
import { useSession } from '@/features/wizard/api/get-session.ts';
import { ApiRequestError } from '@/lib/api-client.ts';

import {
  useAdvanceRepair,
  useCancelRepair,
  useRepair,
  useRepairLogins,
  useStartRepair,
} from '../api/repairs.ts';
import { FLOW_STATUS_WORDS, REPAIR_KINDS, isFinished } from '../repair-words.ts';
import { RepairChoiceForm } from './repair-choice.tsx';
import { RepairExport } from './repair-export.tsx';
import { RepairFacts } from './repair-facts.tsx';
import { RepairSteps } from './repair-steps.tsx';

type Props = { watchId: string; repairId: string };

const normalUrl = (url: string | undefined) => url?.replace(/\/+$/, '').toLowerCase();

/** The sides still lacking an admin login, each marked when it is the server's demo Harbor. */
function missingLogins(
  flow: RepairFlow,
  watch: WatchSummary,
  demo: { sourceUrl?: string; targetUrl?: string } | undefined,
): LoginNeed[] {
  return flow.loginsNeeded
    .filter((side) => !flow.logins.some((l) => l.side === side))
    .map((side) => {
      const url = side === 'source' ? watch.sourceUrl : watch.targetUrl;
      const demoUrl = side === 'source' ? demo?.sourceUrl : demo?.targetUrl;
      return {
        side,
        url,
        demo: demoUrl !== undefined && normalUrl(demoUrl) === normalUrl(url),
        username: '',
      };
    });
}

function offerLabel(offer: NonNullable<RepairFlow['offer']>): string {
  if (offer.kind === 'rotate') return 'Rotate instead';
  if (offer.kind === 'fix-permissions' && offer.replace) return 'Replace the robot';
  return REPAIR_KINDS[offer.kind].label;
}

function BackLink({ watchId, label }: { watchId: string; label: string }) {
  return (
    <Anchor component={Link} href={paths.replication.href(watchId)} size="sm">
      {label}
    </Anchor>
  );
}

export function RepairPage({ watchId, repairId }: Props) {
  const flow = useRepair(repairId);
  const watch = useWatch(watchId);
  const session = useSession();

  if (flow.isPending || watch.isPending || session.isPending)
    return (
      <PageFrame>
        <PageLoader label="Loading the repair…" />
      </PageFrame>
    );
  if (flow.isError || watch.isError) {
    const error = flow.error ?? watch.error;
    return (
      <PageFrame>
        <BackLink watchId={watchId} label="Back to the replication" />
        {error instanceof ApiRequestError && error.status === 404 ? (
          <Stack gap="xs">
            <Title order={2}>No such repair</Title>
            <Text>{error.message}</Text>
          </Stack>
        ) : (
          <ErrorCallout
            error={error}
            title="Could not load the repair"
            onRetry={() => void Promise.all([flow.refetch(), watch.refetch()])}
          />
        )}
      </PageFrame>
    );
  }
  return <RepairFlowView flow={flow.data} watch={watch.data} demo={session.data?.demo} />;
}

function RepairFlowView({
  flow,
  watch,
  demo,
}: {
  flow: RepairFlow;
  watch: WatchSummary;
  demo: { sourceUrl?: string; targetUrl?: string } | undefined;
}) {
  const advance = useAdvanceRepair(flow.id);
  const logins = useRepairLogins(flow.id);
  const cancel = useCancelRepair(flow.id);
  const startOffer = useStartRepair(watch.id);
  const [, navigate] = useLocation();
  const missing = isFinished(flow) ? [] : missingLogins(flow, watch, demo);
  const busy = advance.isPending || flow.active;

  // A flow left mid-step (a reload, a restart, a run still being waited for) goes on by itself once
  // its logins are held; an error stops that until the operator acts.
  const resumable =
    flow.status === 'running' &&
    !flow.active &&
    missing.length === 0 &&
    !advance.isPending &&
    !advance.isError;
  // Once per answer of the server: renders in between must not ask twice.
  const resumedFrom = useRef<RepairFlow | null>(null);
  useEffect(() => {
    if (!resumable || resumedFrom.current === flow) return;
    resumedFrom.current = flow;
    advance.mutate({});
  }, [resumable, flow, advance]);

  const sendLogins = async (typed: AdminLogins) => {
    advance.reset();
    await logins.mutateAsync(typed);
    // Logging in is part of "Start"/"Continue": go on at once unless a question waits.
    if (flow.status !== 'waiting') advance.mutate({});
  };

  const takeOffer = (options: NonNullable<RepairFlow['offer']>) => {
    void (async () => {
      // The offered flow replaces this one: one repair of a replication at a time.
      await cancel.mutateAsync();
      const next = await startOffer.mutateAsync(options);
      navigate(paths.repair.href(watch.id, next.id));
    })().catch(() => undefined);
  };

  const goLabel = flow.status === 'planned' ? 'Start' : flow.status === 'failed' ? 'Retry' : 'Continue';

  return (
    <PageFrame>
      <BackLink watchId={watch.id} label={`Back to ${watch.rule.name}`} />
      <Stack gap={4}>
        <Title order={2}>{REPAIR_KINDS[flow.kind].label}</Title>
        <Text c="dimmed">
          {watch.rule.name}: {watch.sourceUrl} → {watch.targetUrl}
        </Text>
      </Stack>
      <Stack gap={2} role="status" aria-label="Repair status">
        <Text fw={600}>{FLOW_STATUS_WORDS[flow.status]}</Text>
        <Text size="sm">{flow.summary}</Text>
      </Stack>

      <Stack gap="xs" component="section" aria-labelledby="repair-plan">
        <Title order={3} size="h4" id="repair-plan">
          {flow.status === 'planned' ? 'What this repair will do' : 'Steps'}
        </Title>
        <RepairSteps steps={flow.steps} />
      </Stack>
      <RepairFacts flow={flow} />
      <RepairExport
        repairId={flow.id}
        robotName={watch.replicationRobot.name}
        available={flow.exportAvailable}
      />

      {flow.logins.length > 0 && !isFinished(flow) && (
        <Text size="sm">
          Admin login held for this repair:{' '}
          {flow.logins
            .map(
              (l) => `${l.side} Harbor as ${l.username} until ${new Date(l.expiresAt).toLocaleTimeString()}`,
            )
            .join('; ')}
          . It is erased when the repair ends.
        </Text>
      )}

      {flow.offer && !isFinished(flow) && (
        <Group>
          <Button variant="light" onClick={() => takeOffer(flow.offer!)} loading={startOffer.isPending}>
            {offerLabel(flow.offer)}
          </Button>
        </Group>
      )}

      {!isFinished(flow) &&
        (missing.length > 0 ? (
          <AdminLoginForm
            needs={missing}
            purpose={`for this repair (${REPAIR_KINDS[flow.kind].label.toLowerCase()}); kept 30 minutes at most`}
            label="Admin login"
            submitLabel={flow.status === 'planned' ? 'Start' : 'Continue'}
            pending={logins.isPending || busy}
            onSubmit={sendLogins}
          >
            <ErrorCallout error={logins.error} title="The login was refused" />
          </AdminLoginForm>
        ) : flow.status === 'waiting' && flow.choice ? (
          <RepairChoiceForm choice={flow.choice} pending={busy} onAnswer={(input) => advance.mutate(input)} />
        ) : (
          <Group>
            <Button onClick={() => advance.mutate({})} loading={busy}>
              {goLabel}
            </Button>
          </Group>
        ))}
      <ErrorCallout error={advance.error} title="The repair could not go on" />
      <ErrorCallout error={cancel.error ?? startOffer.error} title="Could not switch to the other repair" />

      {isFinished(flow) ? (
        <Group>
          <Button component={Link} href={paths.replication.href(watch.id)}>
            Back to the replication
          </Button>
        </Group>
      ) : (
        <Group>
          <Button
            variant="subtle"
            color="red"
            onClick={() => cancel.mutate(undefined)}
            loading={cancel.isPending}
            disabled={busy}
          >
            Cancel the repair
          </Button>
        </Group>
      )}
    </PageFrame>
  );
}
