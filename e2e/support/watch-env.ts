// The watch's timings for e2e, given to every wizard server the suite starts: the poller reads each
// watched rule every second (idle and while an execution runs), an execution whose task counters
// have not moved for 6 s (0.1 min) is stuck, and the replication robot's expiry is read every 3 s
// (0.05 min). The defaults (30 s, 5 s, 30 min, an hour) would make the scenarios wait minutes or
// hours for what these settings show in seconds.
export const watchEnv = {
  WATCH_POLL_SECONDS: '1',
  WATCH_RUNNING_POLL_SECONDS: '1',
  WATCH_STUCK_MINUTES: '0.1',
  WATCH_ROBOT_CHECK_MINUTES: '0.05',
} as const;

/** The poll period those settings give, in milliseconds. */
export const POLL_MS = Number(watchEnv.WATCH_POLL_SECONDS) * 1000;

/** The stuck threshold those settings give, in milliseconds. */
export const STUCK_MS = Number(watchEnv.WATCH_STUCK_MINUTES) * 60_000;

/** How often those settings read the replication robot's expiry, in milliseconds. */
export const ROBOT_CHECK_MS = Number(watchEnv.WATCH_ROBOT_CHECK_MINUTES) * 60_000;
