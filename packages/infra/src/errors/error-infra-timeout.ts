import { EnumCoreErrorCode } from "@onex/core";
import { RuntimeHostError, type InfraErrorOptions } from "./error-runtime-host.js";

/** An infrastructure operation exceeded its time budget. Code `TIMEOUT_ERROR`, HTTP-equivalent 504; retryable. */
export class InfraTimeoutError extends RuntimeHostError {
  constructor(message: string, options: InfraErrorOptions = {}) {
    super(message, { ...options, errorCode: EnumCoreErrorCode.TIMEOUT_ERROR, status: 504 });
  }

  override get isRetryable(): boolean {
    return true;
  }

  /** The time budget that was exceeded, when recorded. */
  get timeoutSeconds(): number | undefined {
    const value = this.context.timeoutSeconds;
    return typeof value === "number" ? value : undefined;
  }
}
