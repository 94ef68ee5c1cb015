import { EnumCoreErrorCode } from "@onex/core";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { RuntimeHostError, type InfraErrorOptions } from "./error-runtime-host.js";

// Rulebook "InfraConnectionError Transport-Aware Error Codes"; runtime and inmemory have no row and take the
// generic fallback.
const CONNECTION_ERROR_CODES: Readonly<Record<EnumInfraTransportType, EnumCoreErrorCode>> = {
  [EnumInfraTransportType.DATABASE]: EnumCoreErrorCode.DATABASE_CONNECTION_ERROR,
  [EnumInfraTransportType.HTTP]: EnumCoreErrorCode.NETWORK_ERROR,
  [EnumInfraTransportType.GRPC]: EnumCoreErrorCode.NETWORK_ERROR,
  [EnumInfraTransportType.KAFKA]: EnumCoreErrorCode.SERVICE_UNAVAILABLE,
  [EnumInfraTransportType.CONSUL]: EnumCoreErrorCode.SERVICE_UNAVAILABLE,
  [EnumInfraTransportType.VAULT]: EnumCoreErrorCode.SERVICE_UNAVAILABLE,
  [EnumInfraTransportType.VALKEY]: EnumCoreErrorCode.SERVICE_UNAVAILABLE,
  [EnumInfraTransportType.RUNTIME]: EnumCoreErrorCode.SERVICE_UNAVAILABLE,
  [EnumInfraTransportType.INMEMORY]: EnumCoreErrorCode.SERVICE_UNAVAILABLE,
};

/** The transport-aware code of a connection failure: db -> DATABASE_CONNECTION_ERROR, http/grpc -> NETWORK_ERROR, else SERVICE_UNAVAILABLE. */
export function infraConnectionErrorCode(transportType: EnumInfraTransportType | undefined): EnumCoreErrorCode {
  return transportType === undefined ? EnumCoreErrorCode.SERVICE_UNAVAILABLE : CONNECTION_ERROR_CODES[transportType];
}

/**
 * A connection to a backend failed. The code follows `context.transportType` ({@link infraConnectionErrorCode});
 * HTTP-equivalent 503; retryable.
 */
export class InfraConnectionError extends RuntimeHostError {
  constructor(message: string, options: InfraErrorOptions = {}) {
    super(message, { ...options, errorCode: infraConnectionErrorCode(options.context?.transportType), status: 503 });
  }

  override get isRetryable(): boolean {
    return true;
  }
}
