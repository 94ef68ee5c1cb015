// EventBusKafka against raw kafkajs on the same broker, in one run: throughput of publish -> consume (20,000 small
// messages, sent in chunks of 500 by both: one kafkajs send of 500 messages vs 500 concurrent publishEnvelope calls
// that the bus coalesces) and end-to-end latency (timestamp in the payload -> handler) of messages sent one at a
// time. Both sides use an idempotent producer with acks=all and a consumer group committing after the batch.
// Prints a markdown table and writes it into BENCHMARKS.md ("Event bus (Kafka)"). No assertions on timings.
// Run: pnpm bench (packages/infra); needs the broker of the integration tests (ONEX_TEST_KAFKA_BROKERS or 9092).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createEventEnvelope, type ModelEventEnvelope } from "@onex/core";
import { Kafka, Partitioners, logLevel, type Admin } from "kafkajs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { EventBusKafka } from "../src/event-bus/event-bus-kafka.js";
import { envelopeHeaders } from "../src/event-bus/util-envelope-codec.js";

const BROKERS = (process.env.ONEX_TEST_KAFKA_BROKERS ?? "127.0.0.1:9092").split(",");
const COUNT = 20_000;
const CHUNK = 500;
const LATENCY_COUNT = 300;
/** Pause between the one-at-a-time sends of the latency phase: longer than a consumer commit round trip, so it
 * measures the pipeline and not a queue behind per-batch commits. */
const LATENCY_GAP_MS = 20;
const ROUNDS = 3;
const PARTITIONS = 3;
const RUN = `onex-bench-${process.pid}-${Date.now().toString(36)}`;
const BENCHMARKS_MD = path.resolve(import.meta.dirname, "../../../BENCHMARKS.md");
const START = "<!-- bench:event-bus-kafka:start -->";
const END = "<!-- bench:event-bus-kafka:end -->";

interface Run {
  readonly ms: number;
  readonly latencies: number[];
}

interface Result {
  readonly msgPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

const now = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
let admin: Admin;
let topicSeq = 0;

async function newTopic(label: string): Promise<string> {
  topicSeq += 1;
  const topic = `${RUN}.${label}.${topicSeq}`;
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }], waitForLeaders: true });
  return topic;
}

function envelopes(count: number): ModelEventEnvelope[] {
  return Array.from({ length: count }, (_, i) => createEventEnvelope({ event_type: "bench.kafka.message", source: "bench", payload: { i, name: `item-${i}`, ts: 0 } }));
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function waiter(total: number): { seen: (ts: number) => void; done: Promise<void>; latencies: number[] } {
  const latencies: number[] = [];
  let resolve: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolve = r));
  return {
    latencies,
    done,
    seen: (ts) => {
      latencies.push(now() - ts);
      if (latencies.length === total) resolve();
    },
  };
}

/**
 * Raw kafkajs: idempotent producer (acks=all), consumer with eachMessage and kafkajs's default auto-commit. With
 * `headers`, each message carries the same headers the bus writes (correlation id, message id, event type...).
 */
async function rawKafkajs(batch: readonly ModelEventEnvelope[], chunk: number, headers: boolean): Promise<Run> {
  const kafka = new Kafka({ clientId: `${RUN}-raw`, brokers: BROKERS, logLevel: logLevel.NOTHING });
  const topic = await newTopic("raw");
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = kafka.consumer({ groupId: `${topic}-group`, maxWaitTimeInMs: 500 });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const wait = waiter(batch.length);
  await consumer.run({
    eachMessage: ({ message }) => {
      const body = JSON.parse(message.value?.toString("utf8") ?? "{}") as { payload: { ts: number } };
      wait.seen(body.payload.ts);
      return Promise.resolve();
    },
  });
  const start = now();
  for (let i = 0; i < batch.length; i += chunk) {
    const messages = batch.slice(i, i + chunk).map((e, j) => {
      e.payload.ts = now();
      return { key: `key-${(i + j) % 64}`, value: JSON.stringify(e), ...(headers ? { headers: envelopeHeaders(e) } : {}) };
    });
    await producer.send({ topic, acks: -1, messages });
    if (chunk === 1) await sleep(LATENCY_GAP_MS);
  }
  await wait.done;
  const ms = now() - start;
  await consumer.disconnect();
  await producer.disconnect();
  return { ms, latencies: wait.latencies };
}

