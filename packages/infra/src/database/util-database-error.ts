// SQLSTATE-aware mapping of whatever `pg` or PGlite throws to the project's errors. Driver errors are never kept as
// they are: their `detail`, `where`, `internalQuery`, `params` (PGlite) and some messages (class 22: `invalid input
// syntax for type integer: "<value>"`) carry row values, so the cause is a copy holding only safe fields.
import { EnumCoreErrorCode } from "@onex/core";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { InfraAuthenticationError } from "../errors/error-infra-authentication.js";
import { InfraConnectionError } from "../errors/error-infra-connection.js";
import { InfraTimeoutError } from "../errors/error-infra-timeout.js";
import { InfraUnavailableError } from "../errors/error-infra-unavailable.js";
import { RuntimeHostError } from "../errors/error-runtime-host.js";
import type { ModelInfraErrorContext } from "../models/model-infra-error-context.js";
import { DatabaseQueryError } from "./error-database-query.js";

/** Where a database failure happened, for the error context and the retry decision. */
export interface DatabaseErrorSite {
  readonly operation: string;
  readonly targetName: string;
  readonly correlationId?: string | undefined;
  /**
   * Whether any of the caller's SQL may have reached the server. False for connect/BEGIN failures: only then is
   * retrying a non-idempotent statement safe.
   */
  readonly statementSent: boolean;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
const CONDITIONS: Readonly<Record<string, string>> = {
  "08000": "connection_exception",
  "08003": "connection_does_not_exist",
  "08006": "connection_failure",
  "08001": "sqlclient_unable_to_establish_sqlconnection",
  "08004": "sqlserver_rejected_establishment_of_sqlconnection",
  "22001": "string_data_right_truncation",
  "22003": "numeric_value_out_of_range",
  "22007": "invalid_datetime_format",
  "22008": "datetime_field_overflow",
  "22012": "division_by_zero",
  "22P02": "invalid_text_representation",
  "23502": "not_null_violation",
  "23503": "foreign_key_violation",
  "23505": "unique_violation",
  "23514": "check_violation",
  "23P01": "exclusion_violation",
  "25P02": "in_failed_sql_transaction",
  "28000": "invalid_authorization_specification",
  "28P01": "invalid_password",
  "3D000": "invalid_catalog_name",
  "40001": "serialization_failure",
  "40P01": "deadlock_detected",
  "42501": "insufficient_privilege",
  "42601": "syntax_error",
  "42703": "undefined_column",
  "42883": "undefined_function",
  "42P01": "undefined_table",
  "53300": "too_many_connections",
  "57014": "query_canceled",
  "57P01": "admin_shutdown",
  "57P02": "crash_shutdown",
  "57P03": "cannot_connect_now",
};
const CONNECTION_SQLSTATES = new Set(["57P01", "57P02", "57P03"]);
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EADDRNOTAVAIL",
  "ERR_SOCKET_CLOSED",
]);
// pg reports these without a code.
const CONNECT_TIMEOUT = /timeout exceeded when trying to connect|connection timeout|ETIMEDOUT/i;
const CONNECTION_LOST = /Connection terminated|not queryable|Client was closed|Connection closed|socket hang up|Client has already been connected/i;
const SAFE_FIELDS = ["code", "errno", "syscall", "address", "port", "severity", "constraint", "table", "schema", "column", "dataType", "routine"];

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function stringField(value: unknown, key: string): string | undefined {
  const found = field(value, key);
  return typeof found === "string" || typeof found === "number" ? String(found) : undefined;
}

/** A copy of a driver error with only identifying, value-free fields (and `message` as given). */
function safeCause(thrown: unknown, message: string): Error {
  const copy = new Error(message);
  const name = field(thrown, "name");
  copy.name = typeof name === "string" && name !== "error" ? name : "DatabaseError";
  for (const key of SAFE_FIELDS) {
    const value = field(thrown, key);
    if (typeof value === "string" || typeof value === "number") Object.defineProperty(copy, key, { value, enumerable: true });
  }
  delete copy.stack;
  return copy;
}

function networkCode(thrown: unknown): string | undefined {
  const code = stringField(thrown, "code");
  if (code !== undefined && NETWORK_CODES.has(code)) return code;
  const errors = field(thrown, "errors");
  if (Array.isArray(errors)) {
    for (const inner of errors as unknown[]) {
      const innerCode = stringField(inner, "code");
      if (innerCode !== undefined && NETWORK_CODES.has(innerCode)) return innerCode;
    }
  }
  return undefined;
}

/**
 * Maps a failure of `pg`/PGlite (or of connecting) to the project's error classes:
 * class 08, 57P01/57P02/57P03, ECONNREFUSED/ECONNRESET/..., lost connections -> InfraConnectionError
 * (DATABASE_CONNECTION_ERROR, retryable); 57014 and connect timeouts -> InfraTimeoutError; class 28 ->
 * InfraAuthenticationError; 53300 -> InfraUnavailableError; class 23 -> DatabaseQueryError
 * DATABASE_CONSTRAINT_VIOLATION naming the constraint; 40001/40P01 -> retryable DatabaseQueryError; other
 * SQLSTATEs -> DatabaseQueryError DATABASE_QUERY_ERROR. The context records `statementSent` and `sqlState`.
 */
