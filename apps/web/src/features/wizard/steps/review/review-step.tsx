import { Text } from '@mantine/core';

export function ReviewStep() {
  return <Text>This step is not built yet.</Text>;
}
