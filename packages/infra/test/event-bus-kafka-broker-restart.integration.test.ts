// No acknowledged message is lost when the broker restarts while a producer publishes. Runs its own, second broker
// (tooling/services/kafka.sh with a private state dir and ports 19092/19093) so the shared broker on 9092, used by
// other suites at the same time, is never restarted.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createEventEnvelope, type ModelEventEnvelope } from "@onex/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventBusKafka } from "../src/event-bus/event-bus-kafka.js";
import { createTopic } from "./fixtures/kafka/kafka-test-helpers.js";
import { waitFor } from "./support/util-wait-for.js";
import { uniqueName } from "./support/test-services.js";

const execFileAsync = promisify(execFile);
const KAFKA_SH = fileURLToPath(new URL("../../../tooling/services/kafka.sh", import.meta.url));
const PORT = 19092;
const CONTROLLER_PORT = 19093;
const brokers = [`127.0.0.1:${PORT}`];
const stateDir = mkdtempSync(join(tmpdir(), "onex-kafka-restart-"));
const scriptEnv = { ...process.env, ONEX_SERVICES_DIR: stateDir, KAFKA_PORT: String(PORT), KAFKA_CONTROLLER_PORT: String(CONTROLLER_PORT) };

async function kafkaSh(command: "start" | "restart" | "stop"): Promise<void> {
  await execFileAsync("bash", [KAFKA_SH, command], { env: scriptEnv, timeout: 170_000 });
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
let started = false;

beforeAll(async () => {
  for (const port of [PORT, CONTROLLER_PORT]) {
    if (await portInUse(port)) throw new Error(`port ${port} is already in use: the restart test needs it for its private broker`);
  }
  await kafkaSh("start");
  started = true;
}, 180_000);

afterAll(async () => {
  if (started) await kafkaSh("stop").catch(() => undefined);
  rmSync(stateDir, { recursive: true, force: true });
}, 120_000);

describe("EventBusKafka across a broker restart", () => {
  it("keeps every message whose publish resolved while the broker restarts mid-stream", async () => {
    const topic = uniqueName("onex-restart");
    await createTopic(brokers, topic, 1);
    const bus = new EventBusKafka({
      brokers,
      clientId: uniqueName("onex-restart-bus"),
      connectionTimeoutMs: 1_000,
      requestTimeoutMs: 10_000,
      publish: { maxRetries: 3, initialDelayMs: 100, maxDelayMs: 1_000, timeoutMs: 10_000 },
      breaker: { failureThreshold: 5, resetTimeoutMs: 1_000 },
      sessionTimeoutMs: 10_000,
    });
    await bus.start();
    const live = new Set<string>();
    await bus.subscribe(
      topic,
      uniqueName("onex-restart-live"),
      (envelope) => {
        live.add(envelope.envelope_id);
        return Promise.resolve();
      },
      { fromBeginning: true },
    );

    const acknowledged: string[] = [];
    let failedPublishes = 0;
    let restarted = false;
    let acknowledgedAfterRestart = 0;
    let restart: Promise<void> | null = null;
    for (let seq = 0; seq < 2_000 || !(restarted && acknowledgedAfterRestart >= 200); seq += 1) {
      if (seq > 20_000) throw new Error("the broker restart did not finish while publishing");
      const envelope: ModelEventEnvelope = createEventEnvelope({ event_type: "test.restart.published", source: "kafka-test", payload: { seq } });
      try {
        await bus.publishEnvelope(topic, envelope, "restart-key");
        acknowledged.push(envelope.envelope_id);
        if (restarted) acknowledgedAfterRestart += 1;
      } catch {
        failedPublishes += 1;
        await sleep(100);
      }
      if (restart === null && acknowledged.length >= 500) {
        restart = kafkaSh("restart").then(() => {
          restarted = true;
        });
        restart.catch(() => undefined);
      }
    }
    await restart;

    // The live subscription rides out the restart too.
    await waitFor(() => acknowledged.every((id) => live.has(id)), { timeoutMs: 90_000, description: "the live subscription to see every acknowledged message" });

    const reread: string[] = [];
    await bus.subscribe(
      topic,
      uniqueName("onex-restart-reread"),
      (envelope) => {
        reread.push(envelope.envelope_id);
        return Promise.resolve();
      },
      { fromBeginning: true },
    );
    const present = new Set<string>();
    await waitFor(
      () => {
        for (const id of reread) present.add(id);
        return acknowledged.every((id) => present.has(id));
      },
      { timeoutMs: 60_000, description: "every acknowledged message in the topic" },
    );
    const health = await bus.health();
    await bus.shutdown({ drainTimeoutMs: 5_000 });

    const missing = acknowledged.filter((id) => !present.has(id));
    expect(missing).toEqual([]);
    expect(acknowledgedAfterRestart).toBeGreaterThanOrEqual(200);
    expect(health.healthy).toBe(true);
    console.info(
      `[broker restart] acknowledged ${acknowledged.length}, failed publishes ${failedPublishes}, acknowledged after restart ${acknowledgedAfterRestart}, ` +
        `records read back ${reread.length} (${reread.length - present.size} duplicates), producer ${JSON.stringify(health.details.producer)}`,
    );
  }, 240_000);
});
