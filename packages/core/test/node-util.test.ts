import { afterEach, describe, expect, it, vi } from "vitest";
import {
  LruCache,
  type ModelOnexError,
  NodeEffectCircuitBreakerDefault,
  backoffCap,
  computeBackoffDelay,
  mergeRecords,
  reduceItems,
  runWithTimeout,
  sleep,
  type BackoffPolicy,
} from "../src/index.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("computeBackoffDelay", () => {
  const policy: BackoffPolicy = { initialDelayMs: 100, maxDelayMs: 2_000, multiplier: 2, jitter: true };

  it("caps the exponential at max_delay", () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((i) => backoffCap(policy, i))).toEqual([100, 200, 400, 800, 1_600, 2_000, 2_000]);
    expect(backoffCap({ ...policy, multiplier: 1e308 }, 50)).toBe(2_000);
  });

  it("draws every jittered delay from [0, cap)", () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    for (let retry = 0; retry < 8; retry += 1) {
      for (let n = 0; n < 200; n += 1) {
        const delay = computeBackoffDelay(policy, retry, random);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(backoffCap(policy, retry));
      }
    }
  });

  it("is the cap itself without jitter", () => {
    expect(computeBackoffDelay({ ...policy, jitter: false }, 3, () => 0)).toBe(800);
  });
});