export function toDatabaseError(thrown: unknown, site: DatabaseErrorSite): RuntimeHostError {
  if (thrown instanceof RuntimeHostError) return thrown;
  const context: ModelInfraErrorContext = {
    transportType: EnumInfraTransportType.DATABASE,
    operation: site.operation,
    targetName: site.targetName,
    correlationId: site.correlationId,
  };
  const code = stringField(thrown, "code");
  const rawMessage = thrown instanceof Error ? thrown.message : typeof thrown === "string" ? thrown : "database failure";
  const fields = { statementSent: site.statementSent };
  if (code !== undefined && SQLSTATE.test(code)) return fromSqlState(thrown, code, rawMessage, context, site);

  const network = networkCode(thrown);
  if (network !== undefined || CONNECTION_LOST.test(rawMessage)) {
    const message = `${site.operation} on ${site.targetName} lost or could not open its connection: ${rawMessage || network || "connection failure"}`;
    return new InfraConnectionError(message, { context, cause: safeCause(thrown, rawMessage), ...fields });
  }
  if (CONNECT_TIMEOUT.test(rawMessage)) {
    return new InfraTimeoutError(`${site.operation} on ${site.targetName} timed out: ${rawMessage}`, { context, cause: safeCause(thrown, rawMessage), ...fields });
  }
  return new RuntimeHostError(`${site.operation} on ${site.targetName} failed: ${rawMessage}`, {
    context,
    cause: safeCause(thrown, rawMessage),
    errorCode: EnumCoreErrorCode.DATABASE_QUERY_ERROR,
    ...fields,
  });
}

function fromSqlState(thrown: unknown, code: string, rawMessage: string, context: ModelInfraErrorContext, site: DatabaseErrorSite): RuntimeHostError {
  const condition = CONDITIONS[code] ?? `class ${code.slice(0, 2)}`;
  const sqlClass = code.slice(0, 2);
  const fields = { statementSent: site.statementSent, sqlState: code };
  const where = `${site.operation} on ${site.targetName}`;
  if (sqlClass === "08" || CONNECTION_SQLSTATES.has(code)) {
    return new InfraConnectionError(`${where} lost its connection: ${condition} (SQLSTATE ${code})`, { context, cause: safeCause(thrown, rawMessage), ...fields });
  }
  if (code === "57014") {
    return new InfraTimeoutError(`${where} was cancelled by the server (statement timeout): ${condition} (SQLSTATE ${code})`, {
      context,
      cause: safeCause(thrown, rawMessage),
      ...fields,
    });
  }
  if (sqlClass === "28") {
    return new InfraAuthenticationError(`${where} was refused: ${condition} (SQLSTATE ${code})`, { context, cause: safeCause(thrown, condition), ...fields });
  }
  if (code === "53300") {
    return new InfraUnavailableError(`${where} was refused: ${condition} (SQLSTATE ${code})`, { context, cause: safeCause(thrown, rawMessage), ...fields });
  }
  if (sqlClass === "23") {
    const constraint = stringField(thrown, "constraint");
    const table = stringField(thrown, "table");
    const column = stringField(thrown, "column");
    const subject = constraint !== undefined ? `constraint "${constraint}"` : column !== undefined ? `column "${column}"` : "a constraint";
    const on = table === undefined ? "" : ` of table "${table}"`;
    // The server's message is replaced: only names, never the offending values (they are in `detail`).
    return new DatabaseQueryError(`${where} violated ${subject}${on}: ${condition} (SQLSTATE ${code})`, {
      context,
      cause: safeCause(thrown, condition),
      errorCode: EnumCoreErrorCode.DATABASE_CONSTRAINT_VIOLATION,
      retryable: false,
      constraint,
      table,
      column,
      ...fields,
    });
  }
  // Class 22 (data exceptions) quotes the rejected value in its message: keep only the condition name.
  const detail = sqlClass === "22" ? condition : `${rawMessage} (${condition})`;
  return new DatabaseQueryError(`${where} failed: ${detail} (SQLSTATE ${code})`, {
    context,
    cause: safeCause(thrown, sqlClass === "22" ? condition : rawMessage),
    errorCode: EnumCoreErrorCode.DATABASE_QUERY_ERROR,
    retryable: code === "40001" || code === "40P01",
    ...fields,
  });
}

/** Whether `error` is a serialization failure or deadlock: transient, but no sign of an unhealthy backend. */
export function isTransactionConflict(error: unknown): boolean {
  return error instanceof DatabaseQueryError && (error.sqlState === "40001" || error.sqlState === "40P01");
}

/** Whether the failure happened before any of the caller's SQL could reach the server (see {@link DatabaseErrorSite}). */
export function failedBeforeStatement(error: unknown): boolean {
  return error instanceof RuntimeHostError && error.context.statementSent === false;
}
