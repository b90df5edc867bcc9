// A group of radio buttons bound to the surrounding form by name, one option per value.
import { Group, Radio, Stack } from '@mantine/core';
import type { RadioGroupProps } from '@mantine/core';
import type { FieldValues, Path } from 'react-hook-form';
import { useBoundField } from './use-bound-field.ts';

type RadioOption = { value: string; label: string; description?: string };

type Props<T extends FieldValues> = {
  name: Path<T>;
  options: readonly RadioOption[];
  /** Side by side for short labels, stacked for options with a description. */
  layout?: 'row' | 'column';
} & Omit<RadioGroupProps, 'name' | 'children' | 'error' | 'value' | 'defaultValue' | 'onChange'>;

export function RadioGroupField<T extends FieldValues = FieldValues>({
  name,
  options,
  layout = 'column',
  ...props
}: Props<T>) {
  const { ref, field, error } = useBoundField<T>(name);
  const radios = options.map((o) => (
    <Radio key={o.value} value={o.value} label={o.label} description={o.description} />
  ));
  return (
    <Radio.Group
      {...props}
      name={field.name}
      ref={ref}
      value={typeof field.value === 'string' ? field.value : null}
      onChange={(value) => {
        const option = options.find((o) => o.value === value);
        if (option) field.onChange(option.value);
      }}
      error={error}
    >
      {layout === 'row' ? (
        <Group mt="xs">{radios}</Group>
      ) : (
        <Stack gap="xs" mt="xs">
          {radios}
        </Stack>
      )}
    </Radio.Group>
  );
}
