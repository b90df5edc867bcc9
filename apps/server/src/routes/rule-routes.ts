// Steps 8 and 9: labels, sample repositories, the dry-run preview, the rule draft, the review of the
// exact requests, and creating (or updating) the policy on the Harbor that runs the rule.
import type { FastifyPluginCallback } from 'fastify';

import { serve } from '../http/api-routes.ts';
import { setupRef } from '../context.ts';
import {
  checkRuleName,
  createRule,
  labelOptions,
  previewPage,
  review,
  sampleRepositories,
  saveRuleDraft,
} from '../wizard/rules.ts';

export const ruleRoutes: FastifyPluginCallback = (app, _options, done) => {
  const { ctx } = app;
  serve(app, 'labels', 'GET', (request) => labelOptions(ctx, setupRef(request)));
  serve(app, 'sampleRepositories', 'GET', (request) => sampleRepositories(ctx, setupRef(request)));
  serve(app, 'preview', 'POST', (request) => previewPage(ctx, setupRef(request), request.body));
  serve(app, 'ruleCheck', 'GET', (request) => checkRuleName(ctx, setupRef(request), request.query.name));
  serve(app, 'ruleDraft', 'PUT', (request) => saveRuleDraft(ctx, setupRef(request), request.body));
  serve(app, 'review', 'GET', (request) => review(ctx, setupRef(request)));
  serve(app, 'rule', 'PUT', (request) => createRule(ctx, setupRef(request)));
  done();
};
