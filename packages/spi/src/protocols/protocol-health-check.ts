/**
 * The answer to "can you serve requests now?", as reported by handlers, buses, stores and the runtime's `/health`.
 *
 * @category Protocols
 */
export interface ProtocolHealthCheckResult {
  /** True when the component can serve requests now. */
  readonly healthy: boolean;
  /**
   * JSON-safe details: a short reason when unhealthy, and whatever helps an operator (backend name, circuit
   * state, pool size...). Never a secret or a DSN with credentials.
   */
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * Something whose health can be asked for: handlers, buses and stores implement it.
 *
 * @category Protocols
 */
export interface ProtocolHealthCheck {
  /**
   * Reports whether the component can serve requests now, with a short reason when it cannot. Resolves in every
   * case (an unreachable backend is `healthy: false`, not a rejection).
   */
  health(): Promise<ProtocolHealthCheckResult>;
}
