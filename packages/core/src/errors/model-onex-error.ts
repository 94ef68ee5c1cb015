import { z } from "zod";
import { EnumCoreErrorCode, EnumCoreErrorCodeInfo, EnumCoreErrorCodeSchema } from "../enums/enum-core-error-code.js";

/** Structured, JSON-safe context attached to an error. Never put secrets here. @category Errors */
export type ModelOnexErrorContext = Readonly<Record<string, unknown>>;

/** Longest cause chain kept by `toJSON()`; deeper (or cyclic) chains are cut there. */
const MAX_CAUSE_DEPTH = 32;

// An error-like object (`{ message: "..." }`, e.g. from a library that throws plain objects) keeps its message.
function describeNonError(thrown: unknown): string {
  if (typeof thrown === "object" && thrown !== null && "message" in thrown && typeof thrown.message === "string") {
    return thrown.message;
  }
  return `non-error value thrown (${thrown === null ? "null" : typeof thrown})`;
}

/** Options accepted by {@link ModelOnexError}. @category Errors */
export interface ModelOnexErrorOptions {
  /** Stable code; defaults to `INTERNAL_ERROR`. */
  readonly errorCode?: EnumCoreErrorCode;
  /** HTTP-equivalent status; defaults to the code's status. */
  readonly status?: number;
  /** Correlation id of the request this error belongs to; a UUIDv4 is generated when absent. */
  readonly correlationId?: string | undefined;
  /** Structured context (service, operation, field paths...). */
  readonly context?: ModelOnexErrorContext;
  /** The error this one wraps. */
  readonly cause?: unknown;
  /** When the error happened; defaults to now. */
  readonly timestamp?: string;
}

/**
 * The JSON form of an error, as carried by error envelopes, logs and HTTP responses.
 *
 * @category Errors
 */
export const ModelOnexErrorJson = z.object({
  name: z.string(),
  message: z.string(),
  errorCode: EnumCoreErrorCodeSchema,
  status: z.number().int(),
  correlationId: z.string(),
  timestamp: z.string(),
  context: z.record(z.string(), z.unknown()),
  get cause(): z.ZodOptional<typeof ModelOnexErrorJson> {
    return ModelOnexErrorJson.optional();
  },
});

/** The JSON form of an error. @category Errors */
export type ModelOnexErrorJson = {
  name: string;
  message: string;
  errorCode: EnumCoreErrorCode;
  status: number;
  correlationId: string;
  timestamp: string;
  context: Record<string, unknown>;
  cause?: ModelOnexErrorJson | undefined;
};

/**
 * The base error of the whole system: a stable code, an HTTP-equivalent status, a correlation id, a timestamp,
 * structured context and the `cause` chain.
 *
 * @category Errors
 */
export class ModelOnexError extends Error {
  /** Stable machine-readable code. */
  readonly errorCode: EnumCoreErrorCode;
  /** HTTP-equivalent status. */
  readonly status: number;
  /** Correlation id for tracing; always set. */
  readonly correlationId: string;
  /** ISO-8601 time of creation. */
  readonly timestamp: string;
  /** Structured context. */
  readonly context: ModelOnexErrorContext;

  constructor(message: string, options: ModelOnexErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.errorCode = options.errorCode ?? EnumCoreErrorCode.INTERNAL_ERROR;
    this.status = options.status ?? EnumCoreErrorCodeInfo[this.errorCode].httpStatus;
    this.correlationId = options.correlationId ?? crypto.randomUUID();
    this.timestamp = options.timestamp ?? new Date().toISOString();
    this.context = options.context ?? {};
  }

  /** Process exit code for this error's code (BSD sysexits). */
  get exitCode(): number {
    return EnumCoreErrorCodeInfo[this.errorCode].exitCode;
  }

  /** Whether retrying the same operation may succeed. The core error says no; transport errors override this. */
  get isRetryable(): boolean {
    return false;
  }

  /** JSON form, with the cause chain converted (non-ONEX causes become INTERNAL_ERROR entries). */
  toJSON(): ModelOnexErrorJson {
    return this.toJSONAt(0);
  }

  // Depth-limited so that a cyclic cause chain cannot recurse forever.
  private toJSONAt(depth: number): ModelOnexErrorJson {
    const json: ModelOnexErrorJson = {
      name: this.name,
      message: this.message,
      errorCode: this.errorCode,
      status: this.status,
      correlationId: this.correlationId,
      timestamp: this.timestamp,
      context: { ...this.context },
    };
    if (this.cause !== undefined && depth < MAX_CAUSE_DEPTH) {
      json.cause = ModelOnexError.causeToJSON(this.cause, this.correlationId, depth + 1);
    }
    return json;
  }

  private static causeToJSON(cause: unknown, correlationId: string, depth: number): ModelOnexErrorJson {
    if (cause instanceof ModelOnexError) return cause.toJSONAt(depth);
    // fromUnknown wraps an Error with the Error itself as cause: serialise the wrapper without it, then continue
    // with the Error's own cause (converting the wrapper's cause would wrap the same Error again, forever).
    const json = ModelOnexError.fromUnknown(cause, correlationId).toJSONAt(MAX_CAUSE_DEPTH);
    if (cause instanceof Error && cause.cause !== undefined && depth < MAX_CAUSE_DEPTH) {
      json.cause = ModelOnexError.causeToJSON(cause.cause, correlationId, depth + 1);
    }
    return json;
  }

  /**
   * Rebuilds an error from its JSON form (the class becomes ModelOnexError; `name` is kept). Throws a
   * `VALIDATION_ERROR` ModelOnexError when `value` is not a valid {@link ModelOnexErrorJson}.
   */
  static fromJSON(value: unknown): ModelOnexError {
    const parsed = ModelOnexErrorJson.safeParse(value);
    if (!parsed.success) {
      // Kept local (not util-parse-model) because that module depends on this one.
      const paths = parsed.error.issues.map((issue) => `"${issue.path.map(String).join(".")}": ${issue.message}`);
      throw new ModelOnexError(`invalid ModelOnexErrorJson at ${paths.join("; ")}`, {
        errorCode: EnumCoreErrorCode.VALIDATION_ERROR,
        context: { where: "ModelOnexErrorJson", paths: parsed.error.issues.map((issue) => issue.path.map(String).join(".")) },
      });
    }
    return ModelOnexError.fromParsedJson(parsed.data);
  }

  private static fromParsedJson(json: ModelOnexErrorJson): ModelOnexError {
    const error = new ModelOnexError(json.message, {
      errorCode: json.errorCode,
      status: json.status,
      correlationId: json.correlationId,
      timestamp: json.timestamp,
      context: json.context,
      cause: json.cause === undefined ? undefined : ModelOnexError.fromParsedJson(json.cause),
    });
    error.name = json.name;
    return error;
  }

  /**
   * Wraps anything thrown into a ModelOnexError: ONEX errors are returned as they are, `Error`s keep their
   * message and become the cause, anything else is described.
   */
  static fromUnknown(thrown: unknown, correlationId?: string, errorCode: EnumCoreErrorCode = EnumCoreErrorCode.INTERNAL_ERROR): ModelOnexError {
    if (thrown instanceof ModelOnexError) return thrown;
    if (thrown instanceof Error) {
      return new ModelOnexError(thrown.message, { errorCode, correlationId, cause: thrown, context: { originalName: thrown.name } });
    }
    const description = typeof thrown === "string" ? thrown : describeNonError(thrown);
    return new ModelOnexError(description, { errorCode, correlationId });
  }
}
