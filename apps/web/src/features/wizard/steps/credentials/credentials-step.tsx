// Step 4: the robot's name and one-time secret, with Copy and "Export to file" both available (Harbor's
// dialog closes after the first), and a confirmation before going on. The secret lives only in the
// page's memory for this step; the server passes it to the endpoint itself.
import { robotExportFileName } from '@hw/harbor-client';
import {
  Alert,
  Button,
  Checkbox,
  CopyButton,
  Group,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import IconAlertTriangle from '@tabler/icons-react/icons/IconAlertTriangle';
import IconCheck from '@tabler/icons-react/icons/IconCheck';
import IconCopy from '@tabler/icons-react/icons/IconCopy';
import IconDownload from '@tabler/icons-react/icons/IconDownload';
import { useState } from 'react';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { StepFooter, StepLayout } from '@/components/step-layout.tsx';
import { previousStep, sideLabel, useWizard } from '@/features/wizard/components/wizard-context.tsx';
import { useConfirmHandOff } from '@/features/wizard/steps/credentials/api/confirm-hand-off.ts';
import {
  downloadRobotExport,
  saveFile,
} from '@/features/wizard/steps/credentials/api/download-robot-export.ts';
import { nextBlockedReason } from '@/features/wizard/utils/next-blocked-reason.ts';

function CopyAction({ value, label }: { value: string; label: string }) {
  return (
    <CopyButton value={value} timeout={2000}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : label} withArrow>
          <Button
            variant="light"
            size="compact-sm"
            color={copied ? 'teal' : 'blue'}
            onClick={copy}
            leftSection={copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
          >
            {label}
          </Button>
        </Tooltip>
      )}
    </CopyButton>
  );
}

export function CredentialsStep() {
  const { setup, step, completeStep, goTo, robotHandOff } = useWizard();
  const confirm = useConfirmHandOff(setup.id);
  const [stored, setStored] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const [exporting, setExporting] = useState(false);
  const robot = setup.robot;
  const back = previousStep(step);

  if (!robot) {
    return (
      <StepLayout title="Credentials" side={sideLabel(setup, 'credentials')}>
        <Alert role="note" color="yellow" title="No robot account yet">
          Create the robot account first.
        </Alert>
        <StepFooter
          blockedReason="Create the robot account first."
          onBack={() => goTo('robot')}
          onClick={() => undefined}
        />
      </StepLayout>
    );
  }

  const exportFile = () => {
    setExportError(null);
    if (robotHandOff) {
      saveFile(robotHandOff.exportFileName, robotHandOff.exportContent);
      return;
    }
    setExporting(true);
    downloadRobotExport(setup.id, robotExportFileName(robot.name))
      .catch(setExportError)
      .finally(() => setExporting(false));
  };

  if (robot.handedOff) {
    return (
      <StepLayout title="Credentials" side={sideLabel(setup, 'credentials')}>
        <Alert role="note" color="green" title="Secret handed off">
          You confirmed that you stored the secret of <strong>{robot.name}</strong>. It is no longer shown;
          the wizard uses it for the endpoint without sending it back to the browser.
        </Alert>
        <StepFooter
          blockedReason={null}
          onBack={back ? () => goTo(back) : undefined}
          onClick={() => void completeStep(setup)}
        />
      </StepLayout>
    );
  }

  return (
    <StepLayout
      title="Credentials"
      side={sideLabel(setup, 'credentials')}
      description="The robot account's name and secret. The wizard hands the secret to the endpoint itself; keep a copy only if you need it elsewhere (e.g. for docker login)."
      busy={confirm.isPending ? 'Saving…' : null}
    >
      <Alert
        role="note"
        variant="filled"
        color="red.9"
        title="Shown only once"
        icon={<IconAlertTriangle size={20} aria-hidden />}
      >
        This is the only time to copy this secret. You won't have another opportunity: Harbor never shows it
        again, and this page forgets it as soon as you leave the step.
      </Alert>
      <Stack gap="md" maw={720}>
        <Group align="flex-end" wrap="nowrap">
          <TextInput
            label="Name"
            description="The robot account's full name (Access ID)."
            readOnly
            value={robot.name}
            style={{ flex: 1 }}
          />
          <CopyAction value={robot.name} label="Copy name" />
        </Group>
        {robotHandOff ? (
          <Group align="flex-end" wrap="nowrap">
            <PasswordInput
              label="Secret"
              description="Click the eye to show it."
              readOnly
              value={robotHandOff.secret}
              style={{ flex: 1 }}
              autoComplete="off"
            />
            <CopyAction value={robotHandOff.secret} label="Copy" />
          </Group>
        ) : (
          <Alert role="note" color="yellow" title="The secret is no longer on this page">
            The page was reloaded, so the secret is not shown (it is never kept in the browser). The server
            still holds it for the endpoint: export the file below to keep a copy, or go back and create the
            robot again for a new secret.
          </Alert>
        )}
        <Group>
          <Button
            variant="light"
            onClick={exportFile}
            loading={exporting}
            leftSection={<IconDownload size={16} aria-hidden />}
          >
            Export to file
          </Button>
          <Text size="sm" c="dimmed">
            Saves {robotHandOff?.exportFileName ?? robotExportFileName(robot.name)}, exactly as Harbor
            returned it.
          </Text>
        </Group>
        <ErrorCallout error={exportError} title="Could not export the file" />
        <Checkbox
          label="I have stored the secret"
          description="After this the secret and the file are no longer available."
          checked={stored}
          onChange={(event) => setStored(event.currentTarget.checked)}
        />
      </Stack>
      <ErrorCallout error={confirm.error} title="Could not confirm the hand-off" />
      <StepFooter
        blockedReason={nextBlockedReason([[!stored, 'Confirm that you have stored the secret.']])}
        loading={confirm.isPending}
        onBack={back ? () => goTo(back) : undefined}
        onClick={() => confirm.mutate(undefined, { onSuccess: (state) => void completeStep(state) })}
      />
    </StepLayout>
  );
}
