// The infrastructure hub (rulebook port 8085): health, readiness, Prometheus metrics and a small JSON API over the
// runtime host. Every response carries `x-correlation-id`; errors are `{ error: { errorCode, message, correlationId } }`.
import { parseModel } from "@onex/core";
import { CORRELATION_ID_HEADER, correlationIdFromHeaders, runWithCorrelation } from "@onex/infra";
import { fastify, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { z } from "zod";
import { ModelRuntimeSubmitRequest } from "../host/model-runtime-submit-request.js";
import { RuntimeServiceTokens } from "../host/util-runtime-tokens.js";
import type { RuntimeHost } from "../host/runtime-host.js";
import type { RuntimeLogger } from "../logging/util-logger.js";
import { hubError } from "./util-hub-errors.js";

export interface RuntimeHubOptions {
  readonly host: RuntimeHost;
  readonly logger: RuntimeLogger;
  /** Largest request body in bytes (default: the runtime config's `http.body_limit_bytes`). */
  readonly bodyLimit?: number | undefined;
}

const DlqListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
  topic: z.string().min(1).optional(),
});
const NodeParams = z.object({ id: z.string().min(1).max(256) });
const DiscoveryParams = z.object({ service: z.string().min(1).max(256) });
const DiscoveryQuery = z.strictObject({ all: z.enum(["0", "1", "true", "false"]).optional() });
const DlqReplayParams = z.object({ id: z.string().min(1).max(256) });
const DlqReplayBody = z.strictObject({ target_topic: z.string().min(1).max(249).optional() }).nullish();

declare module "fastify" {
  interface FastifyRequest {
    correlationId: string;
  }
}

function unavailable(message: string, correlationId: string): { error: { errorCode: string; message: string; correlationId: string } } {
  return { error: { errorCode: "SERVICE_UNAVAILABLE", message, correlationId } };
}

