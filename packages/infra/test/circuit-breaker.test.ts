import { describe, expect, it } from "vitest";
import {
  CircuitBreaker,
  EnvelopeValidationError,
  InfraConnectionError,
  InfraUnavailableError,
  ProtocolConfigurationError,
  type CircuitBreakerOptions,
  type CircuitBreakerStateChange,
} from "../src/index.js";

/** A controllable clock and a backend whose calls can be settled one by one. */
function setup(overrides: Partial<CircuitBreakerOptions> = {}) {
  let time = 1_000_000;
  const clock = {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
  const breaker = new CircuitBreaker({
    name: "postgresql-primary",
    transportType: "db",
    failureThreshold: 3,
    resetTimeoutMs: 10_000,
    halfOpenMaxCalls: 2,
    successThreshold: 2,
    now: clock.now,
    ...overrides,
  });
  const changes: CircuitBreakerStateChange[] = [];
  breaker.onStateChange((change) => changes.push(change));
  return { breaker, clock, changes };
}

const transient = (): Promise<never> => Promise.reject(new InfraConnectionError("refused", { context: { transportType: "db" } }));
const ok = (): Promise<string> => Promise.resolve("ok");

async function failTimes(breaker: CircuitBreaker, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await expect(breaker.execute(transient)).rejects.toBeInstanceOf(InfraConnectionError);
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

async function openAndWait(breaker: CircuitBreaker, clock: { advance: (ms: number) => void }): Promise<void> {
  await failTimes(breaker, 3);
  clock.advance(10_000);
}

describe("CircuitBreaker state machine", () => {
  it("stays closed below the threshold and passes results and errors through", async () => {
    const { breaker } = setup();
    await failTimes(breaker, 2);
    expect(breaker.state).toBe("closed");
    await expect(breaker.execute(ok)).resolves.toBe("ok");
    expect(breaker.snapshot().failures).toBe(0);
  });

  it("a success resets the consecutive failure streak", async () => {
    const { breaker } = setup();
    await failTimes(breaker, 2);
    await breaker.execute(ok);
    await failTimes(breaker, 2);
    expect(breaker.state).toBe("closed");
  });

  it("opens at the failure threshold and rejects without calling the backend", async () => {
    const { breaker, clock } = setup();
    await failTimes(breaker, 3);
    expect(breaker.state).toBe("open");
    clock.advance(2_500);
    let called = 0;
    const rejection = await breaker
      .execute(
        () => {
          called++;
          return ok();
        },
        { operation: "execute_query", correlationId: "c0ffee00-0000-4000-8000-000000000001" },
      )
      .catch((error: unknown) => error);
    expect(called).toBe(0);
    expect(rejection).toBeInstanceOf(InfraUnavailableError);
    const error = rejection as InfraUnavailableError;
    expect(error.retryAfterSeconds).toBe(8);
    expect(error.circuitState).toBe("open");
    expect(error.isRetryable).toBe(true);
    expect(error.correlationId).toBe("c0ffee00-0000-4000-8000-000000000001");
    expect(error.toJSON()).toMatchObject({
      errorCode: "SERVICE_UNAVAILABLE",
      transportType: "db",
      operation: "execute_query",
      targetName: "postgresql-primary",
      context: { retryAfterSeconds: 8, circuitState: "open" },
    });
  });

  it("retryAfterSeconds is the ceiling of the remaining open time and at least 1", async () => {
    const { breaker, clock } = setup();
    await failTimes(breaker, 3);
    const retryAfter = async (): Promise<number | undefined> =>
      ((await breaker.execute(ok).catch((error: unknown) => error)) as InfraUnavailableError).retryAfterSeconds;
    expect(await retryAfter()).toBe(10);
    clock.advance(9_001);
    expect(await retryAfter()).toBe(1);
    clock.advance(998);
    expect(await retryAfter()).toBe(1);
  });

  it("goes half-open after the reset timeout and closes after successThreshold successes", async () => {
    const { breaker, clock, changes } = setup();
    await openAndWait(breaker, clock);
    expect(breaker.state).toBe("half_open");
    await breaker.execute(ok);
    expect(breaker.state).toBe("half_open");
    expect(breaker.snapshot().successes).toBe(1);
    await breaker.execute(ok);
    expect(breaker.state).toBe("closed");
    expect(changes.map((c) => `${c.from}->${c.to}`)).toEqual(["closed->open", "open->half_open", "half_open->closed"]);
  });

  it("reopens on a failure in half-open, with a fresh reset timeout", async () => {
    const { breaker, clock, changes } = setup();
    await openAndWait(breaker, clock);
    await expect(breaker.execute(transient)).rejects.toBeInstanceOf(InfraConnectionError);
    expect(breaker.state).toBe("open");
    expect(breaker.snapshot().nextAttemptAt).toBe(clock.now() + 10_000);
    expect(changes.map((c) => c.to)).toEqual(["open", "half_open", "open"]);
  });

  it("non-retryable errors neither open the circuit nor reset the failure streak", async () => {
    const { breaker } = setup();
    const invalid = (): Promise<never> => Promise.reject(new EnvelopeValidationError("bad payload"));
    for (let i = 0; i < 10; i++) await expect(breaker.execute(invalid)).rejects.toBeInstanceOf(EnvelopeValidationError);
    expect(breaker.state).toBe("closed");
    await failTimes(breaker, 2);
    await expect(breaker.execute(invalid)).rejects.toBeInstanceOf(EnvelopeValidationError);
    await failTimes(breaker, 1);
    expect(breaker.state).toBe("open");
    expect(breaker.snapshot().totalFailures).toBe(3);
  });

  it("non-ONEX errors count as failures by default; isFailure overrides", async () => {
    const { breaker } = setup();
    for (let i = 0; i < 3; i++) await expect(breaker.execute(() => Promise.reject(new Error("socket")))).rejects.toThrow("socket");
    expect(breaker.state).toBe("open");
    const lenient = setup({ isFailure: () => false }).breaker;
    for (let i = 0; i < 5; i++) await expect(lenient.execute(() => Promise.reject(new Error("x")))).rejects.toThrow("x");
    expect(lenient.state).toBe("closed");
  });

  it("a synchronous throw from fn counts like a rejection", async () => {
    const { breaker } = setup({ failureThreshold: 1 });
    await expect(
      breaker.execute(() => {
        throw new InfraConnectionError("sync");
      }),
    ).rejects.toThrow("sync");
    expect(breaker.state).toBe("open");
  });

  it("emits each state change once, in order, and unsubscribe stops delivery", async () => {
    const { breaker, clock, changes } = setup({ successThreshold: 1 });
    const late: CircuitBreakerStateChange[] = [];
    const unsubscribe = breaker.onStateChange((change) => late.push(change));
    breaker.onStateChange(() => {
      throw new Error("listener bug");
    });
    await openAndWait(breaker, clock);
    await breaker.execute(ok);
    unsubscribe();
    breaker.forceOpen();
    expect(changes.map((c) => [c.from, c.to])).toEqual([
      ["closed", "open"],
      ["open", "half_open"],
      ["half_open", "closed"],
      ["closed", "open"],
    ]);
    expect(late).toHaveLength(3);
    expect(changes[0]).toMatchObject({ name: "postgresql-primary", at: clock.now() - 10_000 });
  });

  it("snapshot reports counters for metrics", async () => {
    const { breaker, clock } = setup();
    await breaker.execute(ok);
    await failTimes(breaker, 3);
    await breaker.execute(ok).catch(() => undefined);
    const openedAt = clock.now();
    expect(breaker.snapshot()).toEqual({
      name: "postgresql-primary",
      state: "open",
      failures: 0,
      successes: 0,
      openedAt,
      nextAttemptAt: openedAt + 10_000,
      halfOpenInFlight: 0,
      totalCalls: 5,
      totalFailures: 3,
      totalRejections: 1,
    });
  });

  it("reset closes and forceOpen opens for a chosen time", async () => {
    const { breaker, clock } = setup();
    breaker.forceOpen(60_000);
    clock.advance(30_000);
    expect(breaker.state).toBe("open");
    breaker.reset();
    expect(breaker.state).toBe("closed");
    await expect(breaker.execute(ok)).resolves.toBe("ok");
  });

  it("rejects invalid options with ProtocolConfigurationError", () => {
    expect(() => new CircuitBreaker({ name: "x", failureThreshold: 0 })).toThrow(ProtocolConfigurationError);
    expect(() => new CircuitBreaker({ name: "x", halfOpenMaxCalls: 1.5 })).toThrow(ProtocolConfigurationError);
    expect(() => new CircuitBreaker({ name: "x", resetTimeoutMs: -1 })).toThrow(ProtocolConfigurationError);
  });
});

describe("CircuitBreaker under concurrent callers", () => {
  it("100 concurrent calls in half-open: exactly halfOpenMaxCalls reach the backend", async () => {
    const { breaker, clock } = setup({ halfOpenMaxCalls: 3, successThreshold: 3 });
    await openAndWait(breaker, clock);
    let backendCalls = 0;
    const gate = deferred<string>();
    const results = Array.from({ length: 100 }, () =>
      breaker.execute(() => {
        backendCalls++;
        return gate.promise;
      }),
    );
    expect(backendCalls).toBe(3);
    expect(breaker.snapshot().halfOpenInFlight).toBe(3);
    gate.resolve("recovered");
    const settled = await Promise.allSettled(results);
    const fulfilled = settled.filter((r) => r.status === "fulfilled");
    const rejected = settled.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    expect(fulfilled).toHaveLength(3);
    expect(rejected).toHaveLength(97);
    for (const reason of rejected) {
      expect(reason).toBeInstanceOf(InfraUnavailableError);
      expect((reason as InfraUnavailableError).circuitState).toBe("half_open");
      expect((reason as InfraUnavailableError).retryAfterSeconds).toBe(1);
    }
    expect(breaker.state).toBe("closed");
    expect(breaker.snapshot()).toMatchObject({ totalRejections: 97, halfOpenInFlight: 0 });
  });

  it("a freed half-open slot admits the next caller, never more than the bound", async () => {
    const { breaker, clock } = setup({ halfOpenMaxCalls: 2, successThreshold: 5 });
    await openAndWait(breaker, clock);
    const calls: Deferred<string>[] = [];
    const backend = (): Promise<string> => {
      const call = deferred<string>();
      calls.push(call);
      return call.promise;
    };
    const first = breaker.execute(backend);
    const second = breaker.execute(backend);
    await expect(breaker.execute(backend)).rejects.toBeInstanceOf(InfraUnavailableError);
    calls[0]?.resolve("a");
    await first;
    const third = breaker.execute(backend);
    expect(calls).toHaveLength(3);
    await expect(breaker.execute(backend)).rejects.toBeInstanceOf(InfraUnavailableError);
    calls[1]?.resolve("b");
    calls[2]?.resolve("c");
    await Promise.all([second, third]);
    expect(breaker.snapshot()).toMatchObject({ state: "half_open", successes: 3, halfOpenInFlight: 0 });
  });

  it("late results from an earlier generation do not corrupt the state", async () => {
    const { breaker, clock } = setup({ successThreshold: 1, halfOpenMaxCalls: 1 });
    // Two slow calls start while closed; the circuit then opens from other failures.
    const slowSuccess = deferred<string>();
    const slowFailure = deferred<string>();
    const lateOk = breaker.execute(() => slowSuccess.promise);
    const lateFail = breaker.execute(() => slowFailure.promise);
    await failTimes(breaker, 3);
    expect(breaker.state).toBe("open");
    // The late closed-state success must not close the open circuit or reset anything.
    slowSuccess.resolve("late");
    await lateOk;
    expect(breaker.state).toBe("open");
    clock.advance(10_000);
    // Half-open trial in flight; the late closed-state failure must not reopen it or free the trial slot.
    const trial = deferred<string>();
    const trialCall = breaker.execute(() => trial.promise);
    slowFailure.reject(new InfraConnectionError("late failure"));
    await expect(lateFail).rejects.toThrow("late failure");
    expect(breaker.snapshot()).toMatchObject({ state: "half_open", halfOpenInFlight: 1 });
    await expect(breaker.execute(ok)).rejects.toBeInstanceOf(InfraUnavailableError);
    trial.resolve("ok");
    await trialCall;
    expect(breaker.state).toBe("closed");
    expect(breaker.snapshot().failures).toBe(0);
  });

  it("a late half-open trial result after reset does not touch the new closed state", async () => {
    const { breaker, clock } = setup({ halfOpenMaxCalls: 1 });
    await openAndWait(breaker, clock);
    const trial = deferred<string>();
    const trialCall = breaker.execute(() => trial.promise);
    breaker.reset();
    await failTimes(breaker, 2);
    trial.reject(new InfraConnectionError("late"));
    await expect(trialCall).rejects.toThrow("late");
    expect(breaker.snapshot()).toMatchObject({ state: "closed", failures: 2, halfOpenInFlight: 0 });
  });
});
