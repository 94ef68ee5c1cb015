// The behaviour every ProtocolEventBus must show, as one vitest suite that runs unchanged against the in-memory
// bus and the Kafka bus. It only uses the protocol (plus the shared codec and DLQ record model), polls with
// generous bounds (Kafka group joins take seconds) and gives every test its own topics and consumer groups.
import { createEventEnvelope, type ModelEventEnvelope } from "@onex/core";
import type { ProtocolEventBus, ProtocolEventBusHandler, ProtocolEventBusMessageMeta } from "@onex/spi";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DLQ_EVENT_TYPE, ModelDlqRecord } from "../../src/event-bus/model-dlq-record.js";
import { deferred, waitFor } from "./util-wait-for.js";

/** What a bus-specific test file supplies: a fresh (not yet started) bus, a topic namer and a cleanup. */
export interface EventBusConformanceFixture {
  readonly bus: ProtocolEventBus;
  /** A topic name unique to this fixture for `base` (same base, same name). */
  readonly topic: (base: string) => string;
  /** Shuts the bus down (idempotent) and removes what the fixture created. */
  readonly cleanup: () => Promise<void>;
}

const TEST_TIMEOUT_MS = 120_000;
const SECRET = "hunter2-Sup3rSecret";

interface Received {
  readonly envelope: ModelEventEnvelope;
  readonly meta: ProtocolEventBusMessageMeta;
}

function collector(): { received: Received[]; handler: ProtocolEventBusHandler } {
  const received: Received[] = [];
  return {
    received,
    handler: (envelope, meta) => {
      received.push({ envelope, meta });
      return Promise.resolve();
    },
  };
}

function envelope(payload: Record<string, unknown>, extra: { event_type?: string; correlation_id?: string } = {}): ModelEventEnvelope {
  return createEventEnvelope({ event_type: extra.event_type ?? "conformance.tested", source: "conformance", payload, correlation_id: extra.correlation_id });
}

let groupSeq = 0;
function group(base: string): string {
  groupSeq += 1;
  return `${base}-${process.pid}-${Date.now().toString(36)}-${groupSeq}`;
}

/**
 * Registers the conformance suite for one bus. `makeBus` is called before every test; the suite starts the bus
 * itself (except in the test about publishing before start) and calls `cleanup` after every test.
 */
