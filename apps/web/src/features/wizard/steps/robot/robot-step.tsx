import { Text } from '@mantine/core';

export function RobotStep() {
  return <Text>This step is not built yet.</Text>;
}
