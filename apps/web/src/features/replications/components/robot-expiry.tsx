// When each robot the watch depends on expires: the replication robot and the watch robots.
import type { WatchSummary } from '@hw/wizard-api';
import { List, Text } from '@mantine/core';

import { expiryColor, expiryInWords } from '../utils/watch-words.ts';

type Robot = WatchSummary['replicationRobot'];

function Expiry({ robot, nowMs: ourNowMs }: { robot: Robot; nowMs: number }) {
  // Harbor refuses an expired robot by its own clock: count from Harbor's now (the server measured
  // how far that Harbor's clock is off).
  const nowMs = ourNowMs + (robot.clockSkewSeconds ?? 0) * 1000;
  const words = expiryInWords(robot.expiresAt, nowMs);
  if (robot.expiresAt === null || robot.expiresAt === -1)
    return (
      <Text span inherit fs={robot.expiresAt === null ? 'italic' : undefined}>
        {words}
      </Text>
    );
  const iso = new Date(robot.expiresAt * 1000).toISOString();
  return (
    <Text
      span
      inherit
      c={expiryColor(robot.expiresAt, nowMs)}
      fw={expiryColor(robot.expiresAt, nowMs) ? 600 : undefined}
    >
      <time dateTime={iso} title={new Date(iso).toLocaleString()}>
        {words}
      </time>
    </Text>
  );
}

export function RobotExpiry({ watch, nowMs }: { watch: WatchSummary; nowMs: number }) {
  return (
    <List size="sm" listStyleType="none" spacing={2}>
      <List.Item>
        Replication robot: <Expiry robot={watch.replicationRobot} nowMs={nowMs} />
        {watch.replicationRobot.source === 'recorded' && (
          <Text span size="xs" c="dimmed">
            {' '}
            (as recorded at creation)
          </Text>
        )}
      </List.Item>
      {watch.watchRobots.map((robot) => (
        <List.Item key={`${robot.side}-${robot.name}`}>
          Watch robot ({robot.side}): <Expiry robot={robot} nowMs={nowMs} />
        </List.Item>
      ))}
    </List>
  );
}
