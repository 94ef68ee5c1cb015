// The one circuit breaker of the project (rulebook "Circuit Breaker Pattern"; ARCHITECTURE §6).
//
// Concurrency: JavaScript runs one callback at a time, so every state change happens synchronously before the
// guarded call starts or after it settles; callers never hold a lock. Each transition bumps a generation counter,
// and a call only reports back to the generation it started in: a late result from a call admitted in an earlier
// state (say a slow closed-state call finishing after the circuit opened) changes counters of nothing.
//
// Failure accounting: only errors for which `isFailure` is true count (default: retryable errors, i.e. the error's
// `isRetryable` flag, and every non-ONEX error). Other errors (validation, authentication, configuration...) say
// nothing about the backend's health, so they are neutral: they neither count as a failure nor reset the closed
// state's failure streak nor count towards closing a half-open circuit; a half-open trial slot is simply freed.
import { EnumCircuitState } from "../enums/enum-circuit-state.js";
import type { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { InfraUnavailableError } from "../errors/error-infra-unavailable.js";
import { ProtocolConfigurationError } from "../errors/error-protocol-configuration.js";

/** Options of {@link CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Name of the protected backend; the `targetName` of rejection errors. */
  readonly name: string;
  readonly transportType?: EnumInfraTransportType | undefined;
  /** Consecutive counted failures that open a closed circuit; default 5. */
  readonly failureThreshold?: number;
  /** How long the circuit stays open before admitting trial calls, in ms; default 30 000. */
  readonly resetTimeoutMs?: number;
  /** Trial calls admitted at the same time while half-open; default 1. */
  readonly halfOpenMaxCalls?: number;
  /** Successful trial calls that close a half-open circuit; default 1. */
  readonly successThreshold?: number;
  /** Which errors count as failures; default: retryable errors and any non-ONEX error. */
  readonly isFailure?: (error: unknown) => boolean;
  /** Clock in epoch ms (injectable for tests); default `Date.now`. */
  readonly now?: () => number;
}

/** Per-call options of {@link CircuitBreaker.execute}. */
export interface CircuitBreakerCallOptions {
  /** Operation name put into the context of a rejection. */
  readonly operation?: string | undefined;
  readonly correlationId?: string | undefined;
  /** Passed on to the guarded function. */
  readonly signal?: AbortSignal | undefined;
}

/** A state transition, delivered synchronously and in order to {@link CircuitBreaker.onStateChange} listeners. */
export interface CircuitBreakerStateChange {
  readonly name: string;
  readonly from: EnumCircuitState;
  readonly to: EnumCircuitState;
  /** Clock time of the transition, epoch ms. */
  readonly at: number;
}

/** Metrics view of a breaker. */
export interface CircuitBreakerSnapshot {
  readonly name: string;
  readonly state: EnumCircuitState;
  /** Consecutive counted failures in the closed state. */
  readonly failures: number;
  /** Successful trial calls in the current half-open state. */
  readonly successes: number;
  readonly openedAt: number | null;
  /** When an open circuit starts admitting trial calls. */
  readonly nextAttemptAt: number | null;
  readonly halfOpenInFlight: number;
  /** Every `execute` call, admitted or rejected. */
  readonly totalCalls: number;
  /** Counted failures of admitted calls. */
  readonly totalFailures: number;
  /** Calls refused without reaching the backend. */
  readonly totalRejections: number;
}

export type CircuitBreakerListener = (change: CircuitBreakerStateChange) => void;

function defaultIsFailure(error: unknown): boolean {
  const flag = typeof error === "object" && error !== null ? (error as { isRetryable?: unknown }).isRetryable : undefined;
  return typeof flag === "boolean" ? flag : true;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ProtocolConfigurationError(`Circuit breaker option ${name} must be a positive integer`, { operation: "circuit_breaker.configure" });
  }
  return value;
}

