/**
 * The circuit breaker seam of {@link NodeEffect}: the interface any breaker must satisfy and a minimal default
 * driven by the contract's `error_handling.circuit_breaker`. Infra supplies a richer breaker (events, metrics)
 * through the container; this one keeps core self-sufficient.
 * @module
 */
import { EnumCoreErrorCode } from "../enums/enum-core-error-code.js";
import { ModelOnexError } from "../errors/model-onex-error.js";

/**
 * Anything that can guard a call: run `fn`, or refuse fast with an error while the circuit is open.
 *
 * @category Nodes
 */
export interface NodeEffectCircuitBreaker {
  /** Runs `fn` through the breaker; rejects without calling `fn` when the circuit refuses calls. */
  execute<T>(fn: () => Promise<T>): Promise<T>;
}

/** States of the default breaker (the rulebook's CircuitState values). @category Nodes */
export type NodeEffectCircuitBreakerState = "closed" | "open" | "half_open";

/** Settings of {@link NodeEffectCircuitBreakerDefault}, named as in the contract's `circuit_breaker`. @category Nodes */
export interface NodeEffectCircuitBreakerSettings {
  /** When false the breaker is a pass-through. */
  readonly enabled: boolean;
  /** Consecutive counted failures (closed state) that open the circuit. */
  readonly failure_threshold: number;
  /** Time the circuit stays open before admitting trial calls, in milliseconds. */
  readonly reset_timeout_ms: number;
  /** Trial calls admitted concurrently while half-open. */
  readonly half_open_max_requests: number;
  /** Successful trial calls needed to close the circuit again. */
  readonly success_threshold: number;
}

/** Options of {@link NodeEffectCircuitBreakerDefault}. @category Nodes */
export interface NodeEffectCircuitBreakerOptions {
  /** Name used in error messages and context (e.g. the backend). */
  readonly name?: string;
  /** Clock in epoch milliseconds; `Date.now` by default (injectable for tests). */
  readonly now?: () => number;
  /** Which errors count as failures; all by default. Non-transient errors should not open a circuit. */
  readonly isFailure?: (error: unknown) => boolean;
}

/**
 * A minimal, async-safe circuit breaker: closed -> open after `failure_threshold` consecutive failures; open
 * refuses calls with `SERVICE_UNAVAILABLE` (context carries `circuitState` and `retryAfterMs`) until
 * `reset_timeout_ms` has elapsed; half-open admits at most `half_open_max_requests` concurrent trial calls,
 * closes after `success_threshold` successes and reopens on any counted failure. State is updated
 * synchronously around each await, so concurrent callers on one event loop cannot corrupt it.
 *
 * @category Nodes
 */
export class NodeEffectCircuitBreakerDefault implements NodeEffectCircuitBreaker {
  readonly #settings: NodeEffectCircuitBreakerSettings;
  readonly #name: string;
  readonly #now: () => number;
  readonly #isFailure: (error: unknown) => boolean;
  #state: NodeEffectCircuitBreakerState = "closed";
  #failures = 0;
  #openedAt = 0;
  #trialsInFlight = 0;
  #trialSuccesses = 0;

  constructor(settings: NodeEffectCircuitBreakerSettings, options: NodeEffectCircuitBreakerOptions = {}) {
    this.#settings = settings;
    this.#name = options.name ?? "effect";
    this.#now = options.now ?? Date.now;
    this.#isFailure = options.isFailure ?? (() => true);
  }

  /** Current state (an open circuit whose reset timeout elapsed reports `half_open`). */
  get state(): NodeEffectCircuitBreakerState {
    this.#refresh();
    return this.#state;
  }

  /** Consecutive counted failures in the closed state. */
  get failureCount(): number {
    return this.#failures;
  }

  /** {@inheritDoc NodeEffectCircuitBreaker.execute} */
  async execute<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.#settings.enabled) return fn();
    this.#refresh();
    if (this.#state === "open") {
      throw this.#refusal(Math.max(0, this.#openedAt + this.#settings.reset_timeout_ms - this.#now()));
    }
    const trial = this.#state === "half_open";
    if (trial) {
      if (this.#trialsInFlight >= Math.max(1, this.#settings.half_open_max_requests)) throw this.#refusal(0);
      this.#trialsInFlight += 1;
    }
    try {
      const result = await fn();
      this.#onSuccess(trial);
      return result;
    } catch (error) {
      this.#onError(trial, error);
      throw error;
    } finally {
      if (trial) this.#trialsInFlight -= 1;
    }
  }

  #refresh(): void {
    if (this.#state === "open" && this.#now() - this.#openedAt >= this.#settings.reset_timeout_ms) {
      this.#state = "half_open";
      this.#trialSuccesses = 0;
    }
  }

  #onSuccess(trial: boolean): void {
    if (trial && this.#state === "half_open") {
      this.#trialSuccesses += 1;
      if (this.#trialSuccesses >= Math.max(1, this.#settings.success_threshold)) {
        this.#state = "closed";
        this.#failures = 0;
      }
      return;
    }
    if (this.#state === "closed") this.#failures = 0;
  }

  #onError(trial: boolean, error: unknown): void {
    if (!this.#isFailure(error)) return;
    if (trial || this.#state === "half_open") {
      this.#open();
      return;
    }
    if (this.#state === "closed") {
      this.#failures += 1;
      if (this.#failures >= Math.max(1, this.#settings.failure_threshold)) this.#open();
    }
  }

  #open(): void {
    this.#state = "open";
    this.#openedAt = this.#now();
    this.#trialSuccesses = 0;
  }

  #refusal(retryAfterMs: number): ModelOnexError {
    return new ModelOnexError(`Circuit breaker '${this.#name}' is ${this.#state}: call refused`, {
      errorCode: EnumCoreErrorCode.SERVICE_UNAVAILABLE,
      context: { circuitBreaker: this.#name, circuitState: this.#state, retryAfterMs },
    });
  }
}
