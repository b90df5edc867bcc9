import type { FastifyInstance, FastifyReply } from 'fastify';
import { isRecord } from '../http/body.ts';
import { toSortedJson } from '../http/json.ts';
import { ControlError, type SimControl } from './control.ts';
import type { FaultSpec } from './faults.ts';

function body(raw: unknown): Record<string, unknown> {
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : '';
  if (!text.trim()) return {};
  const parsed = JSON.parse(text) as unknown;
  if (!isRecord(parsed)) throw new ControlError(400, 'body must be a JSON object');
  return parsed;
}

const str = (b: Record<string, unknown>, name: string): string => {
  const v = b[name];
  if (typeof v !== 'string' || !v) throw new ControlError(400, `${name} is required`);
  return v;
};

function reply(res: FastifyReply, status: number, value: unknown): FastifyReply {
  return res
    .code(status)
    .header('content-type', 'application/json')
    .send(`${toSortedJson(value)}\n`);
}

/** `/__sim/*`: the control API over HTTP (for the demo and e2e tests). */
export function controlRoutes(app: FastifyInstance, control: SimControl): void {
  const wrap =
    (fn: (b: Record<string, unknown>) => unknown, status = 200) =>
    async (request: { body: unknown }, res: FastifyReply): Promise<FastifyReply> => {
      try {
        return reply(res, status, (await fn(body(request.body))) ?? {});
      } catch (error) {
        const s = error instanceof ControlError ? error.status : error instanceof SyntaxError ? 400 : 500;
        return reply(res, s, { error: (error as Error).message });
      }
    };

  app.get(
    '/__sim/state',
    wrap(() => control.state()),
  );
  app.post(
    '/__sim/artifacts',
    wrap(
      (b) =>
        control.pushArtifact({
          repository: str(b, 'repository'),
          tag: typeof b.tag === 'string' ? b.tag : undefined,
          labels: Array.isArray(b.labels) ? b.labels.map(String) : undefined,
        }),
      201,
    ),
  );
  app.delete(
    '/__sim/artifacts',
    wrap((b) => control.deleteArtifact({ repository: str(b, 'repository'), reference: str(b, 'reference') })),
  );
  app.delete(
    '/__sim/tags',
    wrap((b) => control.deleteTag({ repository: str(b, 'repository'), tag: str(b, 'tag') })),
  );
  app.post(
    '/__sim/faults',
    wrap((b) => control.injectFault(b as FaultSpec)),
  );
  app.post(
    '/__sim/clock/advance',
    wrap((b) => {
      const ms = typeof b.ms === 'number' ? b.ms : typeof b.seconds === 'number' ? b.seconds * 1000 : NaN;
      if (!Number.isFinite(ms) || ms < 0)
        throw new ControlError(400, 'ms (or seconds) must be a non-negative number');
      return control.advanceClock(ms);
    }),
  );
  app.post(
    '/__sim/robots/expiry',
    wrap((b) => {
      const robot = typeof b.id === 'number' ? b.id : str(b, 'name');
      if (typeof b.expires_at !== 'number') throw new ControlError(400, 'expires_at is required');
      control.setRobotExpiry(robot, b.expires_at);
    }),
  );
  const optionalId = (b: Record<string, unknown>, name: string): number | undefined => {
    const v = b[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v))
      throw new ControlError(400, `${name} must be an integer`);
    return v;
  };
  app.post(
    '/__sim/executions/hold',
    wrap((b) =>
      control.holdExecutions({
        policyId: optionalId(b, 'policy_id'),
        executionId: optionalId(b, 'execution_id'),
        count: optionalId(b, 'count'),
        refuseStop: b.refuse_stop === true,
      }),
    ),
  );
  app.post(
    '/__sim/executions/release',
    wrap((b) => control.releaseExecutions(optionalId(b, 'execution_id'))),
  );
  app.post(
    '/__sim/executions/sweep',
    wrap(() => control.sweepExecutions()),
  );
  app.post(
    '/__sim/idle',
    wrap(() => control.idle()),
  );
}