describe("runWithTimeout and sleep", () => {
  it("rejects with the timeout error and aborts the work's signal", async () => {
    vi.useFakeTimers();
    let signal: AbortSignal | undefined;
    const pending = runWithTimeout(
      (s) => {
        signal = s;
        return new Promise<never>(() => undefined);
      },
      { timeoutMs: 100, onTimeout: () => new Error("too slow") },
    );
    const assertion = expect(pending).rejects.toThrow("too slow");
    await vi.advanceTimersByTimeAsync(100);
    await assertion;
    expect(signal?.aborted).toBe(true);
  });

  it("resolves with the work's value and clears its timer", async () => {
    vi.useFakeTimers();
    await expect(runWithTimeout(() => Promise.resolve(7), { timeoutMs: 100, onTimeout: () => new Error("x") })).resolves.toBe(7);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("sleep rejects early when its signal aborts", async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("NodeEffectCircuitBreakerDefault", () => {
  const settings = { enabled: true, failure_threshold: 2, reset_timeout_ms: 1_000, half_open_max_requests: 1, success_threshold: 2 };

  it("admits at most half_open_max_requests concurrent trial calls and needs success_threshold successes to close", async () => {
    let now = 0;
    const breaker = new NodeEffectCircuitBreakerDefault(settings, { now: () => now });
    for (let i = 0; i < 2; i += 1) await expect(breaker.execute(() => Promise.reject(new Error("x")))).rejects.toThrow("x");
    expect(breaker.state).toBe("open");
    now = 1_000;
    expect(breaker.state).toBe("half_open");
    let finish = (): void => undefined;
    const trial = breaker.execute(() => new Promise<string>((resolve) => (finish = () => resolve("first"))));
    const refused = await breaker.execute(() => Promise.resolve("second")).catch((e: unknown) => e);
    expect((refused as ModelOnexError).errorCode).toBe("SERVICE_UNAVAILABLE");
    finish();
    await expect(trial).resolves.toBe("first");
    expect(breaker.state).toBe("half_open");
    await breaker.execute(() => Promise.resolve("third"));
    expect(breaker.state).toBe("closed");
  });

  it("reopens on a failed trial call", async () => {
    let now = 0;
    const breaker = new NodeEffectCircuitBreakerDefault(settings, { now: () => now });
    for (let i = 0; i < 2; i += 1) await breaker.execute(() => Promise.reject(new Error("x"))).catch(() => undefined);
    now = 1_500;
    await breaker.execute(() => Promise.reject(new Error("still down"))).catch(() => undefined);
    expect(breaker.state).toBe("open");
  });

  it("is a pass-through when disabled", async () => {
    const breaker = new NodeEffectCircuitBreakerDefault({ ...settings, enabled: false });
    for (let i = 0; i < 5; i += 1) await breaker.execute(() => Promise.reject(new Error("x"))).catch(() => undefined);
    await expect(breaker.execute(() => Promise.resolve("ok"))).resolves.toBe("ok");
  });
});

describe("mergeRecords", () => {
  const existing = { id: "n-1", tags: ["a"], meta: { x: 1 } };
  const incoming = { id: "n-2", tags: ["b"], meta: { y: 2 }, extra: true };

  it("last_wins, first_wins and merge resolve conflicts as named", () => {
    expect(mergeRecords(existing, incoming, "last_wins")).toEqual({ id: "n-2", tags: ["b"], meta: { y: 2 }, extra: true });
    expect(mergeRecords(existing, incoming, "first_wins")).toEqual({ id: "n-1", tags: ["a"], meta: { x: 1 }, extra: true });
    expect(mergeRecords(existing, incoming, "merge")).toEqual({ id: "n-2", tags: ["a", "b"], meta: { x: 1, y: 2 }, extra: true });
  });

  it("error names every conflicting key but accepts equal values", () => {
    expect(mergeRecords(existing, { id: "n-1", meta: { x: 1 } }, "error")).toEqual(existing);
    try {
      mergeRecords(existing, incoming, "error");
      expect.unreachable();
    } catch (error) {
      expect((error as ModelOnexError).context).toEqual({ conflicts: ["id", "tags", "meta"] });
    }
  });

  it("custom asks the resolver, and needs one", () => {
    expect(mergeRecords({ n: 1 }, { n: 2 }, "custom", { resolver: (_k, a, b) => (a as number) + (b as number) })).toEqual({ n: 3 });
    expect(() => mergeRecords({ n: 1 }, { n: 2 }, "custom")).toThrow(/resolver/);
  });

  it("does not mutate its inputs", () => {
    const before = JSON.stringify(existing);
    mergeRecords(existing, incoming, "merge");
    expect(JSON.stringify(existing)).toBe(before);
  });
});

describe("reduceItems", () => {
  const nodes = [
    { id: "b", zone: "eu", load: 3 },
    { id: "a", zone: "us", load: 1 },
    { id: "b", zone: "us", load: 5 },
  ];

  it("folds and accumulates", () => {
    expect(reduceItems([1, 2, 3], "fold", { reducer: (acc, n) => (acc as number) + n, initial: 0 })).toBe(6);
    expect(reduceItems([1, 2, 3], "accumulate", { reducer: (acc, n) => (acc as number) + n, initial: 0 })).toEqual([1, 3, 6]);
  });

  it("deduplicates by key with the conflict resolution choosing the survivor", () => {
    expect(reduceItems(nodes, "deduplicate", { key: (n) => n.id })).toEqual([nodes[0], nodes[1]]);
    expect(reduceItems(nodes, "deduplicate", { key: (n) => n.id, conflictResolution: "last_wins" })).toEqual([nodes[2], nodes[1]]);
    expect(() => reduceItems(nodes, "deduplicate", { key: (n) => n.id, conflictResolution: "error" })).toThrow(/duplicate/);
  });

  it("sorts stably, filters, groups, merges, aggregates and transforms", () => {
    expect((reduceItems(nodes, "sort", { key: (n) => n.id }) as typeof nodes).map((n) => n.load)).toEqual([1, 3, 5]);
    expect(reduceItems(nodes, "filter", { predicate: (n) => n.load > 2 })).toEqual([nodes[0], nodes[2]]);
    expect(reduceItems(nodes, "group", { key: (n) => n.zone })).toEqual({ eu: [nodes[0]], us: [nodes[1], nodes[2]] });
    expect(reduceItems(nodes, "merge", { conflictResolution: "first_wins" })).toEqual({ id: "b", zone: "eu", load: 3 });
    expect(reduceItems(nodes, "aggregate", { key: (n) => n.load })).toEqual({ count: 3, sum: 9, min: 1, max: 5, avg: 3 });
    expect(reduceItems(nodes, "transform", { transform: (n) => n.id })).toEqual(["b", "a", "b"]);
  });

  it("names the option a reduction is missing", () => {
    expect(() => reduceItems([1], "filter")).toThrow(/'predicate'/);
  });
});

describe("LruCache", () => {
  it("evicts the least recently used entry", () => {
    const cache = new LruCache<string, number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.get("a");
    cache.set("c", 3);
    expect([cache.has("a"), cache.has("b"), cache.has("c")]).toEqual([true, false, true]);
    expect(() => new LruCache(0)).toThrow(RangeError);
  });
});
