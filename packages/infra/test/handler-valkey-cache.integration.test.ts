// ProtocolCacheService conformance: the same behaviour from CacheServiceValkey (real Redis) and CacheServiceInmemory.
import { EnumCoreErrorCode } from "@onex/core";
import type { ProtocolCacheService } from "@onex/spi";
import { afterAll, describe, expect, it } from "vitest";
import { CacheServiceInmemory, CacheServiceValkey, RuntimeHostError } from "../src/index.js";
import { testServices, uniqueName } from "./support/test-services.js";
import { waitFor } from "./support/util-wait-for.js";

const valkey = new CacheServiceValkey({ url: testServices.valkeyUrl, connectionName: `onex-cache-${process.pid}` });
const caches: readonly (readonly [string, ProtocolCacheService])[] = [
  ["CacheServiceValkey", valkey],
  ["CacheServiceInmemory", new CacheServiceInmemory()],
];

afterAll(async () => {
  await valkey.close();
  await valkey.close();
});

async function rejection(promise: Promise<unknown>): Promise<RuntimeHostError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RuntimeHostError);
  return error as RuntimeHostError;
}

describe.each(caches)("%s as ProtocolCacheService", (_name, cache) => {
  it("stores, overwrites, refuses to overwrite with onlyIfAbsent, and deletes", async () => {
    const key = uniqueName("cache-kv");
    expect(await cache.get(key)).toBeNull();
    expect(await cache.set(key, "a")).toBe(true);
    expect(await cache.set(key, "b")).toBe(true);
    expect(await cache.set(key, "c", { onlyIfAbsent: true })).toBe(false);
    expect(await cache.get(key)).toBe("b");
    expect(await cache.delete(key)).toBe(true);
    expect(await cache.delete(key)).toBe(false);
    expect(await cache.set(key, "d", { onlyIfAbsent: true })).toBe(true);
    await cache.delete(key);
  });

  it("expires keys after their TTL, set at write time or later with expire", async () => {
    const key = uniqueName("cache-ttl");
    await cache.set(key, "soon gone", { ttlSeconds: 0.05 });
    await waitFor(async () => (await cache.get(key)) === null, { timeoutMs: 5_000, description: "the TTL to expire" });
    expect(await cache.expire(key, 1)).toBe(false);
    await cache.set(key, "later");
    expect(await cache.expire(key, 0.05)).toBe(true);
    await waitFor(async () => (await cache.get(key)) === null, { timeoutMs: 5_000, description: "the expire to take effect" });
  });

  it("counts with incr from zero, by any integer, and refuses non-integer values and increments", async () => {
    const key = uniqueName("cache-incr");
    expect(await cache.incr(key)).toBe(1);
    expect(await cache.incr(key, 9)).toBe(10);
    expect(await cache.incr(key, -3)).toBe(7);
    expect(await cache.get(key)).toBe("7");
    expect((await rejection(cache.incr(key, 1.5))).errorCode).toBe(EnumCoreErrorCode.INVALID_INPUT);
    const text = uniqueName("cache-text");
    await cache.set(text, "abc");
    expect((await rejection(cache.incr(text))).errorCode).toBe(EnumCoreErrorCode.INVALID_INPUT);
    expect((await rejection(cache.set(text, "x", { ttlSeconds: 0 }))).errorCode).toBe(EnumCoreErrorCode.INVALID_INPUT);
    await cache.delete(key);
    await cache.delete(text);
  });

  it("keeps a counter's TTL when incrementing it", async () => {
    const key = uniqueName("cache-incr-ttl");
    await cache.set(key, "1", { ttlSeconds: 0.1 });
    expect(await cache.incr(key)).toBe(2);
    await waitFor(async () => (await cache.get(key)) === null, { timeoutMs: 5_000, description: "the counter to expire" });
  });

  it("gives a lock to one holder at a time; only its token releases it; an expired lock can be taken again", async () => {
    const name = uniqueName("cache-lock");
    const lock = await cache.acquireLock(name, { ttlMs: 10_000 });
    expect(lock).toMatchObject({ name });
    expect(await cache.acquireLock(name, { ttlMs: 10_000 })).toBeNull();
    expect(await cache.releaseLock({ name, token: "someone-else" })).toBe(false);
    expect(await cache.releaseLock(lock ?? { name, token: "" })).toBe(true);
    expect(await cache.releaseLock(lock ?? { name, token: "" })).toBe(false);

    const short = await cache.acquireLock(name, { ttlMs: 50 });
    expect(short).not.toBeNull();
    await waitFor(async () => (await cache.acquireLock(name, { ttlMs: 10_000 })) !== null, { timeoutMs: 5_000, description: "the lock TTL to free it" });
    expect(await cache.releaseLock(short ?? { name, token: "" })).toBe(false);
    await cache.delete(name);
  });

  it("waits for a taken lock up to waitMs and takes it as soon as it is released", async () => {
    const name = uniqueName("cache-lock-wait");
    const held = await cache.acquireLock(name, { ttlMs: 10_000 });
    expect(await cache.acquireLock(name, { ttlMs: 10_000, waitMs: 60 })).toBeNull();
    const waiting = cache.acquireLock(name, { ttlMs: 10_000, waitMs: 10_000 });
    await cache.releaseLock(held ?? { name, token: "" });
    const next = await waiting;
    expect(next?.token).toEqual(expect.any(String));
    expect(next?.token).not.toBe(held?.token);
    await cache.delete(name);
  });

  it("reports healthy", async () => {
    expect((await cache.health()).healthy).toBe(true);
  });
});
