import { ModelOnexError } from "@onex/core";
import { sanitizeValue } from "@onex/infra";

/** The sanitised JSON of anything thrown, as carried by error envelopes and the hub's error responses. */
export interface RuntimeErrorPayload extends Record<string, unknown> {
  readonly errorCode: string;
  readonly status: number;
  readonly message: string;
  readonly correlationId: string;
  readonly retryable: boolean;
}

/** Converts anything thrown into {@link RuntimeErrorPayload}, bound to `correlationId` (the request's id wins). */
export function toErrorPayload(error: unknown, correlationId: string): RuntimeErrorPayload {
  const onex = ModelOnexError.fromUnknown(error, correlationId);
  const safe = sanitizeValue({ ...onex.toJSON(), correlationId, retryable: onex.isRetryable }, 12) as Record<string, unknown>;
  return {
    ...safe,
    errorCode: onex.errorCode,
    status: onex.status,
    message: typeof safe.message === "string" ? safe.message : "error",
    correlationId,
    retryable: onex.isRetryable,
  };
}
