// End to end on real services: the built runtime as a child process on Kafka, PostgreSQL and Valkey, with Consul and
// Vault served by infra's API servers in this process. Everything a client does goes through the broker (kafkajs
// here); results are read from the broker, the database and the Consul server. Unique topics (ONEX_ENV) and tables
// per run. The scenarios run in order; the last one stops and restarts the runtime.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createEventEnvelope, type ModelEventEnvelope } from "@onex/core";
import { ConsulApiServer, VaultApiServer, encodeEnvelope } from "@onex/infra";
import { Kafka, logLevel, type Consumer, type Producer } from "kafkajs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killAllChildren, RuntimeChild, runtimeEnv } from "./support/runtime-child.js";

const services = {
  kafka: (process.env.ONEX_TEST_KAFKA_BROKERS ?? "127.0.0.1:9092").split(","),
  postgres: process.env.ONEX_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test",
  valkey: process.env.ONEX_TEST_VALKEY_URL ?? "redis://127.0.0.1:6379",
};
const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const onexEnv = `e2e${id}`;
const topics = {
  input: `${onexEnv}.onex.cmd.runtime.requests.v1`,
  output: `${onexEnv}.onex.evt.runtime.responses.v1`,
  introspection: `${onexEnv}.onex.evt.node.introspection.v1`,
};
const projectionTable = `onex_nodes_${id}`;
const rowsTable = `e2e_rows_${id}`;
const killTable = `e2e_kill_${id}`;

const dir = mkdtempSync(path.join(tmpdir(), "onex-e2e-services-"));
const consul = new ConsulApiServer();
const vault = new VaultApiServer();
const db = new pg.Pool({ connectionString: services.postgres, max: 2 });
const kafka = new Kafka({ clientId: `onex-e2e-${id}`, brokers: services.kafka, logLevel: logLevel.NOTHING });
const answers: ModelEventEnvelope[] = [];
let producer: Producer;
let collector: Consumer;
let env: NodeJS.ProcessEnv;
let runtime: RuntimeChild;

beforeAll(async () => {
  const [consulAt, vaultAt] = await Promise.all([consul.listen(), vault.listen()]);
  env = runtimeEnv({
    KAFKA_BOOTSTRAP_SERVERS: services.kafka.join(","),
    DATABASE_URL: services.postgres,
    VALKEY_URL: services.valkey,
    CONSUL_HTTP_ADDR: `127.0.0.1:${consulAt.port}`,
    VAULT_ADDR: vaultAt.url,
    VAULT_TOKEN: vault.rootToken,
    ONEX_ENV: onexEnv,
    ONEX_GROUP_ID: `onex-runtime-${onexEnv}`,
    ONEX_REGISTRATION_TABLE: projectionTable,
    ONEX_DRAIN_TIMEOUT: "20000",
    // A killed runtime's consumers are given up on after 6 s (the broker's minimum) instead of 30 s.
    ONEX_KAFKA_SESSION_TIMEOUT_MS: "6000",
  });
  producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  [runtime] = await Promise.all([RuntimeChild.start(env, dir), producer.connect()]);
  // Every answer the runtime publishes, from the start of the output topic (the runtime created it).
  collector = kafka.consumer({ groupId: `onex-e2e-collector-${id}`, maxWaitTimeInMs: 100 });
  const joined = new Promise<void>((resolve) => collector.on(collector.events.GROUP_JOIN, () => resolve()));
  await collector.connect();
  await collector.subscribe({ topic: topics.output, fromBeginning: true });
  await collector.run({
    eachMessage: ({ message }) => {
      if (message.value !== null) answers.push(JSON.parse(message.value.toString("utf8")) as ModelEventEnvelope);
      return Promise.resolve();
    },
  });
  await joined;
}, 120_000);

