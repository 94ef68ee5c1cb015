// Argument checks shared by the idempotency stores: the same inputs are accepted or refused by every store.
import { EnumCoreErrorCode, ModelOnexError } from "@onex/core";

/** Longest domain and message id accepted. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 512;

/** Default record lifetime: 7 days. */
export const DEFAULT_IDEMPOTENCY_TTL_SECONDS = 7 * 24 * 60 * 60;

function invalid(message: string): ModelOnexError {
  return new ModelOnexError(message, { errorCode: EnumCoreErrorCode.INVALID_INPUT, context: { component: "idempotency" } });
}

/** Throws INVALID_INPUT unless `domain` and `messageId` are non-empty strings without NUL, at most 512 characters. */
export function checkIdempotencyKey(domain: string, messageId: string): void {
  for (const [label, value] of [
    ["domain", domain],
    ["messageId", messageId],
  ] as const) {
    if (typeof value !== "string" || value.length === 0 || value.length > MAX_IDEMPOTENCY_KEY_LENGTH || value.includes("\u0000")) {
      throw invalid(`idempotency ${label} must be a non-empty string of at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters without NUL`);
    }
  }
}

/** The TTL to apply: the given one, else the store default; `null` means "never expires". Throws for a bad TTL. */
export function resolveTtlSeconds(ttlSeconds: number | undefined, fallback: number | null): number | null {
  const ttl = ttlSeconds ?? fallback;
  if (ttl !== null && (!Number.isFinite(ttl) || ttl <= 0)) throw invalid(`idempotency ttlSeconds must be a positive number, got ${ttl}`);
  return ttl;
}