/**
 * Circuit breaker with closed, open and half-open states, a bounded number of concurrent half-open trial calls,
 * a retry-after hint on rejections, state-change events and a metrics snapshot. Open -> half-open happens lazily
 * (on the next call, `state` read or `snapshot`) once `resetTimeoutMs` has passed: no timers to clean up.
 */
export class CircuitBreaker {
  readonly name: string;
  readonly transportType: EnumInfraTransportType | undefined;
  readonly #failureThreshold: number;
  readonly #resetTimeoutMs: number;
  readonly #halfOpenMaxCalls: number;
  readonly #successThreshold: number;
  readonly #isFailure: (error: unknown) => boolean;
  readonly #now: () => number;
  #listeners: readonly CircuitBreakerListener[] = [];

  #state: EnumCircuitState = EnumCircuitState.CLOSED;
  #generation = 0;
  #failures = 0;
  #successes = 0;
  #halfOpenInFlight = 0;
  #openedAt: number | null = null;
  #nextAttemptAt: number | null = null;
  #totalCalls = 0;
  #totalFailures = 0;
  #totalRejections = 0;

  constructor(options: CircuitBreakerOptions) {
    this.name = options.name;
    this.transportType = options.transportType;
    this.#failureThreshold = positiveInteger("failureThreshold", options.failureThreshold ?? 5);
    this.#halfOpenMaxCalls = positiveInteger("halfOpenMaxCalls", options.halfOpenMaxCalls ?? 1);
    this.#successThreshold = positiveInteger("successThreshold", options.successThreshold ?? 1);
    const resetTimeoutMs = options.resetTimeoutMs ?? 30_000;
    if (!Number.isFinite(resetTimeoutMs) || resetTimeoutMs < 0) {
      throw new ProtocolConfigurationError("Circuit breaker option resetTimeoutMs must be a non-negative number", { operation: "circuit_breaker.configure" });
    }
    this.#resetTimeoutMs = resetTimeoutMs;
    this.#isFailure = options.isFailure ?? defaultIsFailure;
    this.#now = options.now ?? Date.now;
  }

  /** The current state (an open circuit whose reset timeout has passed reports, and becomes, half-open). */
  get state(): EnumCircuitState {
    this.#refreshOpen();
    return this.#state;
  }