afterAll(async () => {
  killAllChildren();
  await Promise.allSettled([collector.disconnect(), producer.disconnect()]);
  const admin = kafka.admin();
  await admin.connect();
  const created = (await admin.listTopics()).filter((topic) => topic.startsWith(`${onexEnv}.`));
  if (created.length > 0) await admin.deleteTopics({ topics: created }).catch(() => undefined);
  await admin.disconnect();
  await db.query(`drop table if exists ${rowsTable}, ${killTable}, ${projectionTable}`).catch(() => undefined);
  await Promise.allSettled([db.end(), consul.close(), vault.close()]);
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

async function send(topic: string, envelopes: readonly ModelEventEnvelope[]): Promise<void> {
  await producer.send({
    topic,
    acks: -1,
    messages: envelopes.map((e) => {
      const encoded = encodeEnvelope(e);
      return { key: encoded.key, value: encoded.value, headers: { ...encoded.headers } };
    }),
  });
}

function inserts(table: string, count: number): ModelEventEnvelope[] {
  return Array.from({ length: count }, (_, n) => command("db.execute", { sql: `insert into ${table} (msg_id, n) select $1, $2 from pg_sleep(0.02)`, params: [randomUUID(), n] }));
}

function answersTo(envelopes: readonly ModelEventEnvelope[]): ModelEventEnvelope[] {
  const ids = new Set(envelopes.map((e) => e.envelope_id));
  return answers.filter((a) => a.causation_id !== null && ids.has(a.causation_id));
}

function command(operation: string, payload: Record<string, unknown>, correlationId: string = randomUUID()): ModelEventEnvelope {
  return createEventEnvelope({ event_type: `${operation}.requested`, source: "onex-e2e", operation, payload, correlation_id: correlationId });
}

function answerTo(correlationId: string): Promise<ModelEventEnvelope> {
  return expect
    .poll(() => answers.find((a) => a.correlation_id === correlationId), { timeout: 30_000, interval: 20 })
    .toBeDefined()
    .then(() => answers.find((a) => a.correlation_id === correlationId) as ModelEventEnvelope);
}

async function count(table = rowsTable): Promise<{ rows: number; ids: number }> {
  const result = await db.query<{ rows: number; ids: number }>(`select count(*)::int as rows, count(distinct msg_id)::int as ids from ${table}`);
  return result.rows[0] ?? { rows: 0, ids: 0 };
}

describe("runtime on Kafka, PostgreSQL, Valkey, Consul and Vault, as a process", () => {
  it("(a) registers nodes from their introspection events: active in the PostgreSQL projection and in Consul", async () => {
    // Several nodes, so their keys spread over the introspection topic's partitions: every partition is consumed.
    const nodeIds = Array.from({ length: 8 }, (_, n) => `node-${id}-${n}`);
    const events = nodeIds.map((nodeId, n) =>
      createEventEnvelope({
        event_type: "node.introspection",
        source: "onex-e2e",
        payload: { node_id: nodeId, node_name: "e2e_effect", node_type: "EFFECT_GENERIC", node_version: "1.0.0", endpoint: `http://10.1.2.${n + 1}:8085`, capabilities: ["db.query"] },
      }),
    );
    await producer.send({
      topic: topics.introspection,
      acks: -1,
      messages: events.map((e, n) => ({ key: nodeIds[n] ?? null, value: encodeEnvelope(e).value, headers: { ...encodeEnvelope(e).headers } })),
    });
    const states = async (): Promise<string[]> =>
      (await db.query<{ registration_state: string }>(`select registration_state from ${projectionTable} where node_id = any($1) order by node_id`, [nodeIds])).rows.map((r) => r.registration_state);
    await expect.poll(states, { timeout: 30_000, interval: 50 }).toEqual(nodeIds.map(() => "active"));
    for (const [n, nodeId] of nodeIds.entries()) {
      expect(consul.state.services.get(nodeId)).toMatchObject({ name: "e2e_effect", address: `10.1.2.${n + 1}`, port: 8085, tags: expect.arrayContaining(["EFFECT_GENERIC", "capability:db.query"]) as unknown });
    }
    const nodes = (await runtime.get("/api/v1/nodes")).body.nodes as { nodeId: string; registrationState: string }[];
    expect(nodes.filter((n) => nodeIds.includes(n.nodeId)).map((n) => n.registrationState)).toEqual(nodeIds.map(() => "active"));
  });

  it("(b) answers a db.query envelope from the input topic on the output topic", async () => {
    const query = command("db.query", { sql: "select $1::int as n", params: [7] });
    await send(topics.input, [query]);
    expect(await answerTo(query.correlation_id)).toMatchObject({ event_type: "db.query.completed", causation_id: query.envelope_id, payload: { rows: [{ n: 7 }] } });
  });

  it("(c) answers malformed messages with error envelopes carrying their correlation id, then serves the next one", async () => {
    const rawId = randomUUID();
    await producer.send({ topic: topics.input, acks: -1, messages: [{ key: rawId, value: "{this is not json", headers: { "x-correlation-id": rawId } }] });
    const invalidId = randomUUID();
    await producer.send({ topic: topics.input, acks: -1, messages: [{ key: invalidId, value: JSON.stringify({ correlation_id: invalidId, operation: "db.query", payload: "not an object" }) }] });
    const good = command("valkey.set", { key: `onex-e2e-${id}`, value: "v", ttlSeconds: 30 });
    await send(topics.input, [good]);

    expect(await answerTo(rawId)).toMatchObject({ event_type: "runtime.error", payload: { errorCode: "VALIDATION_ERROR", correlationId: rawId } });
    const invalid = await answerTo(invalidId);
    expect(invalid).toMatchObject({ event_type: "runtime.error", payload: { errorCode: "VALIDATION_ERROR", correlationId: invalidId } });
    expect(String(invalid.payload.message)).toContain("payload");
    expect(await answerTo(good.correlation_id)).toMatchObject({ event_type: "valkey.set.completed", payload: { written: true } });
  });

  it("(d) loses nothing and runs nothing twice when SIGTERM comes with 200 inserts in flight", async () => {
    await db.query(`create table ${rowsTable} (msg_id text not null, n int not null)`);
    const batch = inserts(rowsTable, 200);
    await send(topics.input, batch);
    await expect.poll(async () => (await count()).rows, { timeout: 30_000, interval: 10 }).toBeGreaterThanOrEqual(20);
    expect(await runtime.stop("SIGTERM")).toBe(0);
    const atExit = await count();
    expect(atExit.rows).toBeLessThan(200);
    expect(atExit.ids).toBe(atExit.rows);

    runtime = await RuntimeChild.start(env, dir);
    await expect.poll(async () => (await count()).rows, { timeout: 60_000, interval: 50 }).toBe(200);
    await expect.poll(() => answersTo(batch).length, { timeout: 30_000 }).toBe(200);
    const completions = answersTo(batch);
    expect(new Set(completions.map((a) => a.causation_id)).size).toBe(200);
    expect(completions.every((a) => a.event_type === "db.execute.completed")).toBe(true);
    expect(await count()).toEqual({ rows: 200, ids: 200 });
    expect(await runtime.stop("SIGTERM")).toBe(0);
  }, 120_000);

  it("(e) delivers again what a killed runtime had not finished: no insert is lost", async () => {
    await db.query(`create table ${killTable} (msg_id text not null, n int not null)`);
    if (!runtime.running) runtime = await RuntimeChild.start(env, dir);
    const batch = inserts(killTable, 200);
    await send(topics.input, batch);
    await expect.poll(async () => (await count(killTable)).rows, { timeout: 30_000, interval: 10 }).toBeGreaterThanOrEqual(20);
    expect(await runtime.stop("SIGKILL")).toBe(-1);
    expect((await count(killTable)).ids).toBeLessThan(200);

    // The killed consumers never left their groups: the new ones join once the broker gave up on them.
    runtime = await RuntimeChild.start(env, dir, 120_000);
    await expect.poll(async () => (await count(killTable)).ids, { timeout: 60_000, interval: 50 }).toBe(200);
    await expect.poll(() => new Set(answersTo(batch).map((a) => a.causation_id)).size, { timeout: 30_000 }).toBe(200);
    // At-least-once: only an insert cut off between its commit and its idempotency record (at most one per
    // partition in flight, 8 partitions) can have run twice; everything committed before was skipped as processed.
    const { rows, ids } = await count(killTable);
    expect(rows - ids).toBeLessThanOrEqual(8);
    expect(await runtime.stop("SIGTERM")).toBe(0);
  }, 180_000);
});
