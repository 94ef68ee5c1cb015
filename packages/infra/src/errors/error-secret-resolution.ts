import { EnumCoreErrorCode } from "@onex/core";
import { RuntimeHostError, type InfraErrorOptions } from "./error-runtime-host.js";

/** A secret or credential could not be resolved (missing Vault path, unset variable, unreadable file). Code `RESOURCE_NOT_FOUND`, HTTP-equivalent 404; not retryable. */
export class SecretResolutionError extends RuntimeHostError {
  constructor(message: string, options: InfraErrorOptions = {}) {
    super(message, { ...options, errorCode: EnumCoreErrorCode.RESOURCE_NOT_FOUND, status: 404 });
  }

  override get isRetryable(): boolean {
    return false;
  }
}
