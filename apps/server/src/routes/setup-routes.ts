// Start a setup, resume it, and move between its steps.
import type { StepId } from '@hw/wizard-api';
import { STEP_IDS, apiPaths, goToStepRequestSchema, startSetupRequestSchema } from '@hw/wizard-api';
import type { FastifyPluginCallback } from 'fastify';

import type { SetupParams } from '../context.ts';
import { loadSetup, requireSession } from '../context.ts';
import { fail, parseInput } from '../errors.ts';
import { storeSession } from '../plugins/session.ts';
import { setupRoute } from './route-paths.ts';

export const setupRoutes: FastifyPluginCallback = (app, _options, done) => {
  const { setups } = app.ctx;

  app.post(apiPaths.setups, async (request) => {
    const session = requireSession(request);
    const body = parseInput(startSetupRequestSchema, request.body);
    await storeSession(request);
    const record = await setups.create(session.id, body.mode);
    return record.state;
  });

  app.get<{ Params: SetupParams }>(setupRoute('setup'), async (request) => {
    const record = await loadSetup(request);
    const session = requireSession(request);
    if (session.currentSetupId !== record.id) await app.ctx.storage.setCurrentSetup(session.id, record.id);
    return record.state;
  });

  app.put<{ Params: SetupParams }>(setupRoute('step'), async (request) => {
    const body = parseInput(goToStepRequestSchema, request.body);
    const record = await loadSetup(request);
    return setups.withLock(record.id, async () => {
      const fresh = await loadSetup(request);
      const done = new Set<StepId>(fresh.state.completedSteps);
      const firstOpen = STEP_IDS.find((s) => !done.has(s));
      if (!done.has(body.step) && body.step !== firstOpen && body.step !== fresh.state.step) {
        fail(
          409,
          'step-not-reachable',
          `Finish "${firstOpen ?? 'the current step'}" before going to "${body.step}".`,
          {
            hint: 'Steps open one after another; completed steps can always be revisited.',
          },
        );
      }
      fresh.state.step = body.step;
      return setups.save(fresh);
    });
  });
  done();
};
