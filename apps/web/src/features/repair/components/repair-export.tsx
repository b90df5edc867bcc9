// The new robot file, offered once like at creation: the server forgets it after one download.
import { robotExportFileName } from '@hw/harbor-client';
import { Alert, Button, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import IconDownload from '@tabler/icons-react/icons/IconDownload';
import { useState } from 'react';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { saveFile } from '@/features/wizard/steps/credentials/api/download-robot-export.ts';

import { fetchRepairExport, repairKeys } from '../api/repairs.ts';

type Props = { repairId: string; robotName: string; available: boolean };

export function RepairExport({ repairId, robotName, available }: Props) {
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const fileName = robotExportFileName(robotName);
  if (!available && !saved) return null;

  const download = () => {
    setError(null);
    setPending(true);
    fetchRepairExport(repairId)
      .then((content) => {
        saveFile(fileName, content);
        setSaved(true);
      })
      .catch(setError)
      .finally(() => {
        setPending(false);
        void queryClient.invalidateQueries({ queryKey: repairKeys.one(repairId) });
      });
  };

  return (
    <Alert color="blue" variant="light" title="The new robot file">
      <Stack gap="xs">
        {saved ? (
          <Text size="sm" role="status">
            Saved {fileName}. The server no longer holds the secret: keep the file safe.
          </Text>
        ) : (
          <>
            <Text size="sm">
              {fileName} holds the robot&apos;s new secret, exactly as Harbor answered it. It can be
              downloaded once; after that only the endpoint holds the secret.
            </Text>
            <div>
              <Button
                onClick={download}
                loading={pending}
                leftSection={<IconDownload size={16} aria-hidden />}
              >
                Export to file
              </Button>
            </div>
          </>
        )}
        <ErrorCallout error={error} title="Could not export the file" />
      </Stack>
    </Alert>
  );
}
