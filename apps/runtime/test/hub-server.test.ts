import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { createRuntimeHub } from "../src/http/runtime-hub-server.js";
import { startFixture, type RuntimeFixture } from "./support/runtime-fixture.js";

let fixture: RuntimeFixture | undefined;
let hub: FastifyInstance | undefined;

async function setUp(start = true): Promise<{ fixture: RuntimeFixture; hub: FastifyInstance }> {
  fixture = await startFixture({ start, config: { http: { body_limit_bytes: 4096 } } });
  hub = createRuntimeHub({ host: fixture.host, logger: fixture.logs.logger });
  return { fixture, hub };
}

afterEach(async () => {
  await fixture?.host.stop();
  await hub?.close();
  fixture = undefined;
  hub = undefined;
});

describe("infrastructure hub", () => {
  it("reports not ready (503) until the host started, ready (200) while running, and 503 again after the drain", async () => {
    const { fixture, hub } = await setUp(false);
    const before = await hub.inject({ method: "GET", url: "/ready" });
    expect(before.statusCode).toBe(503);
    expect(before.json()).toEqual({ ready: false, state: "created" });
    await fixture.host.start();
    expect((await hub.inject({ method: "GET", url: "/ready" })).statusCode).toBe(200);
    await fixture.host.stop();
    const after = await hub.inject({ method: "GET", url: "/ready" });
    expect(after.statusCode).toBe(503);
    expect(after.json()).toEqual({ ready: false, state: "stopped" });
  });

  it("reports liveness with the health of each component", async () => {
    const { hub } = await setUp();
    const response = await hub.inject({ method: "GET", url: "/health", headers: { "x-correlation-id": "probe-1" } });
    expect(response.statusCode).toBe(200);
    expect(response.headers["x-correlation-id"]).toBe("probe-1");
    expect(response.json()).toMatchObject({ status: "ok", ready: true, components: { bus: { healthy: true }, "handler:fake": { healthy: true } } });
  });

  it("exposes the runtime's Prometheus metrics", async () => {
    const { fixture, hub } = await setUp();
    await hub.inject({ method: "POST", url: "/api/v1/envelopes", payload: { operation: "fake.echo", payload: {}, wait: true } });
    const response = await hub.inject({ method: "GET", url: "/metrics" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/plain");
    for (const name of ["onex_envelopes_total", "onex_handler_duration_seconds", "onex_circuit_state", "onex_dlq_size", "onex_consumer_lag", "onex_duplicates_total"]) {
      expect(response.body).toContain(name);
    }
    expect(response.body).toContain('onex_envelopes_total{operation="fake.echo",outcome="success"} 1');
    expect(response.body).toContain('onex_circuit_state{name="fake"} 0');
    expect(fixture.host.metrics.registry).not.toBe((await import("prom-client")).register);
  });

  it("runs a command retried with the same envelope_id once and says so on the retry", async () => {
    const { fixture, hub } = await setUp();
    const envelopeId = randomUUID();
    const body = { operation: "fake.echo", payload: { n: 1 }, envelope_id: envelopeId, wait: true };
    const first = await hub.inject({ method: "POST", url: "/api/v1/envelopes", payload: body });
    expect(first.json()).toMatchObject({ event_type: "fake.echo.completed", causation_id: envelopeId });
    const retry = await hub.inject({ method: "POST", url: "/api/v1/envelopes", payload: body });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ status: "duplicate", envelope_id: envelopeId });
    expect(fixture.handler.calls.map((c) => c.envelope_id)).toEqual([envelopeId]);
  });

  it("submits a command and waits for its response envelope", async () => {
    const { hub } = await setUp();
    const correlationId = randomUUID();
    const response = await hub.inject({ method: "POST", url: "/api/v1/envelopes", payload: { operation: "fake.echo", payload: { x: 1 }, correlation_id: correlationId, wait: true } });
    expect(response.statusCode).toBe(200);
    expect(response.headers["x-correlation-id"]).toBe(correlationId);
    expect(response.json()).toMatchObject({ event_type: "fake.echo.completed", correlation_id: correlationId, payload: { x: 1 } });
  });

  it("answers a submission that fails with the error envelope", async () => {
    const { hub } = await setUp();
    const response = await hub.inject({ method: "POST", url: "/api/v1/envelopes", payload: { operation: "nope.run", wait: true } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ event_type: "nope.run.failed", payload: { errorCode: "UNKNOWN_HANDLER_TYPE" } });
  });

  it("accepts a submission without wait with 202 and the envelope id", async () => {
    const { fixture, hub } = await setUp();
    const response = await hub.inject({ method: "POST", url: "/api/v1/envelopes", payload: { operation: "fake.echo", payload: {} } });
    expect(response.statusCode).toBe(202);
    const body = response.json<{ envelope_id: string; topic: string }>();
    expect(body.topic).toBe(fixture.host.topics.input);
    const [answer] = await fixture.waitForResponses(1);
    expect(answer?.causation_id).toBe(body.envelope_id);
  });

  it("rejects an invalid body with 400 naming the field, and an oversized body with 413", async () => {
    const { hub } = await setUp();
    const bad = await hub.inject({ method: "POST", url: "/api/v1/envelopes", payload: { operation: "Bad Op", payload: [] } });
    expect(bad.statusCode).toBe(400);
    const error = bad.json<{ error: { errorCode: string; message: string; correlationId: string } }>().error;
    expect(error.errorCode).toBe("VALIDATION_ERROR");
    expect(error.message).toContain("payload");
    expect(error.correlationId).toBe(bad.headers["x-correlation-id"]);
    const big = await hub.inject({ method: "POST", url: "/api/v1/envelopes", payload: { operation: "fake.echo", payload: { blob: "x".repeat(8192) } } });
    expect(big.statusCode).toBe(413);
    expect(big.json<{ error: { errorCode: string } }>().error.errorCode).toBe("PAYLOAD_TOO_LARGE");
    const json = await hub.inject({ method: "POST", url: "/api/v1/envelopes", headers: { "content-type": "application/json" }, payload: "{oops" });
    expect(json.statusCode).toBe(400);
    expect(json.json<{ error: { errorCode: string } }>().error.errorCode).toBe("INVALID_INPUT");
  });

  it("times out a wait with 504 TIMEOUT_ERROR", async () => {
    const { hub } = await setUp();
    const response = await hub.inject({ method: "POST", url: "/api/v1/envelopes", payload: { operation: "fake.slow", payload: { key: "k", seq: 0, delayMs: 200 }, wait: true, timeout_ms: 20 } });
    expect(response.statusCode).toBe(504);
    expect(response.json<{ error: { errorCode: string } }>().error.errorCode).toBe("TIMEOUT_ERROR");
  });

  it("lists handlers, nodes, circuits and answers unknown routes with a JSON 404", async () => {
    const { hub } = await setUp();
    expect((await hub.inject({ method: "GET", url: "/api/v1/handlers" })).json()).toEqual({
      handlers: [{ handlerType: "fake", operations: ["fake.echo", "fake.fail", "fake.slow", "fake.block"], version: "1.0.0", description: "test handler", backend: "fake (memory)", status: "started" }],
    });
    expect((await hub.inject({ method: "GET", url: "/api/v1/nodes" })).json()).toEqual({ nodes: [] });
    expect((await hub.inject({ method: "GET", url: "/api/v1/circuits" })).json()).toEqual({ circuits: [{ name: "fake", state: "closed" }] });
    const missing = await hub.inject({ method: "GET", url: "/api/v1/nothing" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ error: { errorCode: string } }>().error.errorCode).toBe("RESOURCE_NOT_FOUND");
  });

  it("lists dead-letter entries and replays one to its original topic", async () => {
    const { fixture, hub } = await setUp();
    const correlationId = randomUUID();
    await fixture.bus.publish(fixture.host.topics.input, { key: "k", value: JSON.stringify({ correlation_id: correlationId }), headers: { "x-correlation-id": correlationId } });
    await fixture.waitForResponses(1);
    const listed = (await hub.inject({ method: "GET", url: "/api/v1/dlq?limit=10" })).json<{ entries: { entryId: string; metadata: { correlationId: string; originalTopic: string } }[] }>();
    expect(listed.entries).toHaveLength(1);
    const entry = listed.entries[0];
    expect(entry?.metadata).toMatchObject({ correlationId, originalTopic: fixture.host.topics.input });
    const replay = await hub.inject({ method: "POST", url: `/api/v1/dlq/${entry?.entryId ?? ""}/replay` });
    expect(replay.statusCode).toBe(202);
    // The replayed message is still malformed: it is dead-lettered and answered again.
    await fixture.waitForResponses(2);
    expect(fixture.host.dlq?.size).toBe(2);
    const unknown = await hub.inject({ method: "POST", url: "/api/v1/dlq/nope/replay" });
    expect(unknown.statusCode).toBe(404);
  });
});
