// What the wizard learnt about a Harbor: version, what that version can do, the account's rights.
import type { ConnectionSummary } from '@hw/wizard-api';
import {
  Alert,
  Badge,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import IconCheck from '@tabler/icons-react/icons/IconCheck';
import IconX from '@tabler/icons-react/icons/IconX';
import { WarningsNote } from '@/components/warnings-note.tsx';

const CAPABILITY_LABELS: Record<keyof ConnectionSummary['capabilities'], string> = {
  robotV2: 'Robot accounts v2 (2.2+)',
  destNamespaceReplaceCount: 'Flattening of destination paths (2.3+)',
  speed: 'Bandwidth limit (2.4+)',
  copyByChunk: 'Copy by chunk (2.7+)',
  chartResourceFilter: 'Chart resource filter (before 2.8)',
  cronSecondsRule: 'Cron seconds must be 0 (2.9+)',
  customRobotSecretRules: 'Custom robot secrets (2.9+)',
  permissionsApi: 'Permissions API (2.10+)',
  versionHiddenFromAnonymous: 'Version hidden from anonymous users (2.13+)',
  singleActiveReplication: 'Single active replication (2.14+)',
  registryCaCertificate: 'Endpoint CA certificate (2.15+)',
};

export function ConnectionReport({
  summary,
  side,
  needsAdmin,
}: {
  summary: ConnectionSummary;
  side: string;
  needsAdmin: boolean;
}) {
  const capabilities = Object.entries(summary.capabilities) as [
    keyof ConnectionSummary['capabilities'],
    boolean,
  ][];
  return (
    <Card withBorder component="section" aria-label={`Connected to the ${side} Harbor`}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4">
            Connected to the {side} Harbor
          </Title>
          <Group gap="xs">
            <Badge variant="default" tt="none">
              Harbor {summary.version}
            </Badge>
            {summary.demo && (
              <Badge variant="default" tt="none">
                demo
              </Badge>
            )}
            {summary.tlsMode === 'insecure' && (
              <Badge color="orange" variant="light">
                certificate not verified
              </Badge>
            )}
          </Group>
        </Group>
        <Text size="sm">
          {summary.url} as <strong>{summary.username}</strong>
          {summary.isSysAdmin ? ' (system administrator)' : ' (not a system administrator)'}
        </Text>
        {needsAdmin && !summary.isSysAdmin && (
          <Alert role="note" color="red" title="A system administrator account is needed here">
            Endpoints and replication rules can only be created by a Harbor system administrator. Connect
            again with an administrator account.
          </Alert>
        )}
        {summary.passwordNote && (
          <Alert role="note" color="blue" title="Which password the API takes">
            {summary.passwordNote}
          </Alert>
        )}
        <WarningsNote title="Warnings" warnings={summary.warnings} />
        <Text size="sm" fw={600}>
          What this Harbor version supports
        </Text>
        <SimpleGrid
          cols={{ base: 1, sm: 2 }}
          spacing={4}
          component="ul"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
        >
          {capabilities.map(([key, value]) => (
            <Group key={key} gap={6} component="li" wrap="nowrap">
              <ThemeIcon size="xs" color={value ? 'green' : 'gray'} variant="light" aria-hidden>
                {value ? <IconCheck size={12} /> : <IconX size={12} />}
              </ThemeIcon>
              <Text size="xs">
                {CAPABILITY_LABELS[key]}
                <VisuallyHidden>{value ? ': yes' : ': no'}</VisuallyHidden>
              </Text>
            </Group>
          ))}
        </SimpleGrid>
      </Stack>
    </Card>
  );
}
