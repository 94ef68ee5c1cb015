import { EnumCoreErrorCode } from "@onex/core";
import type { EnumCircuitState } from "../enums/enum-circuit-state.js";
import { RuntimeHostError, type InfraErrorOptions } from "./error-runtime-host.js";

/**
 * A backend is unavailable, e.g. refused by an open circuit breaker. Code `SERVICE_UNAVAILABLE`, HTTP-equivalent
 * 503; retryable (after `retryAfterSeconds` when given). `circuitState` is set when a breaker refused the call.
 */
export class InfraUnavailableError extends RuntimeHostError {
  readonly retryAfterSeconds: number | undefined;
  readonly circuitState: EnumCircuitState | undefined;

  constructor(message: string, options: InfraErrorOptions = {}) {
    super(message, { ...options, errorCode: EnumCoreErrorCode.SERVICE_UNAVAILABLE, status: 503 });
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.circuitState = options.circuitState;
  }

  override get isRetryable(): boolean {
    return true;
  }
}
