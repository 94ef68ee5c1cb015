import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ModelContract,
  type ModelContractErrorHandlingInput,
  ModelONEXContainer,
  ModelOnexError,
  NODE_EFFECT_CIRCUIT_BREAKER,
  NodeEffect,
  nodeEffectHandlerToken,
  type NodeEffectCircuitBreaker,
  type NodeEffectHandlerContext,
  type NodeEffectOptions,
} from "../src/index.js";

/** A transport-style error: retryable, as infra's errors will be. */
class FlakyNetworkError extends ModelOnexError {
  override get isRetryable(): boolean {
    return true;
  }
}

const noSleep = { sleep: (): Promise<void> => Promise.resolve() };

function effect(errorHandling: ModelContractErrorHandlingInput, options: NodeEffectOptions, container = new ModelONEXContainer()): NodeEffect {
  return new NodeEffect(container, errorHandling, { ...noSleep, ...options });
}

function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    signal.addEventListener("abort", () => reject(signal.reason instanceof Error ? signal.reason : new Error("aborted")), { once: true });
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe("NodeEffect: retries", () => {
  it("retries a failing operation and reports the retries once it succeeds", async () => {
    const attempts: number[] = [];
    const node = effect({ retry_policy: { max_retries: 3 } }, {
      handlers: {
        "db.query": (_payload, context) => {
          attempts.push(context.attempt);
          return context.attempt < 2 ? Promise.reject(new Error("ECONNRESET")) : Promise.resolve({ rows: 1 });
        },
      },
    });
    const out = await node.process({ operation: "db.query", payload: { sql: "select 1" }, correlation_id: "c-1" });
    expect(out).toMatchObject({ operation: "db.query", success: true, result: { rows: 1 }, retry_count: 2, correlation_id: "c-1" });
    expect(out.processing_time_ms).toBeGreaterThanOrEqual(0);
    expect(attempts).toEqual([0, 1, 2]);
  });

  it("does not retry a non-retryable ONEX error", async () => {
    let calls = 0;
    const node = effect({ retry_policy: { max_retries: 5 } }, {
      handlers: {
        "db.query": () => {
          calls += 1;
          return Promise.reject(new ModelOnexError("bad statement", { errorCode: "VALIDATION_ERROR" }));
        },
      },
    });
    const out = await node.process({ operation: "db.query", payload: {} });
    expect(calls).toBe(1);
    expect(out).toMatchObject({ success: false, retry_count: 0, result: null });
    expect(out.error?.errorCode).toBe("VALIDATION_ERROR");
    expect(out.error?.message).toContain("bad statement");
    expect(out.error?.context).toMatchObject({ operation: "db.query", attempts: 1 });
  });

  it("retries ONEX errors that say they are retryable, and codes listed in retryable_error_codes", async () => {
    let calls = 0;
    const retryableByClass = effect({ retry_policy: { max_retries: 1 } }, {
      handlers: { op: () => (++calls === 1 ? Promise.reject(new FlakyNetworkError("reset", { errorCode: "NETWORK_ERROR" })) : Promise.resolve("ok")) },
    });
    expect(await retryableByClass.process({ operation: "op", payload: {} })).toMatchObject({ success: true, retry_count: 1 });

    calls = 0;
    const retryableByCode = effect({ retry_policy: { max_retries: 1, retryable_error_codes: ["DATABASE_CONNECTION_ERROR"] } }, {
      handlers: { op: () => (++calls === 1 ? Promise.reject(new ModelOnexError("down", { errorCode: "DATABASE_CONNECTION_ERROR" })) : Promise.resolve("ok")) },
    });
    expect(await retryableByCode.process({ operation: "op", payload: {} })).toMatchObject({ success: true, retry_count: 1 });
  });

  it("gives up after max_retries and reports the last error with its cause", async () => {
    let calls = 0;
    const node = effect({ retry_policy: { max_retries: 2 } }, {
      handlers: { op: () => Promise.reject(new Error(`failure ${++calls}`)) },
    });
    const out = await node.process({ operation: "op", payload: {} });
    expect(calls).toBe(3);
    expect(out).toMatchObject({ success: false, retry_count: 2 });
    expect(out.error?.errorCode).toBe("OPERATION_FAILED");
    expect(out.error?.message).toContain("after 3 attempt(s): failure 3");
    expect(out.error?.cause?.message).toBe("failure 3");
  });

  it("waits a full-jitter exponential backoff between attempts, within [0, cap)", async () => {
    const delays: number[] = [];
    const draws = [0, 0.5, 0.999, 0.25];
    let draw = 0;
    const node = effect({ retry_policy: { max_retries: 4, initial_delay_ms: 100, backoff_multiplier: 2, max_delay_ms: 300, jitter: true } }, {
      handlers: { op: () => Promise.reject(new Error("down")) },
      random: () => draws[draw++] ?? 0,
      sleep: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
    });
    await node.process({ operation: "op", payload: {} });
    const caps = [100, 200, 300, 300];
    expect(delays).toEqual([0, 100, 299, 75]);
    delays.forEach((delay, i) => {
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(caps[i] ?? 0);
    });
  });

  it("waits exactly the exponential cap when jitter is off", async () => {
    const delays: number[] = [];
    const node = effect({ retry_policy: { max_retries: 3, initial_delay_ms: 10, backoff_multiplier: 3, max_delay_ms: 50, jitter: false } }, {
      handlers: { op: () => Promise.reject(new Error("down")) },
      sleep: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
    });
    await node.process({ operation: "op", payload: {} });
    expect(delays).toEqual([10, 30, 50]);
  });
});

