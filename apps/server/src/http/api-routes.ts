// Registers a route of wizard-api's route table: its params, query and body are parsed by the zod
// type provider before the handler runs, and its JSON answer is serialized through its schema (so
// nothing the schema does not name ever leaves the server). Also serves the table as OpenAPI.
import type { SSERouteOptions } from '@fastify/sse';
import swagger from '@fastify/swagger';
import type { HttpMethod, Operation, OperationOf, RouteName, RouteSpec, Routes } from '@hw/wizard-api';
import { routes, SETUP_VERSION_HEADER } from '@hw/wizard-api';
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

type ApiRequest<R extends RouteName, M extends HttpMethod> = FastifyRequest & {
  params: Routes[R] extends { params: infer P } ? Parsed<P> : Record<string, never>;
  query: OperationOf<R, M> extends { query: infer Q } ? Parsed<Q> : unknown;
  body: OperationOf<R, M> extends { body: infer B } ? Parsed<B> : unknown;
};

/** A JSON route answers its schema's type; a text or empty route sends its own reply. */
type Answer<O> = O extends { response: infer S extends z.ZodType } ? z.output<S> : FastifyReply;

type ApiHandler<R extends RouteName, M extends HttpMethod> = (
  request: ApiRequest<R, M>,
  reply: FastifyReply,
) => Promise<Answer<OperationOf<R, M>> | FastifyReply>;

type MethodOf<R extends RouteName> = Extract<keyof Routes[R], HttpMethod>;

export function serve<R extends RouteName, M extends MethodOf<R>>(
  app: FastifyInstance,
  name: R,
  method: M,
  handler: ApiHandler<R, M>,
  options: { config?: FastifyContextConfig; sse?: SSERouteOptions } = {},
): void {
  const route: RouteSpec = routes[name];
  const operation = route[method] as Operation;
  app.route({
    method,
    url: route.path,
    schema: {
      operationId: `${method.toLowerCase()}-${name}`,
      ...(operation.summary ? { summary: operation.summary } : {}),
      ...(route.params ? { params: route.params } : {}),
      ...(operation.query ? { querystring: operation.query } : {}),
      ...(operation.body ? { body: operation.body } : {}),
      ...(typeof operation.response === 'object' ? { response: { 200: operation.response } } : {}),
    },
    // A body-less POST means "nothing to say": the schema then fills in its defaults.
    ...(operation.body ? { preValidation: bodyOrEmptyObject } : {}),
    ...(options.config ? { config: options.config } : {}),
    ...(options.sse ? { sse: options.sse } : {}),
    onSend: setupVersionHeader,
    handler: handler as unknown as (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
  });
}

/**
 * The version of the setup as this request left it, so the page sends it with its next write (a
 * stale write is refused before it reads the setup, so its answer carries none).
 */
function setupVersionHeader(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (error: null, payload: unknown) => void,
): void {
  const version = request.setupRef?.version;
  if (version !== undefined) reply.header(SETUP_VERSION_HEADER, String(version));
  done(null, payload);
}

function bodyOrEmptyObject(request: FastifyRequest, _reply: FastifyReply, done: () => void): void {
  request.body ??= {};
  done();
}

/** The zod compilers for every route, and the OpenAPI document built from the same schemas. */
export const apiSchemasPlugin = fp(async (app) => {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Harbor Replication Wizard API', version: '1' },
    },
    transform: jsonSchemaTransform,
  });
});
