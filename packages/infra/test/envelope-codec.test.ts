import { EnumCoreErrorCode, ModelOnexError, createEventEnvelope, type ModelEventEnvelope } from "@onex/core";
import { describe, expect, it } from "vitest";
import { EnvelopeValidationError } from "../src/errors/error-envelope-validation.js";
import { InfraConnectionError } from "../src/errors/error-infra-connection.js";
import { DLQ_EVENT_TYPE, ModelDlqRecord, buildDlqEnvelope, buildDlqRecord, describeFailure } from "../src/event-bus/model-dlq-record.js";
import { ENVELOPE_DECODE_FAILURE, decodeEnvelope, encodeEnvelope, headersToStrings } from "../src/event-bus/util-envelope-codec.js";
import { dlqTopicFor } from "../src/event-bus/util-topic-names.js";

const where = { topic: "dev.onex.evt.registry.node_registered.v1", partition: 3, offset: "1234" };

function sample(overrides: Partial<Parameters<typeof createEventEnvelope>[0]> = {}): ModelEventEnvelope {
  return createEventEnvelope({ event_type: "node.registered", source: "registry", payload: { node_id: "n-1", tags: ["a"] }, ...overrides });
}

function decodeError(fn: () => unknown): EnvelopeValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof EnvelopeValidationError) return error;
    throw error;
  }
  throw new Error("expected an EnvelopeValidationError");
}

function expectNamesLocation(error: EnvelopeValidationError): void {
  expect(error.message).toContain(`topic "${where.topic}" partition 3 offset 1234`);
  expect(error.context).toMatchObject({ topic: where.topic, partition: 3, offset: "1234" });
  expect(error.errorCode).toBe(EnumCoreErrorCode.VALIDATION_ERROR);
  expect(error.isRetryable).toBe(false);
}