/** The same load through EventBusKafka.publishEnvelope / subscribe. */
async function throughBus(batch: readonly ModelEventEnvelope[], chunk: number): Promise<Run> {
  const bus = new EventBusKafka({ brokers: BROKERS, clientId: `${RUN}-bus` });
  await bus.start();
  const topic = await newTopic("bus");
  const wait = waiter(batch.length);
  await bus.subscribe(
    topic,
    `${topic}-group`,
    (e) => {
      wait.seen(e.payload.ts as number);
      return Promise.resolve();
    },
    { fromBeginning: true },
  );
  const start = now();
  for (let i = 0; i < batch.length; i += chunk) {
    await Promise.all(
      batch.slice(i, i + chunk).map((e, j) => {
        e.payload.ts = now();
        return bus.publishEnvelope(topic, e, `key-${(i + j) % 64}`);
      }),
    );
    if (chunk === 1) await sleep(LATENCY_GAP_MS);
  }
  await wait.done;
  const ms = now() - start;
  await bus.shutdown({ drainTimeoutMs: 5_000 });
  return { ms, latencies: wait.latencies };
}

function summarise(throughput: readonly Run[], latency: readonly Run[]): Result {
  const best = Math.min(...throughput.map((t) => t.ms));
  const sorted = latency.flatMap((l) => l.latencies).sort((a, b) => a - b);
  return { msgPerSec: Math.round((COUNT / best) * 1000), p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
}

function table(raw: Result, rawHeaders: Result, bus: Result): string {
  const fmt = (n: number): string => n.toLocaleString("en-US");
  const ms = (n: number): string => n.toFixed(2);
  const row = (name: string, r: Result): string =>
    `| ${name} | ${fmt(r.msgPerSec)} | ${(r.msgPerSec / raw.msgPerSec).toFixed(2)}x | ${(r.msgPerSec / rawHeaders.msgPerSec).toFixed(2)}x | ${ms(r.p50Ms)} | ${ms(r.p99Ms)} | ${ms(r.p99Ms - raw.p99Ms)} |`;
  return [
    "| path | msg/s | vs raw | vs raw + headers | p50 latency ms | p99 latency ms | p99 added vs raw ms |",
    "|---|---:|---:|---:|---:|---:|---:|",
    row("raw kafkajs, JSON value only (baseline)", raw),
    row("raw kafkajs, JSON value + the bus's headers", rawHeaders),
    row("`EventBusKafka` publishEnvelope -> subscribe", bus),
  ].join("\n");
}

function writeSection(markdown: string, notes: string): void {
  const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
  const content = [
    START,
    "## Event bus (Kafka)",
    "",
    `Run ${new Date().toISOString().slice(0, 10)} on Node ${process.version}, ${os.platform()}/${os.arch()}, ${os.cpus().length} cores (${cpu}), against the`,
    `local Apache Kafka 4.1.1 broker (KRaft, one node) shared with the test suites. Throughput: ${COUNT.toLocaleString("en-US")} small envelopes over`,
    `${PARTITIONS} partitions, published in chunks of ${CHUNK} (raw: one \`producer.send\` of ${CHUNK} messages; bus: ${CHUNK} concurrent`,
    "`publishEnvelope` calls, which the bus coalesces into one produce request) while one consumer group consumes; time",
    `from the first send to the last handler call, best of ${ROUNDS} rounds. Latency: ${LATENCY_COUNT.toLocaleString("en-US")} messages sent one at a time`,
    `(each publish awaited, then a ${LATENCY_GAP_MS} ms pause), timestamp in the payload to handler call, p50/p99 over all rounds. Both sides: idempotent`,
    "producer with acks=all; raw consumer `eachMessage` + `JSON.parse` with kafkajs auto-commit, bus consumer with its",
    "envelope validation (zod), correlation scope, retry/DLQ pipeline and explicit commits after each batch. Source:",
    "`packages/infra/bench/bench-event-bus-kafka.bench.ts`.",
    "",
    markdown,
    "",
    notes,
    END,
  ].join("\n");
  const current = existsSync(BENCHMARKS_MD) ? readFileSync(BENCHMARKS_MD, "utf8") : "# Benchmarks\n\nRun them with `pnpm --filter @onex/infra bench`.\n";
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const next = start >= 0 && end > start ? `${current.slice(0, start)}${content}${current.slice(end + END.length)}` : `${current.trimEnd()}\n\n${content}\n`;
  writeFileSync(BENCHMARKS_MD, next);
}

function notes(raw: Result, rawHeaders: Result, bus: Result): string {
  const pct = (x: number): string => `${Math.round(x * 100)}%`;
  return [
    `Where the gap to plain raw kafkajs comes from. In this run, sending the bus's five headers costs raw kafkajs`,
    `${pct(1 - rawHeaders.msgPerSec / raw.msgPerSec)} of its throughput (kafkajs encodes and decodes every header string itself; the raw + headers`,
    `row sends exactly the bus's wire format), and the bus reaches ${(bus.msgPerSec / rawHeaders.msgPerSec).toFixed(2)}x of that. CPU profiles of publish-only and`,
    "consume-only runs put most of the remainder in the envelope contract: `encodeEnvelope`/`decodeEnvelope` validate",
    "every envelope with zod at both ends, and the handler runs in an AsyncLocalStorage correlation scope (which turns",
    "on promise hooks for the whole process). The bus's own code (coalescing concurrent publishes into one produce",
    "request, one commit per batch, heartbeats only when due, offsets resolved at commit points) is a few percent of",
    "the profile. Per-message commits would dominate everything: a probe with `commitEveryMessages: 1` consumed 10,000",
    "messages in 61 s against 0.3-0.5 s with commits per batch. Both sides share one event loop, so the figures are",
    "CPU per message; absolute numbers move a lot with the load of the machine (other suites share the broker and the",
    `two cores): compare the ratios of one run. The p99 of ${(LATENCY_COUNT * ROUNDS).toLocaleString("en-US")} latency samples is their ${Math.ceil(LATENCY_COUNT * ROUNDS * 0.01)}th-slowest`,
    "value, so a single GC pause or scheduler hiccup moves it by milliseconds between runs; p50 is the stable figure.",
  ].join("\n");
}

beforeAll(async () => {
  admin = new Kafka({ clientId: `${RUN}-admin`, brokers: BROKERS, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
});

afterAll(async () => {
  const topics = (await admin.listTopics()).filter((t) => t.startsWith(RUN));
  if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.disconnect();
});

it(`compares EventBusKafka with raw kafkajs on ${COUNT} messages`, async () => {
  // Warm-up of both paths (JIT, connections, group coordinator).
  await rawKafkajs(envelopes(2_000), CHUNK, true);
  await throughBus(envelopes(2_000), CHUNK);
  const runs = { raw: [] as Run[], rawHeaders: [] as Run[], bus: [] as Run[] };
  const latency = { raw: [] as Run[], rawHeaders: [] as Run[], bus: [] as Run[] };
  for (let round = 0; round < ROUNDS; round += 1) {
    runs.raw.push(await rawKafkajs(envelopes(COUNT), CHUNK, false));
    runs.rawHeaders.push(await rawKafkajs(envelopes(COUNT), CHUNK, true));
    runs.bus.push(await throughBus(envelopes(COUNT), CHUNK));
    latency.raw.push(await rawKafkajs(envelopes(LATENCY_COUNT), 1, false));
    latency.rawHeaders.push(await rawKafkajs(envelopes(LATENCY_COUNT), 1, true));
    latency.bus.push(await throughBus(envelopes(LATENCY_COUNT), 1));
  }
  const raw = summarise(runs.raw, latency.raw);
  const rawHeaders = summarise(runs.rawHeaders, latency.rawHeaders);
  const bus = summarise(runs.bus, latency.bus);
  const markdown = table(raw, rawHeaders, bus);
  console.log(`\nEvent bus (Kafka)\n\n${markdown}\n`);
  writeSection(markdown, notes(raw, rawHeaders, bus));
  expect(raw.msgPerSec).toBeGreaterThan(0);
  expect(bus.msgPerSec).toBeGreaterThan(0);
}, 600_000);
