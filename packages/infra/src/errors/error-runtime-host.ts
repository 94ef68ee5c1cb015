import { EnumCoreErrorCode, ModelOnexError, type ModelOnexErrorJson } from "@onex/core";
import { currentCorrelationId, ensureCorrelationId } from "../correlation/util-correlation.js";
import type { EnumCircuitState } from "../enums/enum-circuit-state.js";
import type { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import type { ModelInfraErrorContext } from "../models/model-infra-error-context.js";
import { sanitizeFields, sanitizeString } from "../sanitize/util-sanitize.js";
import { causeToJson } from "./util-error-json.js";

/**
 * Options shared by every infrastructure error: the structured context, the wrapped cause and any number of
 * further safe fields (rulebook: host, port, retry counts, timeouts...). Everything except `cause` is sanitised
 * on construction, so a careless caller cannot put a secret into the message, the context or the JSON form.
 */
export interface InfraErrorOptions {
  readonly context?: ModelInfraErrorContext | undefined;
  readonly cause?: unknown;
  /** Used when `context.correlationId` is absent; then the current correlation scope; then a new UUIDv4. */
  readonly correlationId?: string | undefined;
  readonly host?: string | undefined;
  readonly port?: number | undefined;
  readonly retryCount?: number | undefined;
  readonly timeoutSeconds?: number | undefined;
  readonly retryAfterSeconds?: number | undefined;
  readonly circuitState?: EnumCircuitState | undefined;
  /** Further safe fields (e.g. `database`, `provider`); they land in `context`, sanitised. */
  readonly [field: string]: unknown;
}

/** Options of {@link RuntimeHostError}: {@link InfraErrorOptions} plus an explicit code and status. */
export interface RuntimeHostErrorOptions extends InfraErrorOptions {
  readonly errorCode?: EnumCoreErrorCode | undefined;
  readonly status?: number | undefined;
}

/** JSON form of an infrastructure error: the core error JSON plus transport, operation, target and retryability. */
export type RuntimeHostErrorJson = ModelOnexErrorJson & {
  transportType?: EnumInfraTransportType;
  operation?: string;
  targetName?: string;
  namespace?: string;
  retryable: boolean;
};

const RETRYABLE_CODES: ReadonlySet<EnumCoreErrorCode> = new Set([
  EnumCoreErrorCode.NETWORK_ERROR,
  EnumCoreErrorCode.SERVICE_UNAVAILABLE,
  EnumCoreErrorCode.TIMEOUT_ERROR,
  EnumCoreErrorCode.DATABASE_CONNECTION_ERROR,
]);

function sanitizeInfraContext(context: ModelInfraErrorContext | undefined, correlationId: string): ModelInfraErrorContext {
  const out: ModelInfraErrorContext = { correlationId };
  if (context?.transportType !== undefined) out.transportType = context.transportType;
  if (context?.operation !== undefined) out.operation = sanitizeString(context.operation);
  if (context?.targetName !== undefined) out.targetName = sanitizeString(context.targetName);
  if (context?.namespace !== undefined) out.namespace = sanitizeString(context.namespace);
  return Object.freeze(out);
}

/**
 * Base of every infrastructure error (rulebook "Error Hierarchy Reference"). Extends the core `ModelOnexError`
 * with the infra context (transport, operation, target, correlation id, namespace), sanitises message and context
 * before anything (the stack included) is built from them, and answers {@link RuntimeHostError.isRetryable}.
 *
 * `error.cause` keeps the original thrown value for debugging; every serialised form (`toJSON`, `util.inspect`,
 * `sanitizeError`) sanitises the cause chain.
 */
export class RuntimeHostError extends ModelOnexError {
  /** The sanitised infra context; `correlationId` is always set. */
  readonly infraContext: ModelInfraErrorContext;

  constructor(message: string, options: RuntimeHostErrorOptions = {}) {
    const { context, cause, correlationId, errorCode, status, ...fields } = options;
    const resolvedId = ensureCorrelationId(context?.correlationId ?? correlationId ?? currentCorrelationId());
    const infraContext = sanitizeInfraContext(context, resolvedId);
    super(sanitizeString(message), {
      errorCode: errorCode ?? EnumCoreErrorCode.INTERNAL_ERROR,
      ...(status === undefined ? {} : { status }),
      correlationId: resolvedId,
      context: Object.freeze({ ...infraContext, ...sanitizeFields(fields) }),
      cause,
    });
    this.infraContext = infraContext;
  }

  get transportType(): EnumInfraTransportType | undefined {
    return this.infraContext.transportType;
  }

  get operation(): string | undefined {
    return this.infraContext.operation;
  }

  get targetName(): string | undefined {
    return this.infraContext.targetName;
  }

  get namespace(): string | undefined {
    return this.infraContext.namespace;
  }

  /** Attempts made before giving up, when a retry layer recorded it. */
  get retryCount(): number | undefined {
    const value = this.context.retryCount;
    return typeof value === "number" ? value : undefined;
  }

  /** Transient codes (network, unavailable, timeout, database connection) are retryable; subclasses pin theirs. */
  override get isRetryable(): boolean {
    return RETRYABLE_CODES.has(this.errorCode);
  }

  /** Adds safe fields to the context after construction (e.g. `retryCount` from the retry layer); sanitised. */
  annotate(fields: Readonly<Record<string, unknown>>): this {
    (this as { context: Readonly<Record<string, unknown>> }).context = Object.freeze({ ...this.context, ...sanitizeFields(fields) });
    return this;
  }

  override toJSON(): RuntimeHostErrorJson {
    const json: RuntimeHostErrorJson = {
      name: this.name,
      message: this.message,
      errorCode: this.errorCode,
      status: this.status,
      correlationId: this.correlationId,
      timestamp: this.timestamp,
      context: { ...this.context },
      retryable: this.isRetryable,
    };
    if (this.transportType !== undefined) json.transportType = this.transportType;
    if (this.operation !== undefined) json.operation = this.operation;
    if (this.targetName !== undefined) json.targetName = this.targetName;
    if (this.namespace !== undefined) json.namespace = this.namespace;
    const cause = causeToJson(this.cause, this.correlationId, this.timestamp);
    if (cause !== undefined) json.cause = cause;
    return json;
  }

  /** `console.log(error)` / `util.inspect` show the sanitised form, never the raw cause. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    const { name: _name, message: _message, ...rest } = this.toJSON();
    return `${this.stack ?? `${this.name}: ${this.message}`}\n${JSON.stringify(rest, null, 2)}`;
  }
}
