import { z } from "zod";

/**
 * Stable error codes of the whole system, grouped by domain. Values never change once published: clients,
 * dashboards and exit codes depend on them.
 *
 * @category Enums
 */
export const EnumCoreErrorCode = {
  // validation
  VALIDATION_ERROR: "VALIDATION_ERROR",
  INVALID_INPUT: "INVALID_INPUT",
  CONTRACT_VALIDATION_ERROR: "CONTRACT_VALIDATION_ERROR",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  // configuration
  INVALID_CONFIGURATION: "INVALID_CONFIGURATION",
  MISSING_CONFIGURATION: "MISSING_CONFIGURATION",
  // registry
  SERVICE_NOT_REGISTERED: "SERVICE_NOT_REGISTERED",
  DUPLICATE_REGISTRATION: "DUPLICATE_REGISTRATION",
  RESOURCE_NOT_FOUND: "RESOURCE_NOT_FOUND",
  UNKNOWN_HANDLER_TYPE: "UNKNOWN_HANDLER_TYPE",
  // runtime
  INTERNAL_ERROR: "INTERNAL_ERROR",
  OPERATION_FAILED: "OPERATION_FAILED",
  INVALID_STATE_TRANSITION: "INVALID_STATE_TRANSITION",
  NOT_IMPLEMENTED: "NOT_IMPLEMENTED",
  CANCELLED: "CANCELLED",
  // database
  DATABASE_CONNECTION_ERROR: "DATABASE_CONNECTION_ERROR",
  DATABASE_QUERY_ERROR: "DATABASE_QUERY_ERROR",
  DATABASE_CONSTRAINT_VIOLATION: "DATABASE_CONSTRAINT_VIOLATION",
  // network
  NETWORK_ERROR: "NETWORK_ERROR",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  TIMEOUT_ERROR: "TIMEOUT_ERROR",
  // security
  AUTHENTICATION_ERROR: "AUTHENTICATION_ERROR",
  AUTHORIZATION_ERROR: "AUTHORIZATION_ERROR",
  // workflow
  WORKFLOW_INVALID_GRAPH: "WORKFLOW_INVALID_GRAPH",
  WORKFLOW_STEP_FAILED: "WORKFLOW_STEP_FAILED",
  WORKFLOW_TIMEOUT: "WORKFLOW_TIMEOUT",
} as const;

/** A core error code value. @category Enums */
export type EnumCoreErrorCode = (typeof EnumCoreErrorCode)[keyof typeof EnumCoreErrorCode];

/** zod schema accepting exactly the core error codes. @category Enums */
export const EnumCoreErrorCodeSchema = z.enum(EnumCoreErrorCode);

/** The domain a code belongs to. @category Enums */
export type EnumCoreErrorCodeGroup =
  | "validation"
  | "configuration"
  | "registry"
  | "runtime"
  | "database"
  | "network"
  | "security"
  | "workflow";

/** How a code surfaces outside the process. @category Enums */
export interface EnumCoreErrorCodeInfo {
  /** The code's domain. */
  readonly group: EnumCoreErrorCodeGroup;
  /** Process exit code (BSD sysexits) used by the CLI. */
  readonly exitCode: number;
  /** HTTP-equivalent status used by the HTTP hub and error envelopes. */
  readonly httpStatus: number;
}

// sysexits(3): 64 usage, 65 data error, 69 unavailable, 70 software, 75 temporary failure, 77 no permission, 78 config.
const info = (group: EnumCoreErrorCodeGroup, exitCode: number, httpStatus: number): EnumCoreErrorCodeInfo => ({ group, exitCode, httpStatus });

/**
 * Exit code and HTTP-equivalent status of every core error code.
 *
 * @category Enums
 */
export const EnumCoreErrorCodeInfo: Readonly<Record<EnumCoreErrorCode, EnumCoreErrorCodeInfo>> = {
  VALIDATION_ERROR: info("validation", 65, 400),
  INVALID_INPUT: info("validation", 65, 400),
  CONTRACT_VALIDATION_ERROR: info("validation", 65, 422),
  PAYLOAD_TOO_LARGE: info("validation", 65, 413),
  INVALID_CONFIGURATION: info("configuration", 78, 400),
  MISSING_CONFIGURATION: info("configuration", 78, 400),
  SERVICE_NOT_REGISTERED: info("registry", 70, 500),
  DUPLICATE_REGISTRATION: info("registry", 70, 409),
  RESOURCE_NOT_FOUND: info("registry", 69, 404),
  UNKNOWN_HANDLER_TYPE: info("registry", 64, 400),
  INTERNAL_ERROR: info("runtime", 70, 500),
  OPERATION_FAILED: info("runtime", 70, 500),
  INVALID_STATE_TRANSITION: info("runtime", 65, 409),
  NOT_IMPLEMENTED: info("runtime", 70, 501),
  CANCELLED: info("runtime", 75, 499),
  DATABASE_CONNECTION_ERROR: info("database", 69, 503),
  DATABASE_QUERY_ERROR: info("database", 70, 500),
  DATABASE_CONSTRAINT_VIOLATION: info("database", 65, 409),
  NETWORK_ERROR: info("network", 69, 503),
  SERVICE_UNAVAILABLE: info("network", 69, 503),
  TIMEOUT_ERROR: info("network", 75, 504),
  AUTHENTICATION_ERROR: info("security", 77, 401),
  AUTHORIZATION_ERROR: info("security", 77, 403),
  WORKFLOW_INVALID_GRAPH: info("workflow", 65, 422),
  WORKFLOW_STEP_FAILED: info("workflow", 70, 500),
  WORKFLOW_TIMEOUT: info("workflow", 75, 504),
};
