// HandlerValkey against the real Redis: every operation, pub/sub, locks, recovery after its connections are killed,
// the circuit opening on an unreachable server, and a planted password that must never surface.
import { inspect } from "node:util";
import { EnumCoreErrorCode, createEventEnvelope, type ModelEventEnvelope } from "@onex/core";
import { Valkey } from "iovalkey";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EnvelopeValidationError, HandlerValkey, InfraConnectionError, InfraUnavailableError, RuntimeHostError, type InfraLogger } from "../src/index.js";
import { testServices, uniqueName } from "./support/test-services.js";
import { waitFor } from "./support/util-wait-for.js";

function envelope(operation: string, payload: Record<string, unknown>): ModelEventEnvelope {
  return createEventEnvelope({ event_type: `${operation}.requested`, source: "handler-valkey-test", operation, payload });
}

const connectionName = `onex-hv-${process.pid}-${Date.now().toString(36)}`;
const handler = new HandlerValkey();
const admin = new Valkey(testServices.valkeyUrl, { maxRetriesPerRequest: 1 });

async function run(operation: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
  return (await handler.execute(envelope(operation, payload))).payload as Record<string, unknown>;
}

/** Ids of the server-side connections whose name starts with `prefix`. */
async function connectionIds(prefix: string): Promise<string[]> {
  const list = String(await admin.call("CLIENT", "LIST"));
  return list
    .split("\n")
    .filter((line) => new RegExp(`\\bname=${prefix}(\\s|-sub\\s)`).test(line))
    .map((line) => /\bid=(\d+)/.exec(line)?.[1] ?? "")
    .filter((id) => id !== "");
}

beforeAll(async () => {
  await handler.initialize({ url: testServices.valkeyUrl, connectionName, commandTimeoutMs: 2_000 });
});

afterAll(async () => {
  await handler.shutdown();
  admin.disconnect();
});

describe("HandlerValkey on Redis", () => {
  it("sets and gets values, honours NX, and lets a TTL expire the key", async () => {
    const key = uniqueName("hv-set");
    expect(await run("valkey.set", { key, value: "v1" })).toEqual({ written: true });
    expect(await run("valkey.set", { key, value: "v2", nx: true })).toEqual({ written: false });
    expect(await run("valkey.get", { key })).toEqual({ value: "v1" });
    expect(await run("valkey.set", { key, value: "short", ttlMs: 60 })).toEqual({ written: true });
    expect(await admin.pttl(key)).toBeGreaterThan(0);
    await waitFor(async () => (await run("valkey.get", { key })).value === null, { timeoutMs: 5_000, description: "the key to expire" });
    expect(await run("valkey.set", { key, value: "seconds", ttlSeconds: 30 })).toEqual({ written: true });
    expect(await admin.ttl(key)).toBeGreaterThan(20);
    await run("valkey.delete", { key });
  });

  it("deletes one or several keys and reports how many existed", async () => {
    const [a, b] = [uniqueName("hv-del"), uniqueName("hv-del")];
    await run("valkey.set", { key: a, value: "1" });
    await run("valkey.set", { key: b, value: "2" });
    expect(await run("valkey.delete", { key: a })).toEqual({ deleted: 1 });
    expect(await run("valkey.delete", { keys: [a, b] })).toEqual({ deleted: 1 });
    await expect(handler.execute(envelope("valkey.delete", { key: a, keys: [b] }))).rejects.toBeInstanceOf(EnvelopeValidationError);
  });

  it("increments counters, refuses non-integers, and sets expiry only on existing keys", async () => {
    const key = uniqueName("hv-incr");
    expect(await run("valkey.incr", { key })).toEqual({ value: 1 });
    expect(await run("valkey.incr", { key, by: 41 })).toEqual({ value: 42 });
    expect(await run("valkey.expire", { key, ttlMs: 60_000 })).toEqual({ updated: true });
    expect(await admin.pttl(key)).toBeGreaterThan(50_000);
    expect(await run("valkey.expire", { key: uniqueName("hv-missing"), ttlSeconds: 10 })).toEqual({ updated: false });
    const text = uniqueName("hv-text");
    await run("valkey.set", { key: text, value: "not a number" });
    const error = await handler.execute(envelope("valkey.incr", { key: text })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeHostError);
    expect((error as RuntimeHostError).errorCode).toBe(EnumCoreErrorCode.INVALID_INPUT);
    expect((error as RuntimeHostError).isRetryable).toBe(false);
    await run("valkey.delete", { keys: [key, text] });
  });

  it("publishes to subscribers of a dedicated connection, and stops delivering after unsubscribe", async () => {
    const channel = uniqueName("hv-chan");
    const received: string[] = [];
    const unsubscribe = await handler.subscribe(channel, (message) => {
      received.push(message);
    });
    expect(await run("valkey.publish", { channel, message: "hello" })).toEqual({ receivers: 1 });
    await waitFor(() => received.length === 1, { timeoutMs: 5_000, description: "the message" });
    expect(received).toEqual(["hello"]);
    await unsubscribe();
    expect(await run("valkey.publish", { channel, message: "gone" })).toEqual({ receivers: 0 });
  });

  it("grants a lock to one holder only, and only the holder's token releases it", async () => {
    const key = uniqueName("hv-lock");
    const first = await run("valkey.lock.acquire", { key, ttlMs: 10_000 });
    expect(first.token).toEqual(expect.any(String));
    expect(await run("valkey.lock.acquire", { key, ttlMs: 10_000 })).toEqual({ token: null });
    expect(await run("valkey.lock.release", { key, token: "not-the-holder" })).toEqual({ released: false });
    expect(await admin.get(key)).toBe(first.token);
    expect(await run("valkey.lock.release", { key, token: first.token })).toEqual({ released: true });
    expect(await run("valkey.lock.release", { key, token: first.token })).toEqual({ released: false });
  });

  it("waits a bounded time for a taken lock and gets it once the holder releases", async () => {
    const key = uniqueName("hv-lock-wait");
    const held = await run("valkey.lock.acquire", { key, ttlMs: 10_000 });
    expect(await run("valkey.lock.acquire", { key, ttlMs: 10_000, waitMs: 100 })).toEqual({ token: null });
    const waiting = run("valkey.lock.acquire", { key, ttlMs: 10_000, waitMs: 10_000 });
    await run("valkey.lock.release", { key, token: held.token });
    const next = await waiting;
    expect(next.token).toEqual(expect.any(String));
    expect(next.token).not.toBe(held.token);
    await run("valkey.lock.release", { key, token: next.token });
  });

  it("recovers after the server kills its connections: commands and subscriptions work again", async () => {
    const channel = uniqueName("hv-kill-chan");
    const received: string[] = [];
    await handler.subscribe(channel, (message) => {
      received.push(message);
    });
    const before = await connectionIds(connectionName);
    expect(before.length).toBe(2);
    for (const id of before) await admin.call("CLIENT", "KILL", "ID", id);
    await waitFor(async () => {
      const now = await connectionIds(connectionName);
      return now.length === 2 && now.every((id) => !before.includes(id));
    }, { timeoutMs: 10_000, description: "both connections to come back" });
    await waitFor(async () => Number((await admin.call("PUBSUB", "NUMSUB", channel) as unknown[])[1]) === 1, { timeoutMs: 10_000, description: "the resubscription" });

    const key = uniqueName("hv-kill");
    expect(await run("valkey.set", { key, value: "after-kill" })).toEqual({ written: true });
    expect(await run("valkey.get", { key })).toEqual({ value: "after-kill" });
    expect(await run("valkey.publish", { channel, message: "still here" })).toEqual({ receivers: 1 });
    await waitFor(() => received.includes("still here"), { timeoutMs: 5_000, description: "the message after reconnecting" });
    expect((await handler.health()).healthy).toBe(true);
    await run("valkey.delete", { key });
  });
});

