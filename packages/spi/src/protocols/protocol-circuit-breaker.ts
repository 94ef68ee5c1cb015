/**
 * Circuit states, as in the rulebook's `CircuitState`.
 *
 * @category Protocols
 */
export type ProtocolCircuitBreakerState = "closed" | "open" | "half_open";

/**
 * Per-call options of {@link ProtocolCircuitBreaker.execute}.
 *
 * @category Protocols
 */
export interface ProtocolCircuitBreakerExecuteOptions {
  /** Operation name put into the error raised when the circuit refuses the call. */
  readonly operation?: string | undefined;
  /** Correlation id put into that error; the current one when absent. */
  readonly correlationId?: string | undefined;
}

/**
 * A point-in-time view of a breaker, for health reports, metrics and the HTTP hub. Times are epoch milliseconds.
 *
 * @category Protocols
 */
export interface ProtocolCircuitBreakerSnapshot {
  /** Name of the guarded backend, e.g. `"postgres"`, `"consul"`. */
  readonly name: string;
  /** Current state. */
  readonly state: ProtocolCircuitBreakerState;
  /** Consecutive counted failures in the closed state. */
  readonly failures: number;
  /** When the circuit last opened; `null` unless open. */
  readonly openedAt: number | null;
  /** When an open circuit starts admitting trial calls (the retry-after hint); `null` unless open. */
  readonly nextAttemptAt: number | null;
  /** Every `execute` call, admitted or refused. */
  readonly totalCalls: number;
  /** Counted failures of admitted calls. */
  readonly totalFailures: number;
  /** Calls refused without reaching the backend. */
  readonly totalRejections: number;
}

/**
 * A state change reported to {@link ProtocolCircuitBreaker.onStateChange} listeners.
 *
 * @category Protocols
 */
export interface ProtocolCircuitBreakerStateChange {
  /** Name of the breaker. */
  readonly name: string;
  /** State before the change. */
  readonly from: ProtocolCircuitBreakerState;
  /** State after the change. */
  readonly to: ProtocolCircuitBreakerState;
  /** When the change happened, epoch milliseconds. */
  readonly at: number;
}

/**
 * A circuit breaker guarding one backend: closed, open (refuses calls fast with a retry-after hint), half-open
 * (a bounded number of trial calls). Safe under concurrent async callers.
 *
 * @category Protocols
 */
export interface ProtocolCircuitBreaker {
  /** Current state. */
  readonly state: ProtocolCircuitBreakerState;

  /**
   * Runs `fn` through the breaker: rejects without calling it while the circuit refuses calls (an unavailable
   * error carrying the circuit state and retry-after hint); otherwise returns or rethrows its outcome and counts it.
   */
  execute<T>(fn: () => Promise<T>, options?: ProtocolCircuitBreakerExecuteOptions): Promise<T>;

  /** The breaker's current state and counters. */
  snapshot(): ProtocolCircuitBreakerSnapshot;

  /** Calls `listener` synchronously, in order, after every state change; returns the function that removes it. */
  onStateChange(listener: (change: ProtocolCircuitBreakerStateChange) => void): () => void;
}
