import { EnumCoreErrorCode } from "@onex/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { InfraConnectionError, InfraTimeoutError, type RuntimeHostError, withTimeout, withTimeoutFallback } from "../src/index.js";

function never(onSignal?: (signal: AbortSignal) => void): (signal: AbortSignal) => Promise<string> {
  return (signal) => {
    onSignal?.(signal);
    return new Promise<string>(() => undefined);
  };
}

function after<T>(ms: number, value: T): () => Promise<T> {
  return () => new Promise((resolve) => setTimeout(() => resolve(value), ms));
}

describe("withTimeout", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("resolves with the value when fn finishes in time and leaves no timer behind", async () => {
    const running = withTimeout(after(50, "done"), { timeoutMs: 100, operation: "query" });
    await vi.advanceTimersByTimeAsync(50);
    await expect(running).resolves.toBe("done");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects with InfraTimeoutError on expiry and aborts the signal given to fn", async () => {
    let seen: AbortSignal | undefined;
    const running = withTimeout(
      never((signal) => (seen = signal)),
      { timeoutMs: 1_500, operation: "execute_query", context: { transportType: "db", targetName: "postgresql-primary", correlationId: "req-1" } },
    ).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_499);
    expect(seen?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = (await running) as InfraTimeoutError;
    expect(error).toBeInstanceOf(InfraTimeoutError);
    expect(error.message).toBe('Operation "execute_query" timed out after 1500 ms');
    expect(error.timeoutSeconds).toBe(1.5);
    expect(error.correlationId).toBe("req-1");
    expect(error.toJSON()).toMatchObject({ errorCode: "TIMEOUT_ERROR", status: 504, operation: "execute_query", targetName: "postgresql-primary" });
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBe(error);
  });

  it("passes fn's own error through", async () => {
    const failure = new InfraConnectionError("refused");
    await expect(withTimeout(() => Promise.reject(failure), { timeoutMs: 100 })).rejects.toBe(failure);
    await expect(
      withTimeout(
        () => {
          throw failure;
        },
        { timeoutMs: 100 },
      ),
    ).rejects.toBe(failure);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a parent signal cancels the operation", async () => {
    const parent = new AbortController();
    let seen: AbortSignal | undefined;
    const running = withTimeout(never((s) => (seen = s)), { timeoutMs: 10_000, signal: parent.signal }).catch((e: unknown) => e);
    parent.abort();
    const error = (await running) as RuntimeHostError;
    expect(error.errorCode).toBe(EnumCoreErrorCode.CANCELLED);
    expect(seen?.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("an outer timeout propagates its own error through a nested withTimeout", async () => {
    const running = withTimeout((outer) => withTimeout(never(), { timeoutMs: 5_000, operation: "inner", signal: outer }), {
      timeoutMs: 1_000,
      operation: "outer",
    }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(((await running) as InfraTimeoutError).message).toContain('"outer"');
    expect(vi.getTimerCount()).toBe(0);
  });

  it("does not start fn when the parent is already aborted", async () => {
    const parent = new AbortController();
    parent.abort(new Error("already gone"));
    const fn = vi.fn(() => Promise.resolve(1));
    const error = (await withTimeout(fn, { timeoutMs: 10, signal: parent.signal }).catch((e: unknown) => e)) as RuntimeHostError;
    expect(error.errorCode).toBe(EnumCoreErrorCode.CANCELLED);
    expect((error.cause as Error).message).toBe("already gone");
    expect(fn).not.toHaveBeenCalled();
  });
});

describe("withTimeoutFallback (graceful degradation)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("returns the primary value, not degraded, when in time", async () => {
    const running = withTimeoutFallback(after(10, "fresh"), () => Promise.resolve("cached"), { timeoutMs: 100 });
    await vi.advanceTimersByTimeAsync(10);
    await expect(running).resolves.toEqual({ value: "fresh", source: "primary", degraded: false });
  });

  it("uses the fallback when the primary times out", async () => {
    let primarySignal: AbortSignal | undefined;
    const running = withTimeoutFallback(never((s) => (primarySignal = s)), (primaryError) => Promise.resolve(`cached (${(primaryError as Error).name})`), {
      timeoutMs: 100,
      operation: "fetch",
    });
    await vi.advanceTimersByTimeAsync(100);
    const result = await running;
    expect(result).toMatchObject({ value: "cached (InfraTimeoutError)", source: "fallback", degraded: true });
    expect(result.primaryError).toBeInstanceOf(InfraTimeoutError);
    expect(primarySignal?.aborted).toBe(true);
  });

  it("throws InfraTimeoutError with the fallback's error as cause when the fallback fails", async () => {
    const fallbackFailure = new InfraConnectionError("cache down");
    const running = withTimeoutFallback(never(), () => Promise.reject(fallbackFailure), {
      timeoutMs: 100,
      operation: "fetch",
      context: { transportType: "db", correlationId: "req-9" },
    }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    const error = (await running) as InfraTimeoutError;
    expect(error).toBeInstanceOf(InfraTimeoutError);
    expect(error.message).toBe("Primary timed out and fallback failed");
    expect(error.cause).toBe(fallbackFailure);
    expect(error.correlationId).toBe("req-9");
    expect(error.timeoutSeconds).toBe(0.1);
  });

  it("bounds the fallback with fallbackTimeoutMs", async () => {
    const running = withTimeoutFallback(never(), (_primaryError, signal) => never()(signal), { timeoutMs: 100, fallbackTimeoutMs: 50 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(150);
    const error = (await running) as InfraTimeoutError;
    expect(error).toBeInstanceOf(InfraTimeoutError);
    expect(error.cause).toBeInstanceOf(InfraTimeoutError);
  });

  it("passes non-timeout primary failures through by default; fallbackOn widens it", async () => {
    const failure = new InfraConnectionError("refused");
    await expect(withTimeoutFallback(() => Promise.reject(failure), () => Promise.resolve("cached"), { timeoutMs: 100 })).rejects.toBe(failure);
    await expect(
      withTimeoutFallback(() => Promise.reject(failure), () => Promise.resolve("cached"), { timeoutMs: 100, fallbackOn: () => true }),
    ).resolves.toMatchObject({ value: "cached", degraded: true, primaryError: failure });
  });
});
