// Step 7: Harbor's own "Test Connection" plus the wizard's diagnosis (DNS, TCP, TLS, HTTP, Harbor,
// permissions), so a failure names its cause instead of "Failed to ping endpoint".
import { Alert, Button, Group, Text } from '@mantine/core';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { StepFooter, StepLayout } from '@/components/step-layout.tsx';
import { useGoBack, sideLabel, useWizard } from '@/features/wizard/components/wizard-context.tsx';
import { useConnectionTest } from '@/features/wizard/steps/connection-test/api/run-connection-test.ts';
import { CheckList } from '@/features/wizard/components/check-list.tsx';
import { nextBlockedReason } from '@/features/wizard/utils/next-blocked-reason.ts';

export function ConnectionTestStep() {
  const { setup, completeStep } = useWizard();
  const test = useConnectionTest(setup.id);
  const result = test.data ?? setup.connectionTest;
  const goBack = useGoBack();
  const failed = result?.checks.filter((c) => c.status === 'fail') ?? [];
  const ruleSide = setup.mode === 'push' ? 'source' : 'target';

  const blockedReason = nextBlockedReason([
    [test.isPending, 'Testing…'],
    [!result, 'Run the connection test first.'],
    [!result?.ok, 'The test failed: fix the cause shown below and test again.'],
  ]);

  return (
    <StepLayout
      title="Test connection"
      side={sideLabel(setup, 'connection-test')}
      description={`Harbor's own connection test proves that the ${ruleSide} Harbor itself reaches ${setup.endpoint?.url ?? 'the endpoint'} and logs in with the robot account. The DNS, TCP, TLS and HTTP checks run from the wizard's server, which may see the network differently, to say which layer fails; the last check reads the robot's permissions.`}
      busy={test.isPending ? 'Testing the connection (Harbor ping, DNS, TCP, TLS, permissions)…' : null}
    >
      <Group>
        <Button
          onClick={() => test.mutate()}
          loading={test.isPending}
          variant={result?.ok ? 'default' : 'filled'}
        >
          Test connection
        </Button>
        {result && (
          <Text size="sm" c="dimmed">
            Last tested {new Date(result.testedAt).toLocaleString()}
          </Text>
        )}
      </Group>
      <ErrorCallout
        error={test.error}
        title="The connection test could not run"
        onRetry={() => test.mutate()}
      />
      {result && (
        <Alert
          role="status"
          color={result.ok ? 'green' : 'red'}
          title={result.ok ? 'Connection tested successfully' : `${failed.length} check(s) failed`}
        >
          {result.ok
            ? 'The endpoint works and the robot account has what replication needs.'
            : 'Harbor itself would only say “Failed to ping endpoint”. The checks below say why.'}
        </Alert>
      )}
      {result && <CheckList checks={result.checks} />}
      <StepFooter blockedReason={blockedReason} onBack={goBack} onClick={() => void completeStep(setup)} />
    </StepLayout>
  );
}