describe("encodeEnvelope", () => {
  it("writes the envelope as JSON UTF-8 with string headers, keyed by its correlation id", () => {
    const envelope = sample({
      operation: "db.query",
      correlation_id: "corr-1",
      trace_context: { traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", tracestate: "v=1" },
    });
    const encoded = encodeEnvelope(envelope);
    expect(encoded.key).toBe("corr-1");
    expect(JSON.parse(encoded.value.toString("utf8"))).toEqual(envelope);
    expect(encoded.headers).toEqual({
      "x-correlation-id": "corr-1",
      "x-message-id": envelope.envelope_id,
      "x-event-type": "node.registered",
      "x-retry-count": "0",
      "x-operation": "db.query",
      traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      tracestate: "v=1",
      "content-type": "application/json",
    });
  });

  it("omits operation and trace headers that are not set, and honours an explicit or null key", () => {
    const envelope = sample();
    expect(Object.keys(encodeEnvelope(envelope).headers).sort()).toEqual(["content-type", "x-correlation-id", "x-event-type", "x-message-id", "x-retry-count"]);
    expect(encodeEnvelope(envelope, { key: "k" }).key).toBe("k");
    expect(encodeEnvelope(envelope, { key: null }).key).toBeNull();
  });

  it("refuses an invalid envelope, naming every bad field", () => {
    const bad = { ...sample(), envelope_id: "nope", retry_count: -1 };
    const error = decodeError(() => encodeEnvelope(bad));
    expect(error.message).toContain('"envelope_id"');
    expect(error.message).toContain('"retry_count"');
    expect(error.context.reason).toBe(ENVELOPE_DECODE_FAILURE.SCHEMA);
  });

  it("refuses an envelope larger than maxBytes with reason PAYLOAD_TOO_LARGE", () => {
    const error = decodeError(() => encodeEnvelope(sample({ payload: { blob: "x".repeat(2000) } }), { maxBytes: 1000 }));
    expect(error.context).toMatchObject({ reason: EnumCoreErrorCode.PAYLOAD_TOO_LARGE, maxBytes: 1000 });
  });
});

describe("decodeEnvelope", () => {
  it("round-trips an encoded envelope from a Buffer, with kafkajs-style Buffer headers", () => {
    const envelope = sample({ operation: "consul.kv.put", metadata: { a: "b" } });
    const encoded = encodeEnvelope(envelope);
    const kafkaHeaders = Object.fromEntries(Object.entries(encoded.headers).map(([k, v]) => [k, Buffer.from(v)]));
    expect(decodeEnvelope(encoded.value, kafkaHeaders, where)).toEqual(envelope);
    expect(decodeEnvelope(encoded.value.toString("utf8"), undefined, where)).toEqual(envelope);
  });

  it("fills fields missing from the body from the headers", () => {
    const { correlation_id: _c, envelope_id: _e, event_type: _t, ...body } = sample();
    const decoded = decodeEnvelope(JSON.stringify(body), {
      "x-correlation-id": "from-header",
      "x-message-id": "00000000-0000-4000-8000-000000000009",
      "x-event-type": ["from.header", "ignored"],
      traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    }, where);
    expect(decoded).toMatchObject({
      correlation_id: "from-header",
      envelope_id: "00000000-0000-4000-8000-000000000009",
      event_type: "from.header",
      trace_context: { traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" },
    });
  });

  it("takes the header retry count only when it is larger than the body's", () => {
    const body = JSON.stringify({ ...sample(), retry_count: 2 });
    expect(decodeEnvelope(body, { "x-retry-count": "5" }, where).retry_count).toBe(5);
    expect(decodeEnvelope(body, { "x-retry-count": "1" }, where).retry_count).toBe(2);
    expect(decodeEnvelope(body, { "x-retry-count": "lots" }, where).retry_count).toBe(2);
  });

  it("rejects a null value (tombstone), naming topic, partition and offset", () => {
    const error = decodeError(() => decodeEnvelope(null, { "x-correlation-id": "corr-tomb" }, where));
    expectNamesLocation(error);
    expect(error.context.reason).toBe(ENVELOPE_DECODE_FAILURE.NULL_VALUE);
    expect(error.correlationId).toBe("corr-tomb");
  });

  it("rejects a value over maxBytes with reason PAYLOAD_TOO_LARGE", () => {
    const error = decodeError(() => decodeEnvelope(Buffer.alloc(2048, 0x20), undefined, where, { maxBytes: 1024 }));
    expectNamesLocation(error);
    expect(error.context).toMatchObject({ reason: EnumCoreErrorCode.PAYLOAD_TOO_LARGE, sizeBytes: 2048, maxBytes: 1024 });
  });

  it("rejects bytes that are not UTF-8", () => {
    const error = decodeError(() => decodeEnvelope(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), undefined, where));
    expectNamesLocation(error);
    expect(error.message).toContain("not valid UTF-8");
  });

  it("rejects text that is not JSON without quoting the body", () => {
    const error = decodeError(() => decodeEnvelope('{"password": "hunter2", oops', undefined, where));
    expectNamesLocation(error);
    expect(error.message).toContain("not valid JSON");
    expect(error.message).not.toContain("hunter2");
    expect(error.context.reason).toBe(ENVELOPE_DECODE_FAILURE.INVALID_JSON);
  });

  it.each([
    ["[1,2]", "an array"],
    ["42", "a number"],
    ["null", "null"],
    ['"text"', "a string"],
  ])("rejects JSON %s that is not an object", (text, kind) => {
    const error = decodeError(() => decodeEnvelope(text, undefined, where));
    expectNamesLocation(error);
    expect(error.message).toContain(`JSON ${kind}`);
    expect(error.context.reason).toBe(ENVELOPE_DECODE_FAILURE.NOT_AN_OBJECT);
  });

  it("rejects a schema failure naming every bad field and keeping the body's correlation id", () => {
    const body = { ...sample({ correlation_id: "corr-bad" }), envelope_id: "not-a-uuid", retry_count: -1, operation: "DB Query" } as Record<string, unknown>;
    delete body.event_type;
    const error = decodeError(() => decodeEnvelope(JSON.stringify(body), undefined, where));
    expectNamesLocation(error);
    for (const field of ["envelope_id", "retry_count", "operation", "event_type"]) expect(error.message).toContain(`"${field}"`);
    expect(error.context.reason).toBe(ENVELOPE_DECODE_FAILURE.SCHEMA);
    expect(error.context.issues).toHaveLength(4);
    expect(error.correlationId).toBe("corr-bad");
  });

  it("converts raw headers to strings, taking the first of repeated values", () => {
    expect(headersToStrings({ a: Buffer.from("x"), b: ["y", "z"], c: undefined, d: "w" })).toEqual({ a: "x", b: "y", d: "w" });
  });
});

describe("dlqTopicFor", () => {
  it("replaces the category of an ONEX topic by dlq and suffixes any other name", () => {
    expect(dlqTopicFor("dev.onex.evt.registry.node_registered.v1")).toBe("dev.onex.dlq.registry.node_registered.v1");
    expect(dlqTopicFor("prod.onex.cmd.runtime.db_query.v2")).toBe("prod.onex.dlq.runtime.db_query.v2");
    expect(dlqTopicFor("orders")).toBe("orders.dlq");
    expect(dlqTopicFor("dev.onex.dlq.registry.node_registered.v1")).toBe("dev.onex.dlq.registry.node_registered.v1.dlq");
  });
});

describe("buildDlqRecord", () => {
  const base = { topic: "orders", partition: 0, offset: "7", key: "k", headers: {}, retryCount: 0, consumerGroup: "g" };

  it("keeps a non-UTF-8 value as base64, masks secret headers and sanitises the reason", () => {
    const record = buildDlqRecord({
      ...base,
      value: Buffer.from([0xff, 0x00, 0x01]),
      headers: { authorization: "Bearer abc.def", "x-correlation-id": Buffer.from("corr-h") },
      error: new Error("connect failed: postgres://app:s3cr3t-pw@db:5432/x password=s3cr3t-pw"),
    });
    expect(record).toMatchObject({ encoding: "base64", original_value: "/wAB", original_size_bytes: 3, correlation_id: "corr-h", error_type: "Error" });
    expect(record.original_headers).toEqual({ authorization: "***", "x-correlation-id": "corr-h" });
    expect(record.failure_reason).toContain("connect failed");
    expect(JSON.stringify(record)).not.toContain("s3cr3t-pw");
  });

  it("truncates a large value, records ONEX error codes and generates a correlation id when none is known", () => {
    const record = buildDlqRecord({ ...base, value: "x".repeat(100), maxValueBytes: 10, error: new InfraConnectionError("down") });
    expect(record).toMatchObject({ original_value: "x".repeat(8), original_value_truncated: true, original_size_bytes: 100, error_type: "InfraConnectionError", error_code: "SERVICE_UNAVAILABLE" });
    expect(record.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("bounds the value by its JSON form, so escapes and base64 cannot make the DLQ message too large", () => {
    const escaped = buildDlqRecord({ ...base, value: "\u0001".repeat(1000), maxValueBytes: 1000, error: new Error("x") });
    expect(Buffer.byteLength(JSON.stringify(escaped.original_value))).toBeLessThanOrEqual(1000);
    expect(escaped.original_value_truncated).toBe(true);
    const binary = buildDlqRecord({ ...base, value: Buffer.alloc(1000, 0xff), maxValueBytes: 1000, error: new Error("x") });
    expect(binary.encoding).toBe("base64");
    expect(Buffer.byteLength(JSON.stringify(binary.original_value))).toBeLessThanOrEqual(1000);
  });

  it("describes non-Error throws and plain ONEX errors", () => {
    expect(describeFailure("token=abc123 broke")).toEqual({ reason: "token=*** broke", type: "NonError", code: null });
    expect(describeFailure(new ModelOnexError("bad", { errorCode: EnumCoreErrorCode.INVALID_INPUT }))).toMatchObject({ type: "ModelOnexError", code: "INVALID_INPUT" });
  });

  it("wraps a record in a DLQ envelope with the original correlation and causation", () => {
    const original = sample();
    const record = buildDlqRecord({ ...base, value: encodeEnvelope(original).value, envelope: original, retryCount: 3, error: new Error("boom") });
    const dlq = buildDlqEnvelope(record, "bus");
    expect(dlq).toMatchObject({ event_type: DLQ_EVENT_TYPE, source: "bus", correlation_id: original.correlation_id, causation_id: original.envelope_id, max_retries: 0 });
    expect(ModelDlqRecord.parse(dlq.payload)).toEqual(record);
  });
});
