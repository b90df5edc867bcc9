// "Stop watching": deleting the watch robots needs an admin login per Harbor (a demo Harbor needs
// none); or stop and leave the robots on Harbor, for when no admin is at hand.
import type { WatchSummary } from '@hw/wizard-api';
import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Fieldset, Group, List, Modal, Stack, Text } from '@mantine/core';
import { FormProvider, useForm, useWatch } from 'react-hook-form';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { PageLoader } from '@/components/page-loader.tsx';
import { CheckboxField } from '@/components/form/checkbox-field.tsx';
import { PasswordField, TextField } from '@/components/form/text-fields.tsx';
import { useSession } from '@/features/wizard/api/get-session.ts';

import { useStopWatch } from '../api/stop-watch.ts';
import type { StopWatchFormValues } from './stop-watch-form.ts';
import { emptyStopWatchForm, robotHarbors, stopWatchFormSchema, toAdminLogins } from './stop-watch-form.ts';

type Props = { watch: WatchSummary; opened: boolean; onClose: () => void; onStopped: () => void };

export function StopWatchDialog({ watch, opened, onClose, onStopped }: Props) {
  // Which Harbor is a demo one decides which logins are asked: know it before the form starts.
  const session = useSession();
  return (
    <Modal opened={opened} onClose={onClose} title={`Stop watching “${watch.rule.name}”`} size="lg">
      {session.isPending ? (
        <PageLoader />
      ) : (
        <StopWatchForm watch={watch} onClose={onClose} onStopped={onStopped} demo={session.data?.demo} />
      )}
    </Modal>
  );
}

function StopWatchForm({
  watch,
  onClose,
  onStopped,
  demo,
}: Omit<Props, 'opened'> & { demo: Parameters<typeof robotHarbors>[1] }) {
  const harbors = robotHarbors(watch, demo);
  const loginSides = harbors.filter((h) => !h.demo).map((h) => h.side);
  const stop = useStopWatch(watch.id);
  const form = useForm<StopWatchFormValues>({
    resolver: zodResolver(stopWatchFormSchema(loginSides)),
    defaultValues: emptyStopWatchForm,
  });
  const keepRobots = useWatch({ control: form.control, name: 'keepRobots' });
  const submit = form.handleSubmit((values) =>
    stop.mutate(
      { logins: toAdminLogins(values, harbors), keepRobots: values.keepRobots },
      { onSuccess: onStopped },
    ),
  );

  return (
    <FormProvider {...form}>
      <form noValidate onSubmit={(event) => void submit(event)}>
        <Stack gap="md">
          <Text size="sm">
            The server stops polling this rule and deletes its watch robots from Harbor. Deleting a robot
            needs an administrator of that Harbor: the login is used for this one request and never stored.
            The rule itself keeps replicating.
          </Text>
          <CheckboxField<StopWatchFormValues>
            name="keepRobots"
            label="Stop watching but leave the watch robots on Harbor"
            description={`No login needed: the server forgets the robots' secrets, so they are no longer used, but they stay on Harbor until an administrator deletes them (${watch.watchRobots.map((r) => r.name).join(', ') || 'none'}).`}
          />
          {!keepRobots &&
            harbors.map((harbor) =>
              harbor.demo ? (
                <Text size="sm" key={harbor.side}>
                  The {harbor.side} Harbor ({harbor.url}) is the server&apos;s demo Harbor: no login needed.
                </Text>
              ) : (
                <Fieldset
                  key={harbor.side}
                  legend={`Administrator of the ${harbor.side} Harbor (${harbor.url})`}
                >
                  <Stack gap="sm">
                    <TextField<StopWatchFormValues>
                      name={`${harbor.side}.username`}
                      label="User name"
                      autoComplete="username"
                      required
                    />
                    <PasswordField<StopWatchFormValues>
                      name={`${harbor.side}.password`}
                      label="Password"
                      autoComplete="current-password"
                      required
                    />
                  </Stack>
                </Fieldset>
              ),
            )}
          <ErrorCallout error={stop.error} title="Could not stop watching" />
          {stop.data && (
            <List size="sm">
              {stop.data.robots.map((r) => (
                <List.Item key={`${r.side}-${r.name}`}>{r.message}</List.Item>
              ))}
            </List>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            {/* Not "Stop watching": that names the button that opened this dialog. */}
            <Button type="submit" color="red" loading={stop.isPending}>
              {keepRobots ? 'Stop and leave the robots' : 'Delete the watch robots'}
            </Button>
          </Group>
        </Stack>
      </form>
    </FormProvider>
  );
}
