// The options of a repair, asked before the server plans it; the plan itself (nothing done yet) is
// the flow page the dialog leads to.
import type { RepairKind, RepairOptionsInput } from '@hw/wizard-api';
import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { FormProvider, useForm, useWatch } from 'react-hook-form';
import { useLocation } from 'wouter';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { CheckboxField } from '@/components/form/checkbox-field.tsx';
import { NumberField } from '@/components/form/number-field.tsx';
import { RadioGroupField } from '@/components/form/radio-group-field.tsx';
import { paths } from '@/config/paths.ts';

import { useStartRepair } from '../api/repairs.ts';
import type { RepairFormValues } from '../repair-options-form.ts';
import { emptyRepairForm, repairFormSchema } from '../repair-options-form.ts';
import { REPAIR_KINDS } from '../repair-words.ts';

type Props = { watchId: string; kind: RepairKind; onClose: () => void };

function KindFields({ kind }: { kind: RepairKind }) {
  const expiry = useWatch<RepairFormValues, 'expiry'>({ name: 'expiry' });
  switch (kind) {
    case 'rotate':
      return (
        <RadioGroupField<RepairFormValues>
          name="canary"
          label="After rewiring the endpoint"
          options={[
            {
              value: 'rule',
              label: 'Run the rule once and wait for it (a canary run)',
              description: 'Proves the new secret end to end; the whole rule runs as its filters say.',
            },
            {
              value: 'none',
              label: "Only Harbor's endpoint ping and the wizard's permission check",
              description: 'Nothing is replicated now; the next scheduled or event run uses the new secret.',
            },
          ]}
        />
      );
    case 'extend':
      return (
        <Stack gap="sm">
          <RadioGroupField<RepairFormValues>
            name="expiry"
            label="New duration"
            options={[
              { value: 'days', label: 'A number of days from the robot’s creation' },
              {
                value: 'never',
                label: 'Never expires',
                description: 'A credential that never expires is never forced to be renewed if it leaks.',
              },
            ]}
          />
          {expiry === 'days' && (
            <NumberField<RepairFormValues>
              name="durationDays"
              label="Days"
              description="Harbor counts them from the robot's creation time, not from today."
              min={1}
              max={3650}
              required
            />
          )}
        </Stack>
      );
    case 'fix-permissions':
      return (
        <CheckboxField<RepairFormValues>
          name="replace"
          label="Replace the robot instead of changing it"
          description="A new robot with the permissions, the endpoint rewired to it, then the old one deleted: for Harbors that cannot change a robot's permissions in place."
        />
      );
    case 'unstick':
      return (
        <NumberField<RepairFormValues>
          name="executionId"
          label="Execution id"
          description="Leave empty for the rule's newest execution still in progress."
          min={1}
        />
      );
  }
}

export function RepairStartDialog({ watchId, kind, onClose }: Props) {
  const start = useStartRepair(watchId);
  const [, navigate] = useLocation();
  const form = useForm<RepairFormValues, unknown, RepairOptionsInput>({
    resolver: zodResolver(repairFormSchema(kind)),
    defaultValues: emptyRepairForm,
  });
  const submit = form.handleSubmit((options) =>
    start.mutate(options, { onSuccess: (flow) => navigate(paths.repair.href(watchId, flow.id)) }),
  );
  return (
    <Modal opened onClose={onClose} title={REPAIR_KINDS[kind].label} size="lg">
      <FormProvider {...form}>
        <form noValidate aria-label={REPAIR_KINDS[kind].label} onSubmit={(event) => void submit(event)}>
          <Stack gap="md">
            <Text size="sm">{REPAIR_KINDS[kind].description}</Text>
            <KindFields kind={kind} />
            <Text size="sm" c="dimmed">
              The next page shows every step before anything is changed.
            </Text>
            <ErrorCallout error={start.error} title="Could not plan the repair" />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={start.isPending}>
                Show the plan
              </Button>
            </Group>
          </Stack>
        </form>
      </FormProvider>
    </Modal>
  );
}
