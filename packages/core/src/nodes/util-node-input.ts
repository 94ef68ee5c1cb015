/**
 * Small helpers shared by the node archetypes' input handling.
 * @module
 */

/**
 * The `correlation_id` of a not-yet-validated input when it is a non-empty string, so that even a validation
 * error carries the caller's correlation id. Never throws, whatever `input` is.
 *
 * @category Utilities
 */
export function correlationIdHint(input: unknown): string | undefined {
  if (typeof input !== "object" || input === null) return undefined;
  const value: unknown = (input as { correlation_id?: unknown }).correlation_id;
  return typeof value === "string" && value !== "" ? value : undefined;
}
