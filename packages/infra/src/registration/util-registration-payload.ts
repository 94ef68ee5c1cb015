// Payload validation at the registration nodes' boundaries (events and effect operations).
import { formatValidationMessage, formatZodIssues } from "@onex/core";
import type { z } from "zod";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { EnvelopeValidationError } from "../errors/error-envelope-validation.js";

/**
 * Parses a payload with a generated model; a mismatch is an EnvelopeValidationError (not retryable) whose message
 * names the fields, never their values.
 */
export function parseRegistrationPayload<T extends z.ZodType>(schema: T, payload: unknown, operation: string, correlationId: string): z.infer<T> {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  throw new EnvelopeValidationError(formatValidationMessage(`${operation} payload`, formatZodIssues(parsed.error.issues)), {
    context: { transportType: EnumInfraTransportType.RUNTIME, operation, correlationId },
  });
}
