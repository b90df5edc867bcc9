// How often a running execution is refreshed. Harbor's portal uses 10 s; the wizard watches one
// execution closely, so 2 s. Tests shorten it.
export const polling = { intervalMs: 2000 };