type Route = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** Builds the hub (not listening yet: call `listen`, or use `inject` in tests). */
export function createRuntimeHub(options: RuntimeHubOptions): FastifyInstance {
  const { host, logger } = options;
  const app = fastify({ logger: false, bodyLimit: options.bodyLimit ?? host.config.http.body_limit_bytes, return503OnClosing: true });
  app.decorateRequest("correlationId", "");
  app.addHook("onRequest", (request, reply, done) => {
    request.correlationId = correlationIdFromHeaders(request.headers);
    void reply.header(CORRELATION_ID_HEADER, request.correlationId);
    done();
  });
  app.addHook("onResponse", (request, reply, done) => {
    logger.debug({ method: request.method, url: request.url, status: reply.statusCode, correlation_id: request.correlationId }, "hub request");
    done();
  });
  app.setErrorHandler((error, request, reply) => {
    const { status, body } = hubError(error, request.correlationId);
    if (status >= 500) logger.error({ err: error, url: request.url, correlation_id: request.correlationId }, "hub request failed");
    void reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: { errorCode: "RESOURCE_NOT_FOUND", message: `no route ${request.method} ${request.url.split("?")[0] ?? ""}`, correlationId: request.correlationId } });
  });
  // Each route runs in its request's correlation scope; a synchronous throw becomes a rejection like any other.
  const scoped =
    (route: Route): Route =>
    (request, reply) =>
      runWithCorrelation(request.correlationId, () => Promise.resolve().then(() => route(request, reply)));

  app.get(
    "/health",
    scoped(() => host.health()),
  );
  app.get(
    "/ready",
    scoped((_request, reply) => Promise.resolve(reply.code(host.ready ? 200 : 503).send({ ready: host.ready, state: host.state }))),
  );
  app.get(
    "/metrics",
    scoped(async (_request, reply) => reply.type(host.metrics.contentType).send(await host.metrics.expose())),
  );
  app.post(
    "/api/v1/envelopes",
    scoped(async (request, reply) => {
      const body = parseModel(ModelRuntimeSubmitRequest, request.body ?? {}, "request body", request.correlationId);
      const submitted = await host.submit({ ...body, correlation_id: body.correlation_id ?? request.correlationId });
      void reply.header(CORRELATION_ID_HEADER, submitted.command.correlation_id);
      if (submitted.duplicate === true) {
        return reply.code(200).send({ status: "duplicate", envelope_id: submitted.command.envelope_id, correlation_id: submitted.command.correlation_id, topic: host.topics.input });
      }
      if (submitted.response === null) {
        return reply.code(202).send({
          status: "accepted",
          envelope_id: submitted.command.envelope_id,
          correlation_id: submitted.command.correlation_id,
          topic: host.topics.input,
        });
      }
      return reply.code(200).send(submitted.response);
    }),
  );
  app.get(
    "/api/v1/handlers",
    scoped(() => Promise.resolve({ handlers: host.handlers() })),
  );
  app.get(
    "/api/v1/nodes",
    scoped(async () => ({ nodes: await host.nodes() })),
  );
  // A node announces itself on the introspection topic and keeps itself alive on the heartbeat topic; these two
  // routes publish those events for nodes that talk HTTP (and on the in-memory bus, which only the hub can reach).
  app.post(
    "/api/v1/nodes/introspection",
    scoped(async (request, reply) => {
      const registration = host.nodeRegistration;
      if (registration === null || !host.ready) return reply.code(503).send(unavailable(`node registration is not running (runtime ${host.state})`, request.correlationId));
      const envelope = await registration.publish("introspection", request.body ?? {}, request.correlationId);
      return reply.code(202).send({ status: "accepted", envelope_id: envelope.envelope_id, topic: registration.workflow?.topics.introspection });
    }),
  );
  app.post(
    "/api/v1/nodes/:id/heartbeat",
    scoped(async (request, reply) => {
      const { id } = parseModel(NodeParams, request.params, "path", request.correlationId);
      const registration = host.nodeRegistration;
      if (registration === null || !host.ready) return reply.code(503).send(unavailable(`node registration is not running (runtime ${host.state})`, request.correlationId));
      const envelope = await registration.publish("heartbeat", { node_id: id }, request.correlationId);
      return reply.code(202).send({ status: "accepted", envelope_id: envelope.envelope_id, topic: registration.workflow?.topics.heartbeat });
    }),
  );
  app.get(
    "/api/v1/discovery/:service",
    scoped(async (request, reply) => {
      const { service } = parseModel(DiscoveryParams, request.params, "path", request.correlationId);
      const query = parseModel(DiscoveryQuery, request.query, "query string", request.correlationId);
      const discovery = host.container.tryResolveService(RuntimeServiceTokens.serviceDiscovery);
      if (discovery === undefined) return reply.code(503).send(unavailable("no service discovery is wired", request.correlationId));
      const includeUnhealthy = query.all === "1" || query.all === "true";
      return { service, instances: await discovery.discover(service, { includeUnhealthy }) };
    }),
  );
  app.get(
    "/api/v1/circuits",
    scoped(async () => ({ circuits: await host.circuits() })),
  );
  app.get(
    "/api/v1/dlq",
    scoped((request) => {
      const query = parseModel(DlqListQuery, request.query, "query string", request.correlationId);
      const entries = host.dlq?.list({ limit: query.limit, originalTopic: query.topic }) ?? [];
      return Promise.resolve({ topic: host.topics.dlq, entries });
    }),
  );
  app.post(
    "/api/v1/dlq/:id/replay",
    scoped(async (request, reply) => {
      const { id } = parseModel(DlqReplayParams, request.params, "path", request.correlationId);
      const body = parseModel(DlqReplayBody, request.body, "request body", request.correlationId);
      const dlq = host.dlq;
      if (dlq === null || !host.ready) return reply.code(503).send(unavailable(`the runtime is ${host.state}`, request.correlationId));
      const replayed = await dlq.replay(id, body?.target_topic);
      return reply.code(202).send({ status: "replayed", entry_id: replayed.entryId, topic: replayed.topic });
    }),
  );
  return app;
}
