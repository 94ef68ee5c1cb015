import { EnumCoreErrorCode } from "@onex/core";
import { RuntimeHostError, type InfraErrorOptions } from "./error-runtime-host.js";

/** An incoming envelope failed validation (malformed JSON, wrong types, oversized payload). Code `VALIDATION_ERROR`, HTTP-equivalent 400; not retryable. */
export class EnvelopeValidationError extends RuntimeHostError {
  constructor(message: string, options: InfraErrorOptions = {}) {
    super(message, { ...options, errorCode: EnumCoreErrorCode.VALIDATION_ERROR, status: 400 });
  }

  override get isRetryable(): boolean {
    return false;
  }
}
