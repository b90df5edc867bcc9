// A question the flow waits on: each answer with its consequences, said before it is picked.
import type { RepairChoice } from '@hw/wizard-api';
import { Button, Group, Radio, Stack } from '@mantine/core';
import { useState } from 'react';

import type { AdvanceInput } from '../api/repairs.ts';

type Props = { choice: RepairChoice; pending: boolean; onAnswer: (input: AdvanceInput) => void };

export function RepairChoiceForm({ choice, pending, onAnswer }: Props) {
  const [value, setValue] = useState<string | null>(
    choice.options.length === 1 ? choice.options[0]!.value : null,
  );
  const picked = choice.options.find((o) => o.value === value);
  return (
    <form
      noValidate
      aria-label={choice.question}
      onSubmit={(event) => {
        event.preventDefault();
        if (picked) onAnswer({ choice: picked.value });
      }}
    >
      <Stack gap="sm">
        <Radio.Group label={choice.question} value={value} onChange={setValue} required>
          <Stack gap="xs" mt="xs">
            {choice.options.map((o) => (
              <Radio key={o.value} value={o.value} label={o.label} description={o.consequence} />
            ))}
          </Stack>
        </Radio.Group>
        <Group>
          <Button type="submit" disabled={!picked} loading={pending}>
            Continue
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
