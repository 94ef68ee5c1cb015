// Throughput of the in-memory bus, publish -> consume through one subscriber, against a baseline measured in the
// same process: the envelope codec alone (encode + decode, the work every delivered envelope needs anyway).
// Run: pnpm bench (packages/infra). Prints messages per second and the ratio; asserts only that nothing was lost.
import { createEventEnvelope, type ModelEventEnvelope } from "@onex/core";
import { expect, it } from "vitest";
import { EventBusInmemory } from "../src/event-bus/event-bus-inmemory.js";
import { decodeEnvelope, encodeEnvelope } from "../src/event-bus/util-envelope-codec.js";

const COUNT = 50_000;
const ROUNDS = 3;
const TOPIC = "bench.onex.evt.bench.messages.v1";

function envelopes(count: number): ModelEventEnvelope[] {
  return Array.from({ length: count }, (_, i) =>
    createEventEnvelope({ event_type: "bench.message", source: "bench", payload: { i, name: `item-${i}`, tags: ["a", "b"] } }),
  );
}

function codecOnly(batch: readonly ModelEventEnvelope[]): number {
  const start = performance.now();
  let offset = 0;
  for (const e of batch) {
    const encoded = encodeEnvelope(e);
    decodeEnvelope(encoded.value, encoded.headers, { topic: TOPIC, partition: 0, offset: String(offset++) });
  }
  return performance.now() - start;
}

async function throughBus(batch: readonly ModelEventEnvelope[]): Promise<number> {
  const bus = new EventBusInmemory({ maxMessagesPerTopic: COUNT });
  await bus.start();
  let received = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  await bus.subscribe(TOPIC, "bench", () => {
    received += 1;
    if (received === batch.length) done();
    return Promise.resolve();
  });
  const start = performance.now();
  for (const e of batch) await bus.publishEnvelope(TOPIC, e);
  await finished;
  const elapsed = performance.now() - start;
  await bus.shutdown();
  expect(received).toBe(batch.length);
  return elapsed;
}

const perSecond = (ms: number): number => Math.round((COUNT / ms) * 1000);

it(`moves ${COUNT} envelopes publish -> consume through EventBusInmemory`, async () => {
  const batch = envelopes(COUNT);
  codecOnly(batch.slice(0, 5_000));
  await throughBus(batch.slice(0, 5_000));
  const codec: number[] = [];
  const bus: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    codec.push(codecOnly(batch));
    bus.push(await throughBus(batch));
  }
  const best = (xs: number[]): number => Math.min(...xs);
  const codecRate = perSecond(best(codec));
  const busRate = perSecond(best(bus));
  console.log(
    [
      `event bus (in memory), ${COUNT} envelopes, best of ${ROUNDS}, Node ${process.version}`,
      `  baseline codec encode+decode : ${codecRate.toLocaleString("en-US")} msg/s`,
      `  bus publish -> consume       : ${busRate.toLocaleString("en-US")} msg/s`,
      `  bus / codec                  : ${(busRate / codecRate).toFixed(2)}x`,
    ].join("\n"),
  );
});
