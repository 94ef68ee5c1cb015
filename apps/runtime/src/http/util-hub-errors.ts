// How the hub answers errors: `{ error: { errorCode, message, correlationId } }` with the code's HTTP status.
import { EnumCoreErrorCode, EnumCoreErrorCodeInfo, ModelOnexError } from "@onex/core";
import { sanitizeString, sanitizeValue } from "@onex/infra";

/** Body of every hub error response. */
export interface HubErrorBody {
  readonly error: {
    readonly errorCode: string;
    readonly message: string;
    readonly correlationId: string;
    readonly details?: unknown;
  };
}

interface FrameworkError {
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly message?: unknown;
}

// Fastify's own request errors (body too large, bad JSON, unsupported media type) as ONEX errors.
function fromFramework(error: FrameworkError, correlationId: string): ModelOnexError | null {
  const status = typeof error.statusCode === "number" ? error.statusCode : undefined;
  if (status === undefined || status >= 500 || typeof error.code !== "string" || !error.code.startsWith("FST_")) return null;
  const message = typeof error.message === "string" ? error.message : "bad request";
  if (status === 413) return new ModelOnexError(`request body too large: ${message}`, { errorCode: EnumCoreErrorCode.PAYLOAD_TOO_LARGE, correlationId });
  const errorCode = status === 404 ? EnumCoreErrorCode.RESOURCE_NOT_FOUND : EnumCoreErrorCode.INVALID_INPUT;
  return new ModelOnexError(message, { errorCode, status, correlationId });
}

/** The status and body of anything thrown while serving a request. */
export function hubError(thrown: unknown, correlationId: string): { readonly status: number; readonly body: HubErrorBody } {
  const error = fromFramework(thrown as FrameworkError, correlationId) ?? ModelOnexError.fromUnknown(thrown, correlationId);
  const status = error.status >= 400 && error.status <= 599 ? error.status : EnumCoreErrorCodeInfo[error.errorCode].httpStatus;
  const problems: unknown = error.context.issues ?? error.context.problems;
  return {
    status,
    body: {
      error: {
        errorCode: error.errorCode,
        message: sanitizeString(error.message),
        correlationId,
        ...(problems === undefined ? {} : { details: sanitizeValue(problems) }),
      },
    },
  };
}
