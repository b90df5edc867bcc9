// How often executions are refreshed when no live stream keeps them fresh. The running execution
// the run step shows arrives by server-sent events (execution-events.ts); the queries poll a
// running execution only as a fallback (no stream to be had, or a run the step does not show), as
// slowly as Harbor's portal (10 s). While none runs, the list still looks every 15 s so runs Harbor
// starts by itself (schedule, push events) appear without a reload. Tests shorten both.
export const polling = { intervalMs: 10_000, idleIntervalMs: 15_000 };
