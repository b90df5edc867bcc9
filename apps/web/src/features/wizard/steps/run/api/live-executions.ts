// Executions that a stream of server-sent events covers right now in this tab (connecting or
// delivering): their queries need not poll, the stream keeps them fresh (see execution-events.ts).
const streaming = new Set<string>();
const key = (setupId: string, executionId: number) => `${setupId}/${executionId}`;

export const liveExecutions = {
  has: (setupId: string, executionId: number): boolean => streaming.has(key(setupId, executionId)),
  add: (setupId: string, executionId: number): void => void streaming.add(key(setupId, executionId)),
  delete: (setupId: string, executionId: number): void => void streaming.delete(key(setupId, executionId)),
};