describe("NodeEffect: timeout and cancellation", () => {
  it("aborts an attempt that outlives timeout_ms and reports TIMEOUT_ERROR", async () => {
    vi.useFakeTimers();
    let context: NodeEffectHandlerContext | undefined;
    const node = effect({ timeout_ms: 1_000, retry_policy: { max_retries: 0 } }, {
      handlers: {
        "consul.register": (_payload, ctx) => {
          context = ctx;
          return untilAborted(ctx.signal);
        },
      },
    });
    const pending = node.process({ operation: "consul.register", payload: {} });
    await vi.advanceTimersByTimeAsync(1_000);
    const out = await pending;
    expect(context?.signal.aborted).toBe(true);
    expect(out.success).toBe(false);
    expect(out.error?.errorCode).toBe("TIMEOUT_ERROR");
    expect(out.error?.message).toContain("timed out after 1000 ms");
  });

  it("retries a timed-out attempt, honouring the input's timeout over the contract's", async () => {
    vi.useFakeTimers();
    const node = effect({ timeout_ms: 60_000, retry_policy: { max_retries: 1 } }, {
      handlers: { op: (_p, ctx) => (ctx.attempt === 0 ? untilAborted(ctx.signal) : Promise.resolve("second")) },
    });
    const pending = node.process({ operation: "op", payload: {}, timeout_ms: 200 });
    await vi.advanceTimersByTimeAsync(200);
    expect(await pending).toMatchObject({ success: true, result: "second", retry_count: 1 });
  });

  it("stops at once, without retrying, when the caller cancels", async () => {
    const controller = new AbortController();
    let calls = 0;
    const node = effect({ retry_policy: { max_retries: 5 } }, {
      handlers: {
        op: (_p, ctx) => {
          calls += 1;
          controller.abort();
          return untilAborted(ctx.signal);
        },
      },
    });
    const out = await node.process({ operation: "op", payload: {} }, { signal: controller.signal });
    expect(calls).toBe(1);
    expect(out.error?.errorCode).toBe("CANCELLED");
  });
});

