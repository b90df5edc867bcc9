// Executions and tasks as apps/server sends them, for the run step's tests.
import type { Execution, Task } from '@hw/wizard-api';

export const running = (id: number, done: number): Execution => ({
  id,
  status: 'InProgress',
  statusText: '',
  trigger: 'manual',
  startTime: '2026-11-26T10:20:00.000Z',
  endTime: null,
  total: 4,
  succeed: done,
  failed: 0,
  stopped: 0,
  inProgress: 4 - done,
  final: false,
});
export const succeeded = (id: number): Execution => ({
  ...running(id, 4),
  status: 'Succeed',
  endTime: '2026-11-26T10:21:30.000Z',
  inProgress: 0,
  final: true,
});
export const task = (id: number, status: string): Task => ({
  id,
  executionId: 12,
  status,
  operation: 'copy',
  resourceType: 'image',
  source: `src/app-${id}:v1`,
  destination: `dst/app-${id}:v1`,
  startTime: '2026-11-26T10:20:05.000Z',
  endTime: status === 'Succeed' ? '2026-11-26T10:21:00.000Z' : null,
});