describe("HandlerValkey on an unreachable server", () => {
  it("fails with retryable connection errors, opens the circuit, and never reveals the URL's password", async () => {
    const secret = "S3cretPlanted";
    const lines: string[] = [];
    const logger: InfraLogger = {
      info: (fields, message) => lines.push(JSON.stringify({ fields, message })),
      warn: (fields, message) => lines.push(JSON.stringify({ fields, message })),
      error: (fields, message) => lines.push(JSON.stringify({ fields, message })),
    };
    const down = new HandlerValkey({ logger });
    await down.initialize({ url: `redis://default:${secret}@127.0.0.1:1/0`, breaker: { failureThreshold: 2, resetTimeoutMs: 60_000 }, reconnect: { initialDelayMs: 5, maxDelayMs: 20 } });
    try {
      const errors: unknown[] = [];
      for (let i = 0; i < 3; i++) errors.push(await down.execute(envelope("valkey.get", { key: "k" })).catch((e: unknown) => e));
      expect(errors[0]).toBeInstanceOf(InfraConnectionError);
      expect((errors[0] as InfraConnectionError).isRetryable).toBe(true);
      expect((errors[0] as InfraConnectionError).errorCode).toBe(EnumCoreErrorCode.SERVICE_UNAVAILABLE);
      expect(errors[2]).toBeInstanceOf(InfraUnavailableError);
      expect((errors[2] as InfraUnavailableError).retryAfterSeconds).toBeGreaterThan(0);
      const health = await down.health();
      expect(health.healthy).toBe(false);
      for (const error of errors as Error[]) {
        for (const form of [error.message, JSON.stringify(error), inspect(error, { depth: 10 }), String(error.cause)]) expect(form).not.toContain(secret);
      }
      expect(JSON.stringify(health)).not.toContain(secret);
      for (const line of lines) expect(line).not.toContain(secret);
    } finally {
      await down.shutdown();
    }
  });
});
