// A group of radio buttons bound to the surrounding form by name, one option per value.
import { Group, Radio, Stack } from '@mantine/core';
import type { RadioGroupProps } from '@mantine/core';
import { useController } from 'react-hook-form';
import type { FieldValues, Path } from 'react-hook-form';

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
  // The ref apart: react-hooks/refs takes any object that holds a ref for a ref read during render.
  const {
    field: { ref, ...field },
    fieldState,
  } = useController<T>({ name });
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
      error={fieldState.error?.message || undefined}
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