describe("NodeEffect: circuit breaker", () => {
  it("opens after failure_threshold failures, refuses calls without running them, then recovers through half-open", async () => {
    let now = 0;
    let calls = 0;
    let healthy = false;
    const node = effect({ retry_policy: { max_retries: 0 }, circuit_breaker: { failure_threshold: 3, reset_timeout_ms: 5_000, success_threshold: 1 } }, {
      now: () => now,
      handlers: {
        "consul.register": () => {
          calls += 1;
          return healthy ? Promise.resolve("ok") : Promise.reject(new Error("connection refused"));
        },
      },
    });
    for (let i = 0; i < 3; i += 1) expect((await node.process({ operation: "consul.register", payload: {} })).success).toBe(false);
    expect(calls).toBe(3);
    const refused = await node.process({ operation: "consul.register", payload: {} });
    expect(calls).toBe(3);
    expect(refused.error?.errorCode).toBe("SERVICE_UNAVAILABLE");
    expect(refused.error?.cause?.context).toMatchObject({ circuitState: "open", retryAfterMs: 5_000 });

    now = 5_000;
    healthy = true;
    expect(await node.process({ operation: "consul.register", payload: {} })).toMatchObject({ success: true });
    expect(calls).toBe(4);
    expect(await node.process({ operation: "consul.register", payload: {} })).toMatchObject({ success: true });
  });

  it("counts a timed-out attempt as a breaker failure, even when the handler ignores its signal", async () => {
    vi.useFakeTimers();
    let calls = 0;
    const node = effect({ timeout_ms: 100, retry_policy: { max_retries: 0 }, circuit_breaker: { failure_threshold: 1 } }, {
      handlers: {
        op: () => {
          calls += 1;
          return new Promise<never>(() => undefined);
        },
      },
    });
    const pending = node.process({ operation: "op", payload: {} });
    await vi.advanceTimersByTimeAsync(100);
    expect((await pending).error?.errorCode).toBe("TIMEOUT_ERROR");
    expect((await node.process({ operation: "op", payload: {} })).error?.errorCode).toBe("SERVICE_UNAVAILABLE");
    expect(calls).toBe(1);
  });

  it("keeps one breaker per backend when per_backend is on", async () => {
    const node = effect({ retry_policy: { max_retries: 0 }, circuit_breaker: { failure_threshold: 1, per_backend: true } }, {
      handlers: { "consul.register": () => Promise.reject(new Error("down")), "db.query": () => Promise.resolve("rows") },
    });
    await node.process({ operation: "consul.register", payload: {} });
    expect((await node.process({ operation: "consul.register", payload: {} })).error?.errorCode).toBe("SERVICE_UNAVAILABLE");
    expect(await node.process({ operation: "db.query", payload: {} })).toMatchObject({ success: true, result: "rows" });
  });

  it("does not count non-retryable errors as breaker failures", async () => {
    const node = effect({ retry_policy: { max_retries: 0 }, circuit_breaker: { failure_threshold: 1 } }, {
      handlers: { op: () => Promise.reject(new ModelOnexError("bad input", { errorCode: "INVALID_INPUT" })) },
    });
    await node.process({ operation: "op", payload: {} });
    expect((await node.process({ operation: "op", payload: {} })).error?.errorCode).toBe("INVALID_INPUT");
  });

  it("uses a breaker registered in the container", async () => {
    const container = new ModelONEXContainer();
    let guarded = 0;
    const breaker: NodeEffectCircuitBreaker = {
      execute: <T>(fn: () => Promise<T>): Promise<T> => {
        guarded += 1;
        return fn();
      },
    };
    container.serviceRegistry.registerInstance(NODE_EFFECT_CIRCUIT_BREAKER, breaker);
    const node = effect({}, { handlers: { op: () => Promise.resolve(1) } }, container);
    await node.process({ operation: "op", payload: {} });
    expect(guarded).toBe(1);
  });
});

describe("NodeEffect: routing", () => {
  const contract = ModelContract.parse({
    name: "node_registry_effect",
    contract_version: { major: 1, minor: 0, patch: 0 },
    node_version: "1.0.0",
    node_type: "EFFECT_GENERIC",
    input_model: { name: "ModelEffectInput", module: "@onex/core" },
    output_model: { name: "ModelEffectOutput", module: "@onex/core" },
    handler_routing: { consul: "consul", "consul.kv.put": "consul_kv", db: "db" },
    error_handling: { retry_policy: { max_retries: 0 } },
  });

  it("routes by exact operation, then the longest prefix, to handlers in the container", async () => {
    const container = new ModelONEXContainer();
    container.serviceRegistry.registerInstance(nodeEffectHandlerToken("consul"), (payload) => Promise.resolve(`consul:${String(payload.id)}`));
    container.serviceRegistry.registerInstance(nodeEffectHandlerToken("consul_kv"), { execute: () => Promise.resolve("kv") });
    const node = new NodeEffect(container, contract, { handlers: { db: () => Promise.resolve("db") } });
    expect((await node.process({ operation: "consul.register", payload: { id: "n-1" } })).result).toBe("consul:n-1");
    expect((await node.process({ operation: "consul.kv.put", payload: {} })).result).toBe("kv");
    expect((await node.process({ operation: "db.query", payload: {} })).result).toBe("db");
  });

  it("throws UNKNOWN_HANDLER_TYPE naming an operation nobody serves", async () => {
    const node = new NodeEffect(new ModelONEXContainer(), contract);
    const error = (await node.process({ operation: "vault.read", payload: {} }).catch((e: unknown) => e)) as ModelOnexError;
    expect(error.errorCode).toBe("UNKNOWN_HANDLER_TYPE");
    expect(error.message).toContain('"vault.read"');
    const routed = (await node.process({ operation: "db.query", payload: {} }).catch((e: unknown) => e)) as ModelOnexError;
    expect(routed.message).toContain('routed to handler "db"');
  });
});