export function describeEventBusConformance(name: string, makeBus: () => Promise<EventBusConformanceFixture>): void {
  describe(`${name}: ProtocolEventBus conformance`, () => {
    let fixture: EventBusConformanceFixture;
    let bus: ProtocolEventBus;

    beforeEach(async () => {
      fixture = await makeBus();
      bus = fixture.bus;
    }, TEST_TIMEOUT_MS);

    afterEach(async () => {
      await fixture.cleanup();
    }, TEST_TIMEOUT_MS);

    async function readDlq(dlqTopic: string): Promise<Received[]> {
      const dlq = collector();
      await bus.subscribe(dlqTopic, group("dlq-reader"), dlq.handler, { fromBeginning: true });
      return dlq.received;
    }

    it("rejects publishing before start and reports unhealthy until started", async () => {
      const topic = fixture.topic("not-started");
      await expect(bus.publishEnvelope(topic, envelope({ n: 1 }))).rejects.toThrow();
      expect((await bus.health()).healthy).toBe(false);
      await bus.start();
      expect((await bus.health()).healthy).toBe(true);
    }, TEST_TIMEOUT_MS);

    it("delivers a published envelope intact, keyed by its correlation id unless a key is given", async () => {
      await bus.start();
      const topic = fixture.topic("round-trip");
      const sink = collector();
      await bus.subscribe(topic, group("round-trip"), sink.handler, { fromBeginning: true });
      const first = createEventEnvelope({
        event_type: "db.query.requested",
        source: "conformance",
        payload: { sql: "select 1", params: [1, "two", null], nested: { ok: true } },
        operation: "db.query",
        causation_id: "00000000-0000-4000-8000-000000000001",
        metadata: { tenant: "t-1" },
        trace_context: { traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", tracestate: "vendor=abc" },
      });
      const second = envelope({ n: 2 });
      await bus.publishEnvelope(topic, first);
      await bus.publishEnvelope(topic, second, "explicit-key");
      await waitFor(() => sink.received.length >= 2, { description: "two envelopes" });
      const byId = new Map(sink.received.map((r) => [r.envelope.envelope_id, r]));
      const got = byId.get(first.envelope_id);
      expect(got?.envelope).toEqual(first);
      expect(got?.meta.topic).toBe(topic);
      expect(got?.meta.key).toBe(first.correlation_id);
      expect(Number.isInteger(got?.meta.partition)).toBe(true);
      expect(got?.meta.offset).toMatch(/^\d+$/);
      expect(byId.get(second.envelope_id)?.meta.key).toBe("explicit-key");
      expect(sink.received).toHaveLength(2);
    }, TEST_TIMEOUT_MS);

    it("fills fields missing from a raw message body from its headers, and a larger header retry count wins", async () => {
      await bus.start();
      const topic = fixture.topic("headers");
      const sink = collector();
      await bus.subscribe(topic, group("headers"), sink.handler, { fromBeginning: true, maxRetries: 0 });
      const { correlation_id: _c, event_type: _e, ...body } = envelope({ from: "raw" });
      await bus.publish(topic, {
        key: "raw-key",
        value: JSON.stringify({ ...body, retry_count: 1 }),
        headers: { "x-correlation-id": "corr-from-header", "x-event-type": "conformance.from_header", "x-retry-count": "2" },
      });
      await waitFor(() => sink.received.length >= 1, { description: "the raw message" });
      expect(sink.received[0]?.envelope).toMatchObject({
        envelope_id: body.envelope_id,
        correlation_id: "corr-from-header",
        event_type: "conformance.from_header",
        retry_count: 2,
        payload: { from: "raw" },
      });
      expect(sink.received[0]?.meta.key).toBe("raw-key");
    }, TEST_TIMEOUT_MS);

    it("gives every consumer group every message, and shares them among the members of one group without duplicates", async () => {
      await bus.start();
      const topic = fixture.topic("groups");
      const [groupA, groupB] = [group("groups-a"), group("groups-b")];
      const a = collector();
      const b1 = collector();
      const b2 = collector();
      await bus.subscribe(topic, groupA, a.handler, { fromBeginning: true });
      await bus.subscribe(topic, groupB, b1.handler, { fromBeginning: true });
      await bus.subscribe(topic, groupB, b2.handler, { fromBeginning: true });
      const sent = Array.from({ length: 12 }, (_, i) => envelope({ i }));
      for (const e of sent) await bus.publishEnvelope(topic, e);
      const ids = (received: readonly Received[]): Set<string> => new Set(received.map((r) => r.envelope.envelope_id));
      await waitFor(() => ids(a.received).size === sent.length && ids([...b1.received, ...b2.received]).size === sent.length, {
        description: "both groups to receive all messages",
      });
      expect(a.received).toHaveLength(sent.length);
      expect(b1.received.length + b2.received.length).toBe(sent.length);
      expect(ids(a.received)).toEqual(new Set(sent.map((e) => e.envelope_id)));
    }, TEST_TIMEOUT_MS);

    it("delivers the messages of one key in publish order", async () => {
      await bus.start();
      const topic = fixture.topic("order");
      const sink = collector();
      await bus.subscribe(topic, group("order"), sink.handler, { fromBeginning: true });
      const keys = ["k-a", "k-b", "k-c"];
      for (let seq = 0; seq < 15; seq += 1) {
        for (const key of keys) await bus.publishEnvelope(topic, envelope({ key, seq }), key);
      }
      await waitFor(() => sink.received.length >= 45, { description: "45 messages" });
      for (const key of keys) {
        const seqs = sink.received.filter((r) => r.meta.key === key).map((r) => r.envelope.payload.seq);
        expect(seqs).toEqual(Array.from({ length: 15 }, (_, i) => i));
      }
    }, TEST_TIMEOUT_MS);

    it("retries a failing handler with an incremented retry_count until it succeeds", async () => {
      await bus.start();
      const topic = fixture.topic("retry");
      const attempts: number[] = [];
      let done = false;
      await bus.subscribe(
        topic,
        group("retry"),
        (e) => {
          attempts.push(e.retry_count);
          if (attempts.length < 3) return Promise.reject(new Error(`transient failure ${attempts.length}`));
          done = true;
          return Promise.resolve();
        },
        { fromBeginning: true, maxRetries: 3, dlqTopic: fixture.topic("retry-dlq") },
      );
      await bus.publishEnvelope(topic, envelope({ n: 1 }));
      await waitFor(() => done, { description: "the third attempt to succeed" });
      expect(attempts).toEqual([0, 1, 2]);
    }, TEST_TIMEOUT_MS);

    it("writes a message whose retries are exhausted to the DLQ with its origin and a sanitised reason, then moves on", async () => {
      await bus.start();
      const topic = fixture.topic("exhausted");
      const dlqTopic = fixture.topic("exhausted-dlq");
      const groupId = group("exhausted");
      const failed: Received[] = [];
      const processed: Received[] = [];
      await bus.subscribe(
        topic,
        groupId,
        (e, meta) => {
          if (e.payload.fail === true) {
            failed.push({ envelope: e, meta });
            return Promise.reject(new Error(`insert failed: password=${SECRET} dsn=postgres://app:${SECRET}@db:5432/orders`));
          }
          processed.push({ envelope: e, meta });
          return Promise.resolve();
        },
        { fromBeginning: true, maxRetries: 2, dlqTopic },
      );
      const dlq = await readDlq(dlqTopic);
      const poison = envelope({ fail: true });
      const healthy = envelope({ fail: false });
      await bus.publishEnvelope(topic, poison, "order-1");
      await bus.publishEnvelope(topic, healthy, "order-1");
      await waitFor(() => processed.length >= 1 && dlq.length >= 1, { description: "the DLQ record and the next message" });

      expect(failed.map((r) => r.envelope.retry_count)).toEqual([0, 1, 2]);
      expect(processed[0]?.envelope.envelope_id).toBe(healthy.envelope_id);
      const dlqEnvelope = dlq[0]?.envelope;
      expect(dlqEnvelope?.event_type).toBe(DLQ_EVENT_TYPE);
      expect(dlqEnvelope?.correlation_id).toBe(poison.correlation_id);
      expect(dlqEnvelope?.causation_id).toBe(poison.envelope_id);
      const record = ModelDlqRecord.parse(dlqEnvelope?.payload);
      const origin = failed[0]?.meta;
      expect(record).toMatchObject({
        original_topic: topic,
        original_partition: origin?.partition,
        original_offset: origin?.offset,
        original_key: "order-1",
        encoding: "utf8",
        original_envelope_id: poison.envelope_id,
        error_type: "Error",
        retry_count: 2,
        correlation_id: poison.correlation_id,
        consumer_group: groupId,
      });
      expect((JSON.parse(record.original_value ?? "null") as { envelope_id?: unknown }).envelope_id).toBe(poison.envelope_id);
      expect(record.original_headers["x-message-id"]).toBe(poison.envelope_id);
      expect(record.failure_reason).toContain("insert failed");
      expect(JSON.stringify(dlqEnvelope)).not.toContain(SECRET);
      expect(Number.isNaN(Date.parse(record.failed_at))).toBe(false);
    }, TEST_TIMEOUT_MS);

    it("sends undecodable messages to the DLQ without calling the handler and keeps consuming later messages", async () => {
      await bus.start();
      const topic = fixture.topic("poison");
      const dlqTopic = fixture.topic("poison-dlq");
      const sink = collector();
      await bus.subscribe(topic, group("poison"), sink.handler, { fromBeginning: true, dlqTopic });
      const dlq = await readDlq(dlqTopic);
      await bus.publish(topic, { key: "p", value: "{not json", headers: { "x-correlation-id": "poison-corr-1" } });
      await bus.publish(topic, { key: "p", value: JSON.stringify({ hello: "world" }) });
      const good = envelope({ n: 1 });
      await bus.publishEnvelope(topic, good, "p");
      await waitFor(() => sink.received.length >= 1 && dlq.length >= 2, { description: "two DLQ records and the good message" });

      expect(sink.received.map((r) => r.envelope.envelope_id)).toEqual([good.envelope_id]);
      const records = dlq.map((r) => ModelDlqRecord.parse(r.envelope.payload));
      const notJson = records.find((r) => r.original_value === "{not json");
      const badSchema = records.find((r) => r.original_value === JSON.stringify({ hello: "world" }));
      expect(notJson).toMatchObject({ original_topic: topic, original_key: "p", error_type: "EnvelopeValidationError", error_code: "VALIDATION_ERROR", retry_count: 0, correlation_id: "poison-corr-1" });
      expect(notJson?.failure_reason).toContain(topic);
      expect(notJson?.failure_reason).toContain(`offset ${notJson?.original_offset}`);
      expect(badSchema?.failure_reason).toMatch(/envelope_id/);
      expect(badSchema?.failure_reason).toMatch(/event_type/);
      expect(badSchema?.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
    }, TEST_TIMEOUT_MS);

    it("continues a resubscribing group after its last acknowledged message, without loss or redelivery", async () => {
      await bus.start();
      const topic = fixture.topic("resume");
      const groupId = group("resume");
      const first = collector();
      const unsubscribe = await bus.subscribe(topic, groupId, first.handler, { fromBeginning: true });
      const sent = Array.from({ length: 4 }, (_, i) => envelope({ i }));
      await bus.publishEnvelope(topic, sent[0] as ModelEventEnvelope, "resume");
      await bus.publishEnvelope(topic, sent[1] as ModelEventEnvelope, "resume");
      await waitFor(() => first.received.length >= 2, { description: "the first two messages" });
      await unsubscribe();
      await unsubscribe();
      await bus.publishEnvelope(topic, sent[2] as ModelEventEnvelope, "resume");
      await bus.publishEnvelope(topic, sent[3] as ModelEventEnvelope, "resume");
      const second = collector();
      await bus.subscribe(topic, groupId, second.handler, { fromBeginning: true });
      await waitFor(() => second.received.length >= 2, { description: "the messages published while away" });
      expect(first.received.map((r) => r.envelope.envelope_id)).toEqual([sent[0]?.envelope_id, sent[1]?.envelope_id]);
      expect(second.received.map((r) => r.envelope.envelope_id)).toEqual([sent[2]?.envelope_id, sent[3]?.envelope_id]);
    }, TEST_TIMEOUT_MS);

    it("starts a new group at the latest offset unless fromBeginning is set", async () => {
      await bus.start();
      const topic = fixture.topic("latest");
      const before = envelope({ when: "before" });
      await bus.publishEnvelope(topic, before, "latest");
      const latest = collector();
      const earliest = collector();
      await bus.subscribe(topic, group("latest"), latest.handler);
      await bus.subscribe(topic, group("earliest"), earliest.handler, { fromBeginning: true });
      const after = envelope({ when: "after" });
      await bus.publishEnvelope(topic, after, "latest");
      await waitFor(() => latest.received.length >= 1 && earliest.received.length >= 2, { description: "both groups" });
      expect(latest.received.map((r) => r.envelope.envelope_id)).toEqual([after.envelope_id]);
      expect(earliest.received.map((r) => r.envelope.envelope_id)).toEqual([before.envelope_id, after.envelope_id]);
    }, TEST_TIMEOUT_MS);

    it("lets an in-flight handler finish during shutdown, then reports unhealthy and rejects publishing", async () => {
      await bus.start();
      const topic = fixture.topic("drain");
      const started = deferred();
      const release = deferred();
      let finished = false;
      await bus.subscribe(
        topic,
        group("drain"),
        async () => {
          started.resolve();
          await release.promise;
          await new Promise((resolve) => setTimeout(resolve, 50));
          finished = true;
        },
        { fromBeginning: true },
      );
      await bus.publishEnvelope(topic, envelope({ n: 1 }));
      await started.promise;
      const shutdown = bus.shutdown({ drainTimeoutMs: 30_000 });
      release.resolve();
      await shutdown;
      expect(finished).toBe(true);
      expect((await bus.health()).healthy).toBe(false);
      await expect(bus.publishEnvelope(topic, envelope({ n: 2 }))).rejects.toThrow();
      await bus.shutdown();
    }, TEST_TIMEOUT_MS);
  });
}
