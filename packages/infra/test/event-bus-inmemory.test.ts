import { createEventEnvelope, type ModelEventEnvelope } from "@onex/core";
import type { ProtocolEventBusHandler } from "@onex/spi";
import { describe, expect, it } from "vitest";
import { currentCorrelationId } from "../src/correlation/util-correlation.js";
import { EnvelopeValidationError } from "../src/errors/error-envelope-validation.js";
import { InfraUnavailableError } from "../src/errors/error-infra-unavailable.js";
import { ProtocolConfigurationError } from "../src/errors/error-protocol-configuration.js";
import { EventBusInmemory } from "../src/event-bus/event-bus-inmemory.js";
import { ModelDlqRecord } from "../src/event-bus/model-dlq-record.js";
import { deferred, waitFor } from "./support/util-wait-for.js";

const TOPIC = "dev.onex.evt.test.things.v1";

function envelope(payload: Record<string, unknown> = {}, maxRetries?: number): ModelEventEnvelope {
  return createEventEnvelope({ event_type: "thing.happened", source: "test", payload, max_retries: maxRetries });
}

async function startedBus(options: ConstructorParameters<typeof EventBusInmemory>[0] = {}): Promise<EventBusInmemory> {
  const bus = new EventBusInmemory(options);
  await bus.start();
  return bus;
}

function counter(): { seen: ModelEventEnvelope[]; handler: ProtocolEventBusHandler } {
  const seen: ModelEventEnvelope[] = [];
  return { seen, handler: (e) => Promise.resolve(void seen.push(e)) };
}

