// At-least-once across a crash: the bus acknowledges an envelope only once it was processed, so an envelope whose
// handler was still running when its process died is delivered again to the next consumer of the group; the
// idempotency record is written only after the answer, so that redelivery is not mistaken for a duplicate.
import { createEventEnvelope, type ModelEventEnvelope } from "@onex/core";
import { EventBusInmemory, IdempotencyStoreInmemory } from "@onex/infra";
import type { ProtocolIdempotencyStore } from "@onex/spi";
import { afterEach, describe, expect, it } from "vitest";
import { RuntimeHost } from "../src/host/runtime-host.js";
import { CrashableBus } from "./support/crashable-bus.js";
import { FakeHandler } from "./support/fake-handler.js";
import { captureLogger, testConfig } from "./support/runtime-fixture.js";

const hosts: RuntimeHost[] = [];
const handlers: FakeHandler[] = [];

afterEach(async () => {
  for (const handler of handlers.splice(0)) handler.release();
  await Promise.all(hosts.splice(0).map((host) => host.stop(500)));
});

async function startProcess(bus: CrashableBus, idempotency: ProtocolIdempotencyStore, name: string): Promise<{ host: RuntimeHost; handler: FakeHandler }> {
  const handler = new FakeHandler();
  handlers.push(handler);
  const host = new RuntimeHost({
    config: testConfig({ drain_timeout_ms: 1_000 }),
    logger: captureLogger().logger,
    instanceId: name,
    components: { bus, idempotency, handlers: [{ handler }] },
  });
  hosts.push(host);
  await host.start();
  return { host, handler };
}

function collect(bus: EventBusInmemory, topic: string): Promise<ModelEventEnvelope[]> {
  const seen: ModelEventEnvelope[] = [];
  return bus
    .subscribe(topic, "collector", (envelope) => {
      seen.push(envelope);
      return Promise.resolve();
    })
    .then(() => seen);
}

function command(operation: string): ModelEventEnvelope {
  return createEventEnvelope({ event_type: "test.requested", source: "test", operation, payload: {} });
}

describe("at-least-once delivery of commands", () => {
  it("keeps an envelope unacknowledged while its handler runs and delivers it again after the process crashed", async () => {
    const shared = new EventBusInmemory();
    await shared.start();
    const idempotency = new IdempotencyStoreInmemory();
    const firstBus = new CrashableBus(shared);
    const first = await startProcess(firstBus, idempotency, "first");
    const responses = await collect(shared, first.host.topics.output);
    const { input } = first.host.topics;
    const group = first.host.config.bus.group_id;

    const blocked = command("fake.block");
    await shared.publishEnvelope(input, blocked);
    await expect.poll(() => first.handler.calls.length).toBe(1);
    // Admitted and running, but not acknowledged: a crash now must not lose it.
    expect(shared.committedOffset(input, group)).toBe(0);

    await firstBus.crash();
    expect(shared.committedOffset(input, group)).toBe(0);
    expect(responses).toEqual([]);

    const second = await startProcess(new CrashableBus(shared), idempotency, "second");
    second.handler.release();
    await expect.poll(() => responses.length).toBe(1);
    expect(second.handler.calls.map((c) => c.envelope_id)).toEqual([blocked.envelope_id]);
    expect(responses[0]).toMatchObject({ event_type: "fake.block.completed", causation_id: blocked.envelope_id, payload: { released: true } });
    expect(shared.committedOffset(input, group)).toBe(1);
    expect(await idempotency.isProcessed("runtime", blocked.envelope_id)).toBe(true);
  });

  it("redelivers an envelope whose answer could not be published instead of acknowledging it", async () => {
    const shared = new EventBusInmemory();
    await shared.start();
    const bus = new CrashableBus(shared);
    const { host, handler } = await startProcess(bus, new IdempotencyStoreInmemory(), "only");
    const responses = await collect(shared, host.topics.output);
    bus.failPublishes.set(host.topics.output, 1);

    const echo = command("fake.echo");
    await shared.publishEnvelope(host.topics.input, echo);
    await expect.poll(() => responses.length).toBe(1);
    // Run twice (at-least-once), answered once, acknowledged after the answer.
    expect(handler.calls.map((c) => c.envelope_id)).toEqual([echo.envelope_id, echo.envelope_id]);
    expect(responses[0]).toMatchObject({ event_type: "fake.echo.completed", causation_id: echo.envelope_id });
    await expect.poll(() => shared.committedOffset(host.topics.input, host.config.bus.group_id)).toBe(1);
    expect(host.dlq?.list()).toEqual([]);
  });
});
