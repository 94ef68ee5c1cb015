// At-least-once delivery plus the PostgreSQL idempotency store gives exactly-once effects, also when the consumer
// process dies abruptly (SIGKILL, nothing committed on the way out) or is stopped with SIGTERM mid-stream (graceful
// drain: the in-flight message finishes and is committed). The consumer runs in a child process
// (test/fixtures/kafka/consumer-child.mjs, importing the built @onex/infra: run `pnpm build` first).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventBusKafka } from "../src/event-bus/event-bus-kafka.js";
import { IdempotencyStorePostgres } from "../src/idempotency/idempotency-store-postgres.js";
import {
  appliedIds,
  createEffectsTable,
  createTopic,
  deleteTopicsWithPrefix,
  dropTables,
  effectCounts,
  publishKeyed,
  spawnConsumerChild,
  type ConsumerChild,
} from "./fixtures/kafka/kafka-test-helpers.js";
import { waitFor } from "./support/util-wait-for.js";
import { testServices, uniqueName } from "./support/test-services.js";

const brokers = testServices.kafkaBrokers;
const prefix = uniqueName("onex-crash");
const tableSuffix = prefix.replace(/[^a-z0-9]/gi, "_").toLowerCase();
const pool = new pg.Pool({ connectionString: testServices.postgresUrl, max: 2 });
const tables: string[] = [];
const children: ConsumerChild[] = [];
let bus: EventBusKafka;

function childEnv(topic: string, group: string, effects: string, idempotency: string, extra: Record<string, string> = {}): Record<string, string> {
  return { BROKERS: brokers.join(","), TOPIC: topic, GROUP: group, PG_URL: testServices.postgresUrl, EFFECTS_TABLE: effects, IDEMPOTENCY_TABLE: idempotency, ...extra };
}

function start(env: Record<string, string>): ConsumerChild {
  const child = spawnConsumerChild(env);
  children.push(child);
  return child;
}

async function prepareTables(name: string): Promise<{ effects: string; idempotency: string }> {
  const effects = `effects_${name}_${tableSuffix}`;
  const idempotency = `idem_${name}_${tableSuffix}`;
  tables.push(effects, idempotency);
  await createEffectsTable(pool, effects);
  const store = new IdempotencyStorePostgres({ pool, tableName: idempotency });
  await store.ensureSchema();
  return { effects, idempotency };
}

beforeAll(async () => {
  bus = new EventBusKafka({ brokers: [...brokers], clientId: `${prefix}-publisher` });
  await bus.start();
});

afterAll(async () => {
  for (const child of children) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill("SIGKILL");
  await bus.shutdown({ drainTimeoutMs: 5_000 });
  await dropTables(pool, tables);
  await pool.end();
  await deleteTopicsWithPrefix(brokers, prefix);
});

describe("EventBusKafka consumer crash and drain (child processes, PostgreSQL idempotency store)", () => {
  it("applies 10,000 keyed messages exactly once although the consumer is SIGKILLed mid-stream and restarted", async () => {
    const total = 10_000;
    const topic = `${prefix}.sigkill`;
    const group = `${prefix}-sigkill-group`;
    await createTopic(brokers, topic, 6);
    const { effects, idempotency } = await prepareTables("kill");
    const sent = await publishKeyed(bus, topic, total, 200);
    expect(sent).toHaveLength(total);

    const env = childEnv(topic, group, effects, idempotency, { CONCURRENCY: "6", REPORT_EVERY: "50", COMMIT_EVERY: "200" });
    const first = start(env);
    await first.waitForEvent((e) => e.applied >= 3_000, "the first consumer to apply 3,000 messages", 120_000);
    first.process.kill("SIGKILL");
    const firstExit = await first.exited;
    expect(firstExit.signal).toBe("SIGKILL");
    const appliedBeforeKill = (await effectCounts(pool, effects)).rows;
    expect(appliedBeforeKill).toBeGreaterThanOrEqual(3_000);
    expect(appliedBeforeKill).toBeLessThan(total);

    const second = start(env);
    await waitFor(async () => (await effectCounts(pool, effects)).distinct >= total, { timeoutMs: 120_000, description: "all 10,000 effects" });
    second.process.kill("SIGTERM");
    const secondExit = await second.exited;
    expect(secondExit.code).toBe(0);

    const counts = await effectCounts(pool, effects);
    expect(counts).toEqual({ rows: total, distinct: total });
    expect(await appliedIds(pool, effects)).toEqual(new Set(sent.map((e) => e.envelope_id)));
    const drained = second.events.find((e) => e.event === "drained");
    // The restarted consumer applied exactly what was missing; anything it saw twice came from the uncommitted tail
    // of the killed consumer and was absorbed by the idempotency store.
    expect(drained?.applied).toBe(total - appliedBeforeKill);
    console.info(`[sigkill] applied before kill ${appliedBeforeKill}, redelivered duplicates absorbed ${drained?.duplicates ?? "?"}`);
  }, 180_000);

  it("drains on SIGTERM: the in-flight message finishes and is committed, a restarted consumer sees no duplicate", async () => {
    const total = 120;
    const topic = `${prefix}.sigterm`;
    const group = `${prefix}-sigterm-group`;
    await createTopic(brokers, topic, 1);
    const { effects, idempotency } = await prepareTables("term");
    const sent = await publishKeyed(bus, topic, total, 10);

    const slow = start(childEnv(topic, group, effects, idempotency, { HANDLER_DELAY_MS: "50", DRAIN_TIMEOUT_MS: "10000" }));
    const inFlight = await slow.waitForEvent((e) => e.event === "start" && e.applied >= 20, "a handler in flight after 20 applied", 60_000);
    slow.process.kill("SIGTERM");
    const exit = await slow.exited;
    expect(exit.code).toBe(0);
    const sigterm = slow.events.find((e) => e.event === "sigterm");
    const drained = slow.events.find((e) => e.event === "drained");
    expect(sigterm?.active).toContain(inFlight.id);
    expect(drained?.active).toEqual([]);
    const applied = await appliedIds(pool, effects);
    expect(applied.has(inFlight.id ?? "")).toBe(true);
    const appliedBySlow = applied.size;
    expect(appliedBySlow).toBeLessThan(total);

    const rest = start(childEnv(topic, group, effects, idempotency));
    await waitFor(async () => (await effectCounts(pool, effects)).distinct >= total, { timeoutMs: 60_000, description: `all ${total} effects` });
    rest.process.kill("SIGTERM");
    await rest.exited;

    expect(await effectCounts(pool, effects)).toEqual({ rows: total, distinct: total });
    expect(await appliedIds(pool, effects)).toEqual(new Set(sent.map((e) => e.envelope_id)));
    const restDrained = rest.events.find((e) => e.event === "drained");
    // Everything the first consumer finished was committed during its drain: nothing came back.
    expect(restDrained?.duplicates).toBe(0);
    expect(restDrained?.applied).toBe(total - appliedBySlow);
  }, 120_000);
});
