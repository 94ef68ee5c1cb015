// How the runtime answers a command that never decoded: its dead-letter record becomes an error for the caller,
// under the correlation id the caller sent (from the body when it parses, else from the header).
import { EnumCoreErrorCode, EnumCoreErrorCodeSchema, ModelOnexError, type ModelEventEnvelope } from "@onex/core";
import { isValidCorrelationId } from "@onex/infra";
import { toDlqEntry } from "./runtime-dlq-view.js";

/** The body's correlation and envelope ids of an undecodable message, when its JSON carries usable ones. */
function idsFromRawValue(value: string | null): { correlationId: string | null; envelopeId: string | null } {
  if (value === null) return { correlationId: null, envelopeId: null };
  try {
    const body = JSON.parse(value) as unknown;
    if (typeof body !== "object" || body === null) return { correlationId: null, envelopeId: null };
    const { correlation_id: correlation, envelope_id: envelope } = body as { correlation_id?: unknown; envelope_id?: unknown };
    return {
      correlationId: isValidCorrelationId(correlation) ? correlation : null,
      envelopeId: isValidCorrelationId(envelope) ? envelope : null,
    };
  } catch {
    return { correlationId: null, envelopeId: null };
  }
}

/** The error answer for a dead letter of `inputTopic`, or null when `envelope` is not one. */
export function deadLetterRejection(
  envelope: ModelEventEnvelope,
  inputTopic: string,
): { readonly correlationId: string; readonly error: ModelOnexError; readonly causationId: string | null } | null {
  const stored = toDlqEntry(envelope);
  if (stored === null || stored.record.original_topic !== inputTopic) return null;
  const { record } = stored;
  const fromBody = record.encoding === "utf8" ? idsFromRawValue(record.original_value) : { correlationId: null, envelopeId: null };
  const correlationId = fromBody.correlationId ?? record.correlation_id;
  const code = EnumCoreErrorCodeSchema.safeParse(record.error_code);
  const error = new ModelOnexError(record.failure_reason, {
    errorCode: code.success ? code.data : EnumCoreErrorCode.VALIDATION_ERROR,
    correlationId,
    context: { dlqEntryId: envelope.envelope_id, originalTopic: record.original_topic, originalOffset: record.original_offset, errorType: record.error_type },
  });
  return { correlationId, error, causationId: record.original_envelope_id ?? fromBody.envelopeId };
}
