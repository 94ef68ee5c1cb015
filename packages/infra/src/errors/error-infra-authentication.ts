import { EnumCoreErrorCode } from "@onex/core";
import { RuntimeHostError, type InfraErrorOptions } from "./error-runtime-host.js";

/** Authentication or authorisation against a backend failed (bad or expired credentials). Code `AUTHENTICATION_ERROR`, HTTP-equivalent 401; not retryable. */
export class InfraAuthenticationError extends RuntimeHostError {
  constructor(message: string, options: InfraErrorOptions = {}) {
    super(message, { ...options, errorCode: EnumCoreErrorCode.AUTHENTICATION_ERROR, status: 401 });
  }

  override get isRetryable(): boolean {
    return false;
  }
}
