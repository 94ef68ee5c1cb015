import { EnumCoreErrorCode } from "@onex/core";
import { RuntimeHostError, type InfraErrorOptions } from "../errors/error-runtime-host.js";

/** Options of {@link DatabaseQueryError}. */
export interface DatabaseQueryErrorOptions extends InfraErrorOptions {
  /** `DATABASE_CONSTRAINT_VIOLATION` for class 23, else `DATABASE_QUERY_ERROR`. */
  readonly errorCode: typeof EnumCoreErrorCode.DATABASE_QUERY_ERROR | typeof EnumCoreErrorCode.DATABASE_CONSTRAINT_VIOLATION;
  /** True only for transient conflicts (serialization failure 40001, deadlock 40P01). */
  readonly retryable: boolean;
  /** The five-character SQLSTATE. */
  readonly sqlState: string;
}

/**
 * A statement the database rejected: constraint violations (`DATABASE_CONSTRAINT_VIOLATION`, HTTP-equivalent 409,
 * naming the constraint, never the offending values) and query errors (`DATABASE_QUERY_ERROR`: syntax, undefined
 * objects, data exceptions...). Retryable only for serialization failures and deadlocks.
 */
export class DatabaseQueryError extends RuntimeHostError {
  readonly sqlState: string;
  readonly #retryable: boolean;

  constructor(message: string, options: DatabaseQueryErrorOptions) {
    const { retryable, errorCode, ...rest } = options;
    super(message, { ...rest, errorCode, status: errorCode === EnumCoreErrorCode.DATABASE_CONSTRAINT_VIOLATION ? 409 : 500 });
    this.sqlState = options.sqlState;
    this.#retryable = retryable;
  }

  override get isRetryable(): boolean {
    return this.#retryable;
  }

  /** The violated constraint's name, for constraint violations. */
  get constraint(): string | undefined {
    const value = this.context.constraint;
    return typeof value === "string" ? value : undefined;
  }
}
