// Fastify route patterns derived from wizard-api's apiPaths, so the server can never drift from
// the paths the web app calls: each builder is called with sentinels that become `:params`.
import type { HarborSide } from '@hw/wizard-api';
import { apiPaths } from '@hw/wizard-api';

const ID = 'zzsetupidzz';
const EXECUTION = 987_654_321;
const TASK = 123_456_789;

function pattern(path: string): string {
  return path
    .replace(ID, ':id')
    .replace(String(EXECUTION), ':executionId')
    .replace(String(TASK), ':taskId')
    .replace('zzsidezz', ':side');
}

type SetupPath = Exclude<
  {
    [K in keyof typeof apiPaths]: (typeof apiPaths)[K] extends (id: string) => string ? K : never;
  }[keyof typeof apiPaths],
  undefined
>;

export function setupRoute(name: SetupPath): string {
  return pattern(apiPaths[name](ID));
}

export const routes = {
  connect: pattern(apiPaths.connect(ID, 'zzsidezz' as HarborSide)),
  execution: pattern(apiPaths.execution(ID, EXECUTION)),
  stopExecution: pattern(apiPaths.stopExecution(ID, EXECUTION)),
  tasks: pattern(apiPaths.tasks(ID, EXECUTION)),
  taskLog: pattern(apiPaths.taskLog(ID, EXECUTION, TASK)),
};
