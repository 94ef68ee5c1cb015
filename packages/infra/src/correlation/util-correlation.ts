// Correlation ids (rulebook "Correlation ID Assignment Rules"): propagate the incoming id, else a new UUIDv4, and
// carry it through async work with AsyncLocalStorage so errors, log lines and outgoing headers pick it up.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/** Header (HTTP and Kafka) that carries the correlation id. */
export const CORRELATION_ID_HEADER = "x-correlation-id";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Non-UUID ids from other systems are kept when they are short, printable and cannot inject anything into logs.
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

const storage = new AsyncLocalStorage<string>();

/** A new correlation id (UUIDv4). */
export function newCorrelationId(): string {
  return randomUUID();
}

/** True for a UUID (any version) or a short printable id made of `[A-Za-z0-9._:-]`. */
export function isValidCorrelationId(candidate: unknown): candidate is string {
  return typeof candidate === "string" && (UUID.test(candidate) || SAFE_ID.test(candidate));
}

/**
 * Returns `candidate` when it is a usable correlation id (a UUID or a short safe string; Buffers from Kafka
 * headers are decoded), else a new UUIDv4.
 */
export function ensureCorrelationId(candidate?: unknown): string {
  const value = candidate instanceof Uint8Array ? Buffer.from(candidate).toString("utf8") : candidate;
  const trimmed = typeof value === "string" ? value.trim() : value;
  return isValidCorrelationId(trimmed) ? trimmed : newCorrelationId();
}

/** The correlation id of the current async scope, if any. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore();
}

/**
 * Runs `fn` in a correlation scope: the given id when valid, else a new UUIDv4. Everything `fn` starts
 * (promises, timers, callbacks) sees the id through {@link currentCorrelationId}.
 */
export function runWithCorrelation<T>(correlationId: string | undefined, fn: () => T): T {
  return storage.run(ensureCorrelationId(correlationId), fn);
}

/** Headers for an outgoing message: the given id, else the current scope's, else a new one. */
export function correlationHeaders(correlationId?: string): { [CORRELATION_ID_HEADER]: string } {
  return { [CORRELATION_ID_HEADER]: ensureCorrelationId(correlationId ?? currentCorrelationId()) };
}

/**
 * Reads the correlation id from incoming headers (case-insensitive name; string, Buffer or array values, as
 * HTTP and kafkajs deliver them). Returns a new UUIDv4 when absent or unusable.
 */
export function correlationIdFromHeaders(headers: Readonly<Record<string, unknown>> | undefined): string {
  if (headers === undefined) return newCorrelationId();
  for (const [name, raw] of Object.entries(headers)) {
    if (name.toLowerCase() !== CORRELATION_ID_HEADER) continue;
    const value: unknown = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
    return ensureCorrelationId(value);
  }
  return newCorrelationId();
}