describe("NodeEffect: transactions", () => {
  function recorder(failOn: ReadonlySet<string>): { log: string[]; node: NodeEffect } {
    const log: string[] = [];
    const handler = (name: string) => (payload: Readonly<Record<string, unknown>>) => {
      log.push(`${name}:${String(payload.id)}`);
      return failOn.has(`${name}:${String(payload.id)}`) ? Promise.reject(new ModelOnexError(`${name} failed`, { errorCode: "DATABASE_QUERY_ERROR" })) : Promise.resolve(`${name}-done`);
    };
    const node = effect({ retry_policy: { max_retries: 0 } }, { handlers: { insert: handler("insert"), delete: handler("delete"), notify: handler("notify") } });
    return { log, node };
  }

  const steps = [
    { step_id: "a", operation: "insert", payload: { id: "a" }, rollback: { operation: "delete", payload: { id: "a" } } },
    { step_id: "b", operation: "insert", payload: { id: "b" }, rollback: { operation: "delete", payload: { id: "b" } } },
    { step_id: "c", operation: "insert", payload: { id: "c" }, rollback: { operation: "delete", payload: { id: "c" } } },
    { step_id: "d", operation: "notify", payload: { id: "d" } },
  ];

  it("commits when every step applies", async () => {
    const { log, node } = recorder(new Set());
    const out = await node.executeTransaction(steps, { transactionId: "tx-1", correlationId: "c-1" });
    expect(log).toEqual(["insert:a", "insert:b", "insert:c", "notify:d"]);
    expect(out).toMatchObject({ success: true, rolled_back: false, rolled_back_steps: [], correlation_id: "c-1" });
    expect(out.transaction).toMatchObject({ transaction_id: "tx-1", state: "committed" });
    expect(out.transaction.steps.every((s) => s.applied)).toBe(true);
    expect(out.results).toEqual({ a: "insert-done", b: "insert-done", c: "insert-done", d: "notify-done" });
  });

  it("rolls back only the applied steps, in reverse order, when a step fails", async () => {
    const { log, node } = recorder(new Set(["insert:c"]));
    const out = await node.executeTransaction(steps);
    expect(log).toEqual(["insert:a", "insert:b", "insert:c", "delete:b", "delete:a"]);
    expect(out).toMatchObject({ success: false, rolled_back: true, rolled_back_steps: ["b", "a"] });
    expect(out.transaction.state).toBe("rolled_back");
    expect(out.error?.errorCode).toBe("DATABASE_QUERY_ERROR");
    expect(out.error?.context).toMatchObject({ failed_step: "c", rolled_back: true, rolled_back_steps: ["b", "a"], rollback_failures: [] });
  });

  it("reports a failed rollback instead of swallowing it, and still rolls back the rest", async () => {
    const { log, node } = recorder(new Set(["insert:c", "delete:b"]));
    const out = await node.executeTransaction(steps);
    expect(log).toEqual(["insert:a", "insert:b", "insert:c", "delete:b", "delete:a"]);
    expect(out.rolled_back_steps).toEqual(["a"]);
    expect(out.transaction.state).toBe("failed");
    expect(out.error?.errorCode).toBe("OPERATION_FAILED");
    expect(out.error?.message).toContain('rollback failed for "b"');
    expect(out.error?.context.rollback_failures).toEqual([
      { step_id: "b", operation: "delete", message: expect.stringContaining("delete failed") as unknown, error_code: "DATABASE_QUERY_ERROR" },
    ]);
  });

  it("lists applied steps that have no rollback", async () => {
    const { node } = recorder(new Set(["insert:x"]));
    const out = await node.executeTransaction([
      { step_id: "d", operation: "notify", payload: { id: "d" } },
      { step_id: "x", operation: "insert", payload: { id: "x" } },
    ]);
    expect(out.error?.context).toMatchObject({ steps_without_rollback: ["d"] });
    expect(out.transaction.state).toBe("failed");
  });

  it("checks every operation has a handler before applying anything", async () => {
    const { log, node } = recorder(new Set());
    const error = (await node
      .executeTransaction([steps[0] ?? { operation: "insert" }, { operation: "insert", payload: {}, rollback: { operation: "undo_everything", payload: {} } }])
      .catch((e: unknown) => e)) as ModelOnexError;
    expect(error.errorCode).toBe("UNKNOWN_HANDLER_TYPE");
    expect(error.message).toContain('"undo_everything"');
    expect(log).toEqual([]);
  });
});