  /**
   * Runs `fn` through the breaker. Closed: runs it. Open: rejects with {@link InfraUnavailableError} (with
   * `retryAfterSeconds` and `circuitState`) without calling it. Half-open: admits up to `halfOpenMaxCalls`
   * concurrent trials and rejects the rest. `fn`'s own result or error is passed through unchanged.
   */
  execute<T>(fn: (signal?: AbortSignal) => Promise<T>, options?: CircuitBreakerCallOptions): Promise<T> {
    this.#totalCalls++;
    if (this.#state !== EnumCircuitState.CLOSED) return this.#executeGuarded(fn, options);
    // Hot path: no clock read, one `then` instead of an async frame (measurably cheaper; see BENCHMARKS.md).
    const generation = this.#generation;
    let running: Promise<T>;
    try {
      running = fn(options?.signal);
    } catch (error) {
      this.#onFailure(generation, error);
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the caller's own error, passed through unchanged
      return Promise.reject(error);
    }
    return running.then(
      (value) => {
        if (generation === this.#generation) this.#failures = 0;
        return value;
      },
      (error: unknown) => {
        this.#onFailure(generation, error);
        throw error;
      },
    );
  }

  async #executeGuarded<T>(fn: (signal?: AbortSignal) => Promise<T>, options: CircuitBreakerCallOptions | undefined): Promise<T> {
    this.#refreshOpen();
    if (this.#state === EnumCircuitState.OPEN || this.#halfOpenInFlight >= this.#halfOpenMaxCalls) {
      throw this.#rejection(options);
    }
    const generation = this.#generation;
    this.#halfOpenInFlight++;
    try {
      const value = await fn(options?.signal);
      if (generation === this.#generation) {
        this.#halfOpenInFlight--;
        if (++this.#successes >= this.#successThreshold) this.#transition(EnumCircuitState.CLOSED, this.#now());
      }
      return value;
    } catch (error) {
      if (generation === this.#generation) this.#halfOpenInFlight--;
      this.#onFailure(generation, error);
      throw error;
    }
  }

  #onFailure(generation: number, error: unknown): void {
    if (!this.#isFailure(error)) return;
    this.#totalFailures++;
    if (generation !== this.#generation) return;
    if (this.#state === EnumCircuitState.HALF_OPEN || ++this.#failures >= this.#failureThreshold) {
      this.#open(this.#now(), this.#resetTimeoutMs);
    }
  }

  #refreshOpen(): void {
    if (this.#state !== EnumCircuitState.OPEN) return;
    const now = this.#now();
    if (this.#nextAttemptAt !== null && now >= this.#nextAttemptAt) this.#transition(EnumCircuitState.HALF_OPEN, now);
  }

  #open(now: number, holdMs: number): void {
    this.#transition(EnumCircuitState.OPEN, now);
    this.#openedAt = now;
    this.#nextAttemptAt = now + holdMs;
  }

  #transition(to: EnumCircuitState, now: number): void {
    const from = this.#state;
    this.#state = to;
    this.#generation++;
    this.#failures = 0;
    this.#successes = 0;
    this.#halfOpenInFlight = 0;
    if (to !== EnumCircuitState.OPEN) {
      this.#openedAt = null;
      this.#nextAttemptAt = null;
    }
    if (from === to) return;
    const change: CircuitBreakerStateChange = { name: this.name, from, to, at: now };
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch {
        // A faulty listener must not break the breaker or the caller's request.
      }
    }
  }

  #rejection(options: CircuitBreakerCallOptions | undefined): InfraUnavailableError {
    this.#totalRejections++;
    const open = this.#state === EnumCircuitState.OPEN;
    const remainingMs = open && this.#nextAttemptAt !== null ? this.#nextAttemptAt - this.#now() : 0;
    const retryAfterSeconds = Math.max(1, Math.ceil(remainingMs / 1000));
    const reason = open ? "is open" : "is half-open and all trial calls are in flight";
    return new InfraUnavailableError(`Circuit breaker "${this.name}" ${reason}; retry after ${retryAfterSeconds}s`, {
      context: {
        transportType: this.transportType,
        operation: options?.operation,
        targetName: this.name,
        correlationId: options?.correlationId,
      },
      retryAfterSeconds,
      circuitState: this.#state,
    });
  }

  /** Subscribes to state changes; returns the unsubscribe function. Listener errors are swallowed. */
  onStateChange(listener: CircuitBreakerListener): () => void {
    this.#listeners = [...this.#listeners, listener];
    return () => {
      this.#listeners = this.#listeners.filter((candidate) => candidate !== listener);
    };
  }

  /** Metrics view; performs a due open -> half-open transition first. */
  snapshot(): CircuitBreakerSnapshot {
    this.#refreshOpen();
    return {
      name: this.name,
      state: this.#state,
      failures: this.#failures,
      successes: this.#successes,
      openedAt: this.#openedAt,
      nextAttemptAt: this.#nextAttemptAt,
      halfOpenInFlight: this.#halfOpenInFlight,
      totalCalls: this.#totalCalls,
      totalFailures: this.#totalFailures,
      totalRejections: this.#totalRejections,
    };
  }

  /** Closes the circuit and clears the failure streak; in-flight calls no longer affect it. */
  reset(): void {
    this.#transition(EnumCircuitState.CLOSED, this.#now());
  }

  /** Opens the circuit now, for `holdMs` (default `resetTimeoutMs`), after which it goes half-open as usual. */
  forceOpen(holdMs: number = this.#resetTimeoutMs): void {
    this.#open(this.#now(), holdMs);
  }
}
