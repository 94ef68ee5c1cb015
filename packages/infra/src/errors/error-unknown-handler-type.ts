import { EnumCoreErrorCode } from "@onex/core";
import { RuntimeHostError, type InfraErrorOptions } from "./error-runtime-host.js";

/** No handler is registered for the envelope's operation prefix. Code `UNKNOWN_HANDLER_TYPE`, HTTP-equivalent 400; not retryable. */
export class UnknownHandlerTypeError extends RuntimeHostError {
  constructor(message: string, options: InfraErrorOptions = {}) {
    super(message, { ...options, errorCode: EnumCoreErrorCode.UNKNOWN_HANDLER_TYPE, status: 400 });
  }

  override get isRetryable(): boolean {
    return false;
  }
}