describe("EventBusInmemory", () => {
  it("rejects publish and subscribe before start with an unavailable error that says to call start()", async () => {
    const bus = new EventBusInmemory();
    const error: unknown = await bus.publishEnvelope(TOPIC, envelope()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfraUnavailableError);
    expect((error as Error).message).toContain("call start() first");
    await expect(bus.subscribe(TOPIC, "g", counter().handler)).rejects.toBeInstanceOf(InfraUnavailableError);
  });

  it("keeps at most maxMessagesPerTopic messages, dropping the oldest while offsets keep increasing", async () => {
    const bus = await startedBus({ maxMessagesPerTopic: 3 });
    for (let i = 0; i < 5; i += 1) await bus.publish(TOPIC, { value: `m${i}` });
    expect(bus.messages(TOPIC).map((m) => [m.offset, m.value.toString()])).toEqual([
      [2, "m2"],
      [3, "m3"],
      [4, "m4"],
    ]);
    const sink = counter();
    await bus.subscribe(TOPIC, "late", sink.handler, { fromBeginning: true, dlqTopic: "dlq" });
    await waitFor(() => bus.committedOffset(TOPIC, "late") === 5);
    expect(bus.messages("dlq")).toHaveLength(3);
  });

  it("skips messages dropped by retention before a slow group read them, and reports how many", async () => {
    const bus = await startedBus({ maxMessagesPerTopic: 2 });
    const sink = counter();
    const unsubscribe = await bus.subscribe(TOPIC, "g", sink.handler);
    await unsubscribe();
    const sent = Array.from({ length: 5 }, (_, i) => envelope({ i }));
    for (const e of sent) await bus.publishEnvelope(TOPIC, e);
    expect(bus.lagOf(TOPIC, "g")).toBe(2);
    await bus.subscribe(TOPIC, "g", sink.handler);
    await waitFor(() => sink.seen.length === 2);
    expect(sink.seen.map((e) => e.payload.i)).toEqual([3, 4]);
    const groups = (await bus.health()).details.groups as { groupId: string; skippedByRetention: number }[];
    expect(groups.find((g) => g.groupId === "g")?.skippedByRetention).toBe(3);
  });

  it("reports topics, committed offsets and lag per group in health", async () => {
    const bus = await startedBus();
    const unsubscribe = await bus.subscribe(TOPIC, "idle", counter().handler);
    await unsubscribe();
    const active = counter();
    await bus.subscribe(TOPIC, "active", active.handler);
    for (let i = 0; i < 3; i += 1) await bus.publishEnvelope(TOPIC, envelope({ i }));
    await waitFor(() => active.seen.length === 3);
    const health = await bus.health();
    expect(health.healthy).toBe(true);
    expect(health.details).toMatchObject({ started: true, transport: "inmemory", topics: { [TOPIC]: { firstOffset: 0, nextOffset: 3, retained: 3 } } });
    expect(health.details.groups).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ groupId: "idle", committedOffset: 0, lag: 3, members: 0 }),
        expect.objectContaining({ groupId: "active", committedOffset: 3, lag: 0, members: 1 }),
      ]),
    );
  });

  it("never calls a handler inside publish, and runs it in the envelope's correlation scope", async () => {
    const bus = await startedBus();
    let insidePublish = false;
    const calls: { insidePublish: boolean; correlation: string | undefined }[] = [];
    await bus.subscribe(TOPIC, "g", () => Promise.resolve(void calls.push({ insidePublish, correlation: currentCorrelationId() })));
    const e = envelope();
    insidePublish = true;
    const published = bus.publishEnvelope(TOPIC, e);
    insidePublish = false;
    await published;
    await waitFor(() => calls.length === 1);
    expect(calls).toEqual([{ insidePublish: false, correlation: e.correlation_id }]);
  });

  it("delivers sequentially within a group and round-robins between its members", async () => {
    const bus = await startedBus();
    let running = 0;
    let maxRunning = 0;
    const perMember = [0, 0];
    const member = (index: 0 | 1): ProtocolEventBusHandler => async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((resolve) => setImmediate(resolve));
      perMember[index] = (perMember[index] ?? 0) + 1;
      running -= 1;
    };
    await bus.subscribe(TOPIC, "g", member(0));
    await bus.subscribe(TOPIC, "g", member(1));
    for (let i = 0; i < 10; i += 1) await bus.publishEnvelope(TOPIC, envelope({ i }));
    await waitFor(() => bus.committedOffset(TOPIC, "g") === 10);
    expect(maxRunning).toBe(1);
    expect(perMember).toEqual([5, 5]);
  });

  it("uses the envelope's max_retries when the subscription gives none, and the default DLQ topic", async () => {
    const bus = await startedBus();
    const attempts: number[] = [];
    await bus.subscribe(TOPIC, "g", (e) => {
      attempts.push(e.retry_count);
      return Promise.reject(new Error("always"));
    });
    const e = envelope({}, 1);
    await bus.publishEnvelope(TOPIC, e);
    await waitFor(() => bus.messages("dev.onex.dlq.test.things.v1").length === 1);
    expect(attempts).toEqual([0, 1]);
    const dlq = bus.messages("dev.onex.dlq.test.things.v1")[0];
    const record = ModelDlqRecord.parse((JSON.parse(dlq?.value.toString() ?? "{}") as { payload: unknown }).payload);
    expect(record).toMatchObject({ original_offset: "0", retry_count: 1, original_envelope_id: e.envelope_id, consumer_group: "g" });
    expect(bus.committedOffset(TOPIC, "g")).toBe(1);
  });

  it("refuses oversized messages, invalid topic names and invalid retry budgets", async () => {
    const bus = await startedBus({ maxMessageBytes: 100 });
    await expect(bus.publish(TOPIC, { value: "x".repeat(101) })).rejects.toBeInstanceOf(EnvelopeValidationError);
    await expect(bus.publish("bad topic!", { value: "x" })).rejects.toBeInstanceOf(ProtocolConfigurationError);
    await expect(bus.publish("{env}.onex.evt.test.things.v1", { value: "x" })).rejects.toBeInstanceOf(ProtocolConfigurationError);
    await expect(bus.subscribe(TOPIC, "g", counter().handler, { maxRetries: -1 })).rejects.toBeInstanceOf(ProtocolConfigurationError);
    await expect(bus.subscribe(TOPIC, "", counter().handler)).rejects.toBeInstanceOf(ProtocolConfigurationError);
  });

  it("waits in unsubscribe for the member's in-flight message and commits it", async () => {
    const bus = await startedBus();
    const started = deferred();
    const release = deferred();
    let finished = false;
    const unsubscribe = await bus.subscribe(TOPIC, "g", async () => {
      started.resolve();
      await release.promise;
      finished = true;
    });
    await bus.publishEnvelope(TOPIC, envelope());
    await started.promise;
    const leaving = unsubscribe();
    setImmediate(() => release.resolve());
    await leaving;
    expect(finished).toBe(true);
    expect(bus.committedOffset(TOPIC, "g")).toBe(1);
  });

  it("bounds shutdown by drainTimeoutMs when a handler never finishes, leaving its message uncommitted", async () => {
    const bus = await startedBus();
    const started = deferred();
    await bus.subscribe(TOPIC, "g", () => {
      started.resolve();
      return new Promise<void>(() => undefined);
    });
    await bus.publishEnvelope(TOPIC, envelope());
    await started.promise;
    await bus.shutdown({ drainTimeoutMs: 10 });
    expect((await bus.health()).details.state).toBe("stopped");
    expect(bus.committedOffset(TOPIC, "g")).toBe(0);
  });

  it("abandons a retrying message on shutdown and redelivers it to the group after a restart", async () => {
    const bus = await startedBus({ retryDelayMs: 5 });
    const failedOnce = deferred();
    await bus.subscribe(TOPIC, "g", () => {
      failedOnce.resolve();
      return Promise.reject(new Error("fails"));
    }, { maxRetries: 100 });
    const e = envelope();
    await bus.publishEnvelope(TOPIC, e);
    await failedOnce.promise;
    await bus.shutdown({ drainTimeoutMs: 1_000 });
    expect(bus.committedOffset(TOPIC, "g")).toBe(0);
    await bus.start();
    const sink = counter();
    await bus.subscribe(TOPIC, "g", sink.handler);
    await waitFor(() => sink.seen.length === 1);
    expect(sink.seen[0]?.envelope_id).toBe(e.envelope_id);
  });
});
