// How often executions are refreshed. Harbor's portal uses 10 s; the wizard watches a running
// execution closely (2 s) and, while none runs, still looks every 15 s so runs that Harbor starts
// by itself (schedule, push events) appear without a reload. Tests shorten both.
export const polling = { intervalMs: 2000, idleIntervalMs: 15_000 };
