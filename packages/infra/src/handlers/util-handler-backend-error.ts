// A safe copy of what HTTP client libraries (papi under `consul`, axios under `node-vault`) throw: their errors carry
// the whole request (headers with X-Consul-Token / X-Vault-Token) and response, so only the sanitised message, the
// HTTP status and the system error code are kept as the `cause` of the infra error.
import { sanitizeString } from "../sanitize/util-sanitize.js";

/** A property of an unknown value, if it is an object. */
export function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** A cause that is safe to keep and serialise: no response object, no request headers. */
export class BackendRequestError extends Error {
  constructor(
    message: string,
    readonly statusCode: number | undefined,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = "BackendRequestError";
  }
}

/** The HTTP status of a papi/node-vault error, if any. */
export function statusOf(error: unknown): number | undefined {
  const direct = field(error, "statusCode");
  if (typeof direct === "number") return direct;
  const nested = field(field(error, "response"), "statusCode") ?? field(field(error, "response"), "status");
  return typeof nested === "number" ? nested : undefined;
}

/** A safe copy of any client error: sanitised message (truncated), status and system error code only. */
export function safeCause(error: unknown): BackendRequestError {
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : "request failed";
  const code = field(error, "code") ?? field(field(error, "cause"), "code");
  return new BackendRequestError(sanitizeString(message).slice(0, 300), statusOf(error), typeof code === "string" ? code : undefined);
}

