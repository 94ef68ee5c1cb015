import { describe, expect, it } from "vitest";
import { ModelEventEnvelope, ModelOnexError, type ValidationIssue, createEventEnvelope, deriveEnvelope, parseModel } from "../src/index.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function sequentialIds(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;
}

const fixedClock = (): Date => new Date("2025-01-02T03:04:05.678Z");

describe("createEventEnvelope", () => {
  it("fills ids, time and defaults, and produces a valid envelope", () => {
    const envelope = createEventEnvelope({ event_type: "node.registered", source: "node_registry", payload: { node_id: "n1" } });
    expect(envelope.envelope_id).toMatch(UUID_V4);
    expect(envelope.correlation_id).toMatch(UUID_V4);
    expect(envelope.correlation_id).not.toBe(envelope.envelope_id);
    expect(Number.isNaN(Date.parse(envelope.timestamp))).toBe(false);
    expect(envelope).toMatchObject({
      causation_id: null,
      operation: null,
      retry_count: 0,
      max_retries: 3,
      trace_context: {},
      metadata: {},
      payload: { node_id: "n1" },
    });
    expect(ModelEventEnvelope.parse(envelope)).toEqual(envelope);
  });

  it("propagates a given correlation id and keeps operation, causation, retries, metadata and trace context", () => {
    const envelope = createEventEnvelope(
      {
        event_type: "db.query.requested",
        source: "runtime",
        payload: { sql: "select 1" },
        operation: "db.query",
        correlation_id: "corr-from-http-header",
        causation_id: "11111111-1111-4111-8111-111111111111",
        max_retries: 5,
        metadata: { tenant: "t1" },
        trace_context: { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
      },
      { newId: sequentialIds(), now: fixedClock },
    );
    expect(envelope).toEqual({
      envelope_id: "00000000-0000-4000-8000-000000000001",
      correlation_id: "corr-from-http-header",
      causation_id: "11111111-1111-4111-8111-111111111111",
      operation: "db.query",
      event_type: "db.query.requested",
      source: "runtime",
      timestamp: "2025-01-02T03:04:05.678Z",
      payload: { sql: "select 1" },
      retry_count: 0,
      max_retries: 5,
      trace_context: { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
      metadata: { tenant: "t1" },
    });
  });

  it.each([undefined, null, ""])("creates a new correlation id when given %j", (correlation_id) => {
    const envelope = createEventEnvelope({ event_type: "e", source: "s", payload: {}, correlation_id }, { newId: sequentialIds() });
    expect(envelope.correlation_id).toBe("00000000-0000-4000-8000-000000000001");
    expect(envelope.envelope_id).toBe("00000000-0000-4000-8000-000000000002");
  });

  it("copies payload and metadata so later mutation of the input does not change the envelope", () => {
    const payload: Record<string, unknown> = { a: 1 };
    const metadata: Record<string, string> = { k: "v" };
    const envelope = createEventEnvelope({ event_type: "e", source: "s", payload, metadata });
    payload["a"] = 2;
    metadata["k"] = "changed";
    expect(envelope.payload).toEqual({ a: 1 });
    expect(envelope.metadata).toEqual({ k: "v" });
  });

  it("rejects bad fields with a VALIDATION_ERROR naming each of them, carrying the correlation id", () => {
    let caught: unknown;
    try {
      createEventEnvelope({ event_type: "", source: "", payload: {}, operation: "DB Query", correlation_id: "corr-1", max_retries: -1 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ModelOnexError);
    const error = caught as ModelOnexError;
    expect(error.errorCode).toBe("VALIDATION_ERROR");
    expect(error.correlationId).toBe("corr-1");
    const paths = (error.context["issues"] as ValidationIssue[]).map((issue) => issue.path);
    expect(paths).toEqual(["operation", "event_type", "source", "max_retries"]);
    expect(error.message).toContain('at "operation": must be a dotted lowercase operation such as db.query');
  });
});

describe("ModelEventEnvelope", () => {
  const valid = createEventEnvelope({ event_type: "e", source: "s", payload: {}, operation: "consul.kv.put" });

  it.each(["db.query", "consul.kv.put", "vault.secret_read", "a1.b2"])("accepts the dotted lowercase operation %j", (operation) => {
    expect(ModelEventEnvelope.safeParse({ ...valid, operation }).success).toBe(true);
  });

  it.each(["db", "Db.query", "db.", ".query", "db..query", "db.query!", "1db.query", "db.Query"])("rejects the operation %j", (operation) => {
    expect(ModelEventEnvelope.safeParse({ ...valid, operation }).success).toBe(false);
  });

  it("accepts a wire envelope with only required fields and fills the defaults", () => {
    const wire = JSON.parse(
      '{"envelope_id":"3b241101-e2bb-4255-8caf-4136c566a962","correlation_id":"c","event_type":"e","source":"s","timestamp":"2025-01-01T00:00:00+02:00","payload":{}}',
    ) as unknown;
    expect(parseModel(ModelEventEnvelope, wire, "envelope")).toMatchObject({ causation_id: null, operation: null, retry_count: 0, max_retries: 3, trace_context: {}, metadata: {} });
  });

  it("rejects a malformed wire envelope naming every bad field", () => {
    const wire = { envelope_id: "not-a-uuid", correlation_id: "", event_type: "e", timestamp: "yesterday", payload: [], retry_count: -1, metadata: { n: 1 } };
    const result = ModelEventEnvelope.safeParse(wire);
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(["envelope_id", "correlation_id", "source", "timestamp", "payload", "retry_count", "metadata.n"]);
  });

  it("survives a JSON round trip unchanged", () => {
    expect(ModelEventEnvelope.parse(JSON.parse(JSON.stringify(valid)))).toEqual(valid);
  });
});

describe("deriveEnvelope", () => {
  const parent = createEventEnvelope(
    {
      event_type: "db.query.requested",
      source: "runtime",
      payload: { sql: "select 1" },
      operation: "db.query",
      metadata: { reply_to: "dev.onex.evt.runtime.responses.v1" },
      trace_context: { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
    },
    { newId: sequentialIds(), now: fixedClock },
  );

  it("keeps the correlation id, points causation at the parent and inherits the trace context", () => {
    const child = deriveEnvelope(parent, { event_type: "db.query.completed", source: "handler_db", payload: { rows: [] } });
    expect(child.correlation_id).toBe(parent.correlation_id);
    expect(child.causation_id).toBe(parent.envelope_id);
    expect(child.envelope_id).not.toBe(parent.envelope_id);
    expect(child.trace_context).toEqual(parent.trace_context);
    expect(child).toMatchObject({ operation: null, retry_count: 0, metadata: {}, payload: { rows: [] } });
  });

  it("chains: a grandchild is caused by the child and still shares the correlation id", () => {
    const child = deriveEnvelope(parent, { event_type: "c", source: "s", payload: {} });
    const grandchild = deriveEnvelope(child, { event_type: "g", source: "s", payload: {}, operation: "consul.register" });
    expect(grandchild.correlation_id).toBe(parent.correlation_id);
    expect(grandchild.causation_id).toBe(child.envelope_id);
    expect(grandchild.operation).toBe("consul.register");
  });

  it("does not inherit the retry count of a retried parent, and uses an explicit trace context when given", () => {
    const retried = { ...parent, retry_count: 2 };
    const child = deriveEnvelope(retried, { event_type: "c", source: "s", payload: {}, trace_context: { tracestate: "k=v" } });
    expect(child.retry_count).toBe(0);
    expect(child.trace_context).toEqual({ tracestate: "k=v" });
  });
});
