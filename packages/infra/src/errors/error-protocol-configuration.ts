/* eslint-disable onex/file-naming -- ProtocolConfigurationError is the rulebook's name for an error class, not a Protocol* interface */
import { EnumCoreErrorCode } from "@onex/core";
import { RuntimeHostError, type InfraErrorOptions } from "./error-runtime-host.js";

/** Invalid or inconsistent configuration (contract, handler or runtime settings). Code `INVALID_CONFIGURATION`, HTTP-equivalent 400; not retryable. */
export class ProtocolConfigurationError extends RuntimeHostError {
  constructor(message: string, options: InfraErrorOptions = {}) {
    super(message, { ...options, errorCode: EnumCoreErrorCode.INVALID_CONFIGURATION, status: 400 });
  }

  override get isRetryable(): boolean {
    return false;
  }
}
