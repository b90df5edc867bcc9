// Step 4: the robot's name and secret, with Copy and "Export to file" both available (Harbor's dialog
// closes after the first). The wizard already holds the secret for the endpoint, so keeping a copy is
// the operator's choice, not a gate: Copy or Export counts as kept, and Next is always open. The secret
// lives only in the page's memory for this step; the server passes it to the endpoint itself.
import { robotExportFileName } from '@hw/harbor-client';
import {
  Alert,
  Button,
  CopyButton,
  Group,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import IconCheck from '@tabler/icons-react/icons/IconCheck';
import IconCopy from '@tabler/icons-react/icons/IconCopy';
import IconDownload from '@tabler/icons-react/icons/IconDownload';
import { useState } from 'react';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { StepFooter, StepLayout } from '@/components/step-layout.tsx';
import { useGoBack, sideLabel, useWizard } from '@/features/wizard/components/wizard-context.tsx';
import { useConfirmHandOff } from '@/features/wizard/steps/credentials/api/confirm-hand-off.ts';
import {
  downloadRobotExport,
  saveFile,
} from '@/features/wizard/steps/credentials/api/download-robot-export.ts';

type KeptBy = 'copied' | 'exported';

/** A read-only field with its copy button beside it; a secret stays masked until the eye is clicked. */
function CopyField({
  label,
  description,
  value,
  copyLabel,
  secret = false,
  onCopy,
}: {
  label: string;
  description: string;
  value: string;
  copyLabel: string;
  secret?: boolean;
  onCopy?: () => void;
}) {
  const field = { label, description, value, readOnly: true, style: { flex: 1 } };
  return (
    <Group align="flex-end" wrap="nowrap">
      {secret ? <PasswordInput {...field} autoComplete="off" /> : <TextInput {...field} />}
      <CopyAction value={value} label={copyLabel} onCopy={onCopy} />
    </Group>
  );
}

function CopyAction({ value, label, onCopy }: { value: string; label: string; onCopy?: () => void }) {
  return (
    <CopyButton value={value} timeout={2000}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : label} withArrow>
          <Button
            variant="light"
            size="compact-sm"
            color={copied ? 'teal' : 'blue'}
            onClick={() => {
              copy();
              onCopy?.();
            }}
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
  const { setup, completeStep, goTo, robotHandOff } = useWizard();
  const confirm = useConfirmHandOff(setup.id);
  const [keptBy, setKeptBy] = useState<readonly KeptBy[]>([]);
  const kept = (how: KeptBy) => setKeptBy((list) => (list.includes(how) ? list : [...list, how]));
  const [exportError, setExportError] = useState<unknown>(null);
  const [exporting, setExporting] = useState(false);
  const robot = setup.robot;
  const goBack = useGoBack();

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
      kept('exported');
      return;
    }
    setExporting(true);
    downloadRobotExport(setup.id, robotExportFileName(robot.name))
      .then(() => kept('exported'))
      .catch(setExportError)
      .finally(() => setExporting(false));
  };

  if (robot.handedOff) {
    return (
      <StepLayout title="Credentials" side={sideLabel(setup, 'credentials')}>
        <Alert role="note" color="green" title="Secret handed off">
          The wizard holds the secret of <strong>{robot.name}</strong> for the endpoint and never sends it
          back to the browser, so it is no longer shown here.
        </Alert>
        <StepFooter blockedReason={null} onBack={goBack} onClick={() => void completeStep(setup)} />
      </StepLayout>
    );
  }

  return (
    <StepLayout
      title="Credentials"
      side={sideLabel(setup, 'credentials')}
      description="The robot account's name and secret. The wizard already holds the secret and gives it to the endpoint itself; keep a copy only if you need it elsewhere (e.g. for docker login)."
      busy={confirm.isPending ? 'Saving…' : null}
    >
      <Stack gap="md" maw={720}>
        {robotHandOff?.endpointUpdate && (
          <Alert
            role="status"
            color={
              robotHandOff.endpointUpdate.updated && robotHandOff.endpointUpdate.connectionTest?.ok
                ? 'green'
                : 'orange'
            }
            title={`Endpoint “${robotHandOff.endpointUpdate.endpoint}” uses this robot`}
          >
            {robotHandOff.endpointUpdate.message}
          </Alert>
        )}
        {robotHandOff?.replacedRobot && (
          <Alert
            role="status"
            color={robotHandOff.replacedRobot.deleted ? 'blue' : 'orange'}
            title={`The previous robot, ${robotHandOff.replacedRobot.name}`}
          >
            {robotHandOff.replacedRobot.message}
          </Alert>
        )}
        <CopyField
          label="Name"
          description="The robot account's full name (Access ID)."
          value={robot.name}
          copyLabel="Copy name"
        />
        {robotHandOff ? (
          <CopyField
            label="Secret"
            description="Click the eye to show it."
            value={robotHandOff.secret}
            copyLabel="Copy"
            secret
            onCopy={() => kept('copied')}
          />
        ) : (
          <Alert role="note" color="blue" title="The secret is no longer on this page">
            The page was reloaded, so the secret is not shown (it is never kept in the browser). The wizard
            still holds it for the endpoint; if you need a copy, export the file below.
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
        <Text size="sm" role="status" aria-label="Your copy of the secret">
          {keptBy.length > 0
            ? `You kept a copy (${keptBy.join(' and ')}). The file is offered until you go on.`
            : 'Keep a copy now if you need one: once you go on, only the endpoint keeps the secret.'}
        </Text>
      </Stack>
      <ErrorCallout error={confirm.error} title="Could not confirm the hand-off" />
      <StepFooter
        blockedReason={null}
        loading={confirm.isPending}
        onBack={goBack}
        onClick={() => confirm.mutate(undefined, { onSuccess: (state) => void completeStep(state) })}
      />
    </StepLayout>
  );
}
