// POST connect/:side — log in to a Harbor (or to one of the demo Harbors, credentials server-side).
import type { HarborSide } from '@hw/wizard-api';
import { connectDemoRequestSchema, connectRequestSchema, harborSideSchema } from '@hw/wizard-api';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';

import { loadSetup } from '../context.ts';
import { fail, parseInput } from '../errors.ts';
import { rotateSession } from '../plugins/session.ts';
import type { ConnectInput } from '../wizard/connect.ts';
import { canonicalHarborUrl, probeHarbor } from '../wizard/connect.ts';
import { completeStep } from '../wizard/setups.ts';
import { failStaleDemo, isStaleDemo } from '../wizard/side-client.ts';
import { routes } from './route-paths.ts';

type Params = { id: string; side: HarborSide };

export const connectRoutes: FastifyPluginCallback = (app, _options, done) => {
  const { ctx } = app;

  app.post<{ Params: Params }>(
    routes.connect,
    {
      config: {
        // Per browser session (falling back to the address): password guessing is slow, a team behind one NAT is not.
        rateLimit: {
          max: 20,
          timeWindow: '1 minute',
          keyGenerator: (request: FastifyRequest) => request.wizardSession?.id ?? request.ip,
        },
      },
    },
    async (request, reply) => {
      const side = parseInput(harborSideSchema, request.params.side, 'Harbor side');
      const record = await loadSetup(request);
      const body = request.body as Record<string, unknown> | undefined;

      let input: ConnectInput;
      if (body && typeof body === 'object' && 'demo' in body) {
        parseInput(connectDemoRequestSchema, body);
        const demo = ctx.demo?.[side];
        if (!demo)
          fail(400, 'demo-unavailable', 'The demo Harbors are not running on this server.', {
            hint: 'Enter the URL and credentials of your Harbor.',
          });
        input = {
          url: demo.url,
          username: demo.username,
          password: demo.password,
          tls: { mode: 'verify' },
          demo: true,
        };
      } else {
        const parsed = parseInput(connectRequestSchema, body);
        input = {
          url: canonicalHarborUrl(parsed.url),
          username: parsed.username,
          password: parsed.password,
          tls: parsed.tls,
          demo: false,
        };
      }

      const state = await ctx.setups.withLock(record.id, async () => {
        const fresh = await loadSetup(request);
        const previous = fresh.internal.connections[side];
        const createdHere = fresh.state.created.some((c) => c.side === side);
        if (createdHere && isStaleDemo(ctx, fresh, side)) failStaleDemo(side);
        if (previous && previous.url !== input.url && createdHere) {
          fail(
            409,
            'harbor-changed',
            `This setup already created objects on ${previous.url}; it cannot switch the ${side} Harbor.`,
            {
              hint: 'Start a new setup to use another Harbor (or clean this one up first).',
            },
          );
        }
        const attempt = { address: request.ip, harborUrl: input.url, username: input.username };
        const summary = await ctx.loginThrottle.guard(attempt, () =>
          probeHarbor(ctx.harbor, input, side, fresh.state.mode),
        );
        const other = fresh.state[side === 'source' ? 'target' : 'source'];
        if (other && new URL(other.url).origin === new URL(input.url).origin) {
          summary.warnings.push(
            'Source and target are the same Harbor: the rule would copy images within one registry.',
          );
        }
        await ctx.secrets.put(
          { sessionId: fresh.sessionId, setupId: fresh.id, name: `password:${side}` },
          input.password,
        );
        fresh.internal.connections[side] = {
          url: input.url,
          username: input.username,
          tls: input.tls,
          demo: input.demo,
        };
        fresh.state[side] = summary;
        // Logging in again to a finished setup (for clean-up) does not reopen it.
        if (fresh.state.status === 'in-progress')
          completeStep(fresh.state, side === 'target' ? 'connect-target' : 'connect-source');
        return ctx.setups.save(fresh);
      });
      // A password is stored now: a cookie planted before this login must not reach it.
      await rotateSession(request, reply);
      return state;
    },
  );
  done();
};
