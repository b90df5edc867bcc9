import { Text } from '@mantine/core';

export function RuleStep() {
  return <Text>This step is not built yet.</Text>;
}
