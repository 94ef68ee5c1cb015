import { EnumCoreErrorCode } from "@onex/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  CircuitBreaker,
  InfraAuthenticationError,
  InfraConnectionError,
  InfraTimeoutError,
  InfraUnavailableError,
  ProtocolConfigurationError,
  type RuntimeHostError,
  backoffDelayMs,
  retryWithBackoff,
  type RetryEvent,
  type RetryOptions,
} from "../src/index.js";

/** Deterministic PRNG (mulberry32) so jittered delays are reproducible. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function recorder() {
  const sleeps: number[] = [];
  const sleep = (ms: number): Promise<void> => {
    sleeps.push(ms);
    return Promise.resolve();
  };
  return { sleeps, sleep };
}

const base: Omit<RetryOptions, "sleep" | "random"> = { maxRetries: 6, initialDelayMs: 100, maxDelayMs: 2_000, multiplier: 2, jitter: "full" };

function failing(times: number, makeError: () => Error = () => new InfraConnectionError("refused")) {
  const attempts: number[] = [];
  const fn = (attempt: number): Promise<string> => {
    attempts.push(attempt);
    return attempts.length <= times ? Promise.reject(makeError()) : Promise.resolve(`ok after ${times}`);
  };
  return { attempts, fn };
}

describe("retryWithBackoff", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("succeeds after N transient failures, passing the attempt number", async () => {
    const { sleeps, sleep } = recorder();
    const { attempts, fn } = failing(3);
    await expect(retryWithBackoff(fn, { ...base, sleep, random: seeded(1) })).resolves.toBe("ok after 3");
    expect(attempts).toEqual([0, 1, 2, 3]);
    expect(sleeps).toHaveLength(3);
  });

  it("each delay lies within [0, min(maxDelay, initial * multiplier^attempt)] (full jitter, seeded)", async () => {
    for (const seed of [1, 2, 3, 42, 1234]) {
      const { sleeps, sleep } = recorder();
      const events: RetryEvent[] = [];
      const { fn } = failing(Number.POSITIVE_INFINITY);
      await expect(retryWithBackoff(fn, { ...base, sleep, random: seeded(seed), onRetry: (e) => events.push(e) })).rejects.toBeInstanceOf(InfraConnectionError);
      expect(sleeps).toHaveLength(6);
      sleeps.forEach((delay, attempt) => {
        const cap = Math.min(2_000, 100 * 2 ** attempt);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(cap);
      });
      expect(events.map((e) => e.retry)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(events.map((e) => e.delayMs)).toEqual(sleeps);
    }
  });

  it("jitter none waits exactly the capped exponential delays", async () => {
    const { sleeps, sleep } = recorder();
    const { fn } = failing(Number.POSITIVE_INFINITY);
    await retryWithBackoff(fn, { ...base, jitter: "none", sleep }).catch(() => undefined);
    expect(sleeps).toEqual([100, 200, 400, 800, 1_600, 2_000]);
    expect(backoffDelayMs(3, { initialDelayMs: 100, maxDelayMs: 2_000 }, () => 0.5)).toBe(400);
  });

  it("throws the last error with retryCount in its context when retries run out", async () => {
    const { sleep } = recorder();
    const { attempts, fn } = failing(Number.POSITIVE_INFINITY, () => new InfraTimeoutError("slow", { context: { transportType: "http" } }));
    const error = (await retryWithBackoff(fn, { ...base, maxRetries: 2, sleep }).catch((e: unknown) => e)) as InfraTimeoutError;
    expect(error).toBeInstanceOf(InfraTimeoutError);
    expect(error.retryCount).toBe(2);
    expect(error.toJSON().context.retryCount).toBe(2);
    expect(attempts).toHaveLength(3);
  });

  it("stops at once on a non-retryable error", async () => {
    const { sleeps, sleep } = recorder();
    const { attempts, fn } = failing(5, () => new InfraAuthenticationError("bad credentials"));
    const error = (await retryWithBackoff(fn, { ...base, sleep }).catch((e: unknown) => e)) as InfraAuthenticationError;
    expect(error).toBeInstanceOf(InfraAuthenticationError);
    expect(error.retryCount).toBe(0);
    expect(attempts).toEqual([0]);
    expect(sleeps).toEqual([]);
  });

  it("does not retry unknown plain errors by default, but does retry transient Node codes", async () => {
    const { sleep } = recorder();
    const plain = failing(1, () => new Error("bug"));
    await expect(retryWithBackoff(plain.fn, { ...base, sleep })).rejects.toThrow("bug");
    expect(plain.attempts).toHaveLength(1);
    const reset = failing(1, () => Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }));
    await expect(retryWithBackoff(reset.fn, { ...base, sleep })).resolves.toBe("ok after 1");
  });

  it("honours a custom isRetryable", async () => {
    const { sleep } = recorder();
    const { attempts, fn } = failing(2, () => new Error("custom"));
    await expect(retryWithBackoff(fn, { ...base, sleep, isRetryable: () => true })).resolves.toBe("ok after 2");
    expect(attempts).toHaveLength(3);
  });

  it("does not retry a call refused by an open circuit breaker", async () => {
    const { sleep } = recorder();
    const breaker = new CircuitBreaker({ name: "consul", failureThreshold: 1 });
    breaker.forceOpen();
    let backend = 0;
    const error = await retryWithBackoff(
      () =>
        breaker.execute(() => {
          backend++;
          return Promise.resolve(1);
        }),
      { ...base, sleep },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfraUnavailableError);
    expect(backend).toBe(0);
    const plainUnavailable = failing(1, () => new InfraUnavailableError("503 from upstream"));
    await expect(retryWithBackoff(plainUnavailable.fn, { ...base, sleep })).resolves.toBe("ok after 1");
  });

  it("is cancelled by its signal while waiting (default sleep, fake timers)", async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const { attempts, fn } = failing(Number.POSITIVE_INFINITY);
    const running = retryWithBackoff(fn, { ...base, jitter: "none", signal: controller.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    expect(attempts).toEqual([0, 1]);
    controller.abort(new Error("shutdown"));
    const error = (await running) as RuntimeHostError;
    expect(error.errorCode).toBe(EnumCoreErrorCode.CANCELLED);
    expect(attempts).toEqual([0, 1]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("waits the backoff with real timer semantics (fake timers)", async () => {
    vi.useFakeTimers();
    const { attempts, fn } = failing(2);
    const running = retryWithBackoff(fn, { ...base, jitter: "none" });
    await vi.advanceTimersByTimeAsync(99);
    expect(attempts).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempts).toEqual([0, 1]);
    await vi.advanceTimersByTimeAsync(200);
    await expect(running).resolves.toBe("ok after 2");
  });

  it("rejects invalid options", async () => {
    await expect(retryWithBackoff(() => Promise.resolve(1), { ...base, maxRetries: -1 })).rejects.toBeInstanceOf(ProtocolConfigurationError);
    await expect(retryWithBackoff(() => Promise.resolve(1), { ...base, multiplier: 0.5 })).rejects.toBeInstanceOf(ProtocolConfigurationError);
  });
});
