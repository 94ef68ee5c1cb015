import { EnumCoreErrorCode, ModelOnexError, type ModelOnexErrorJson } from "@onex/core";
import { sanitizeFields, sanitizeString } from "../sanitize/util-sanitize.js";

const MAX_CAUSE_DEPTH = 8;
const SKIPPED_OWN_KEYS = new Set(["name", "message", "stack", "cause", "errors"]);

/**
 * The sanitised JSON form of a cause chain, in the shape of the core error JSON (non-ONEX causes become
 * INTERNAL_ERROR entries with `originalName` and their safe own fields in `context`). Bounded depth, cycle-safe.
 */
export function causeToJson(cause: unknown, correlationId: string, timestamp: string): ModelOnexErrorJson | undefined {
  return convert(cause, correlationId, timestamp, 0, new Set());
}

function convert(value: unknown, correlationId: string, timestamp: string, depth: number, seen: Set<unknown>): ModelOnexErrorJson | undefined {
  if (value === undefined || depth >= MAX_CAUSE_DEPTH || seen.has(value)) return undefined;
  seen.add(value);
  let json: ModelOnexErrorJson;
  if (value instanceof ModelOnexError) {
    json = {
      name: value.name,
      message: sanitizeString(value.message),
      errorCode: value.errorCode,
      status: value.status,
      correlationId: value.correlationId,
      timestamp: value.timestamp,
      context: sanitizeFields(value.context),
    };
  } else if (value instanceof Error) {
    const own = Object.fromEntries(Object.entries(value).filter(([key]) => !SKIPPED_OWN_KEYS.has(key)));
    if (value instanceof AggregateError) own.errors = value.errors;
    json = {
      name: value.name,
      message: sanitizeString(value.message),
      errorCode: EnumCoreErrorCode.INTERNAL_ERROR,
      status: 500,
      correlationId,
      timestamp,
      context: sanitizeFields({ originalName: value.name, ...own }, { includeStack: false }),
    };
  } else {
    const message = typeof value === "string" ? value : `non-error value thrown (${value === null ? "null" : typeof value})`;
    return {
      name: "NonError",
      message: sanitizeString(message),
      errorCode: EnumCoreErrorCode.INTERNAL_ERROR,
      status: 500,
      correlationId,
      timestamp,
      context: {},
    };
  }
  const cause = convert(value.cause, json.correlationId, json.timestamp, depth + 1, seen);
  if (cause !== undefined) json.cause = cause;
  return json;
}
