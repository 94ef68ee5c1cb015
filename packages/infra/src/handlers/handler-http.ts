// The `http` handler on Node's built-in fetch (undici). Call path: checks (allowlist, request size) -> the target
// host's breaker -> deadline (AbortSignal) -> fetch and a bounded body read. No retry layer: a failed request comes
// back as a retryable or final error and the caller (runtime redelivery) decides.
//
// Statuses: 401/403 -> InfraAuthenticationError; 408/504 -> InfraTimeoutError; 429/502/503 ->
// InfraUnavailableError (with Retry-After); other 5xx -> InfraConnectionError (NETWORK_ERROR); everything else is
// returned as data. URL credentials become a Basic Authorization header; no header value and no URL query string
// ever reaches an error or a log: errors name the method, host and status only.
import { EnumCoreErrorCode, type ModelEventEnvelope } from "@onex/core";
import type { ProtocolHandler, ProtocolHandlerDescription, ProtocolHandlerResult, ProtocolHealthCheckResult } from "@onex/spi";
import { z } from "zod";
import { runWithCorrelation } from "../correlation/util-correlation.js";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { InfraAuthenticationError } from "../errors/error-infra-authentication.js";
import { InfraConnectionError } from "../errors/error-infra-connection.js";
import { InfraTimeoutError } from "../errors/error-infra-timeout.js";
import { InfraUnavailableError } from "../errors/error-infra-unavailable.js";
import { ProtocolConfigurationError } from "../errors/error-protocol-configuration.js";
import { RuntimeHostError } from "../errors/error-runtime-host.js";
import { toInfraError } from "../errors/util-to-infra-error.js";
import type { ModelInfraErrorContext } from "../models/model-infra-error-context.js";
import { withTimeout } from "../resilience/util-timeout.js";
import { createCircuitBreakerFactory, type CircuitBreakerFactory } from "../wiring/util-circuit-breaker-factory.js";
import { encodeRequestBody, payloadTooLarge, readResponseBody } from "./handler-http-body.js";
import { ModelHandlerHttpConfig } from "./model-handler-http-config.js";
import { handlerNotReadyError, parseHandlerConfig, parseOperationPayload, unknownOperationError, type InfraHandlerLifecycle, type InfraHandlerOptions } from "./util-handler-support.js";

const METHODS = { "http.get": "GET", "http.post": "POST", "http.put": "PUT", "http.patch": "PATCH", "http.delete": "DELETE" } as const;
const OPERATIONS = Object.keys(METHODS) as readonly (keyof typeof METHODS)[];

const HeaderName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { message: "must be an HTTP header name" });
const HeaderValue = z.string().regex(/^[^\r\n\0]*$/, { message: "must not contain CR, LF or NUL" });
const QueryValue = z.union([z.string(), z.number(), z.boolean()]);
const RequestPayload = z.strictObject({
  url: z.string().min(1).max(8_192),
  headers: z.record(HeaderName, HeaderValue).optional(),
  query: z.record(z.string().min(1), z.union([QueryValue, z.array(QueryValue)])).optional(),
  body: z.unknown().optional(),
  timeoutMs: z.number().int().min(1).optional(),
});

/** Result payload of every `http.*` operation. */
export interface HandlerHttpResult {
  readonly status: number;
  /** Response headers, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON (`unknown`), text, base64 (binary) or null (empty). */
  readonly body: unknown;
  readonly bodyEncoding: "json" | "text" | "base64" | "empty";
}

function retryAfterSeconds(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

function hostAllowed(allowed: readonly string[], url: URL): boolean {
  const host = url.hostname.toLowerCase();
  const hostPort = url.host.toLowerCase();
  return allowed.some((entry) => (entry.startsWith("*.") ? host.endsWith(entry.slice(1)) : entry === host || entry === hostPort));
}

/** Handler of `http.get|post|put|patch|delete` with payload `{url, headers?, query?, body?, timeoutMs?}`. */
export class HandlerHttp implements ProtocolHandler {
  readonly handlerType = "http";
  readonly #factory: CircuitBreakerFactory;
  #lifecycle: InfraHandlerLifecycle = "created";
  #config: ModelHandlerHttpConfig | undefined;

  constructor(options: InfraHandlerOptions = {}) {
    this.#factory = options.circuitBreakerFactory ?? createCircuitBreakerFactory();
  }

  initialize(config: unknown): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.#lifecycle !== "created") {
        throw new ProtocolConfigurationError(`handler "http" cannot be initialized twice`, { context: { operation: "http.initialize", targetName: "http" } });
      }
      this.#config = parseHandlerConfig(ModelHandlerHttpConfig, config, "http");
      this.#lifecycle = "ready";
      resolve();
    });
  }

  execute(envelope: ModelEventEnvelope): Promise<ProtocolHandlerResult> {
    const config = this.#config;
    const baseContext: ModelInfraErrorContext = {
      transportType: EnumInfraTransportType.HTTP,
      operation: envelope.operation ?? undefined,
      targetName: "http",
      correlationId: envelope.correlation_id,
    };
    if (this.#lifecycle !== "ready" || config === undefined) return Promise.reject(handlerNotReadyError("http", this.#lifecycle, baseContext));
    const operation = envelope.operation;
    if (operation === null || !Object.hasOwn(METHODS, operation)) return Promise.reject(unknownOperationError("http", OPERATIONS, baseContext));
    return runWithCorrelation(envelope.correlation_id, () => this.#request(config, envelope, METHODS[operation as keyof typeof METHODS], baseContext));
  }

  async #request(config: ModelHandlerHttpConfig, envelope: ModelEventEnvelope, method: string, baseContext: ModelInfraErrorContext): Promise<ProtocolHandlerResult> {
    const payload = parseOperationPayload(RequestPayload, envelope, () => baseContext);
    const invalid = (message: string): RuntimeHostError => new RuntimeHostError(message, { context: baseContext, errorCode: EnumCoreErrorCode.INVALID_INPUT });
    let url: URL;
    try {
      url = new URL(payload.url);
    } catch {
      throw invalid(`${method} request refused: payload.url is not an absolute URL`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw invalid(`${method} request refused: only http and https URLs are allowed`);
    const context: ModelInfraErrorContext = { ...baseContext, targetName: url.host };
    if (config.allowedHosts !== undefined && !hostAllowed(config.allowedHosts, url)) {
      throw new RuntimeHostError(`${method} ${url.host} refused: host is not in the handler's allowedHosts`, { context, errorCode: EnumCoreErrorCode.AUTHORIZATION_ERROR });
    }
    if (payload.body !== undefined && (method === "GET" || method === "DELETE")) throw invalid(`${method} request refused: a ${method} request takes no body`);
    const timeoutMs = payload.timeoutMs ?? config.timeoutMs;
    if (timeoutMs > config.maxTimeoutMs) throw invalid(`${method} request refused: timeoutMs may be at most ${config.maxTimeoutMs}`);

    const headers = new Headers(config.defaultHeaders);
    headers.set("user-agent", config.userAgent);
    for (const [name, value] of Object.entries(payload.headers ?? {})) headers.set(name, value);
    // fetch refuses URLs with credentials; send them the way a browser would, as Basic authentication.
    if (url.username !== "" || url.password !== "") {
      if (!headers.has("authorization")) {
        const userInfo = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
        headers.set("authorization", `Basic ${Buffer.from(userInfo, "utf8").toString("base64")}`);
      }
      url.username = "";
      url.password = "";
    }
    for (const [name, value] of Object.entries(payload.query ?? {})) {
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(item));
    }
    const body = encodeRequestBody(payload.body);
    if (body !== undefined) {
      if (body.bytes.byteLength > config.maxRequestBytes) {
        throw payloadTooLarge(`${method} ${url.host} refused before sending: body of ${body.bytes.byteLength} bytes exceeds ${config.maxRequestBytes}`, context, {
          maxRequestBytes: config.maxRequestBytes,
          requestBytes: body.bytes.byteLength,
        });
      }
      if (!headers.has("content-type")) headers.set("content-type", body.contentType);
    }

    const breaker = this.#factory.get(`http:${url.host}`, {
      transportType: EnumInfraTransportType.HTTP,
      failureThreshold: config.breaker.failureThreshold,
      resetTimeoutMs: config.breaker.resetTimeoutMs,
      halfOpenMaxCalls: config.breaker.halfOpenMaxCalls,
    });
    const result = await breaker.execute(
      () =>
        withTimeout(
          async (signal) => {
            let response: Response;
            try {
              response = await fetch(url, { method, headers, body: body?.bytes ?? null, signal, redirect: config.followRedirects ? "follow" : "manual" });
            } catch (error) {
              throw fetchFailure(error, method, url, context, signal);
            }
            if (response.redirected && config.allowedHosts !== undefined && !hostAllowed(config.allowedHosts, new URL(response.url))) {
              await response.body?.cancel().catch(() => undefined);
              throw new RuntimeHostError(`${method} ${url.host} redirected to a host outside allowedHosts`, { context, errorCode: EnumCoreErrorCode.AUTHORIZATION_ERROR });
            }
            const failure = statusFailure(response, method, url, context);
            if (failure !== undefined) {
              await response.body?.cancel().catch(() => undefined);
              throw failure;
            }
            const decoded = await readResponseBody(response, config.maxResponseBytes, { ...context, operation: `${method} ${url.host}` });
            const out: HandlerHttpResult = { status: response.status, headers: Object.fromEntries(response.headers), body: decoded.body, bodyEncoding: decoded.encoding };
            return { out, bytes: decoded.bytes };
          },
          { timeoutMs, context, operation: envelope.operation ?? undefined },
        ),
      { operation: envelope.operation ?? undefined, correlationId: envelope.correlation_id },
    );
    return { payload: result.out, metadata: { host: url.host, method, status: result.out.status, responseBytes: result.bytes } };
  }

  describe(): ProtocolHandlerDescription {
    return {
      handlerType: this.handlerType,
      operations: OPERATIONS,
      version: "1.0.0",
      description: "HTTP requests through Node's fetch with bounded request and response sizes, deadlines and per-host circuit breakers.",
    };
  }

  health(): Promise<ProtocolHealthCheckResult> {
    const ready = this.#lifecycle === "ready";
    const open = this.#factory.snapshots().filter((snapshot) => snapshot.name.startsWith("http:") && snapshot.state === "open");
    return Promise.resolve({
      healthy: ready,
      details: {
        handlerType: this.handlerType,
        ...(ready ? {} : { reason: this.#lifecycle === "shut_down" ? "shut down" : "not initialized" }),
        openCircuits: open.map((snapshot) => snapshot.name),
      },
    });
  }

  shutdown(): Promise<void> {
    this.#lifecycle = "shut_down";
    return Promise.resolve();
  }
}

function statusFailure(response: Response, method: string, url: URL, context: ModelInfraErrorContext): RuntimeHostError | undefined {
  const status = response.status;
  const what = `${method} ${url.host} responded ${status}`;
  const fields = { httpStatus: status, host: url.hostname, port: url.port === "" ? undefined : Number(url.port) };
  if (status === 401 || status === 403) return new InfraAuthenticationError(what, { context, ...fields });
  if (status === 408 || status === 504) return new InfraTimeoutError(what, { context, ...fields });
  if (status === 429 || status === 502 || status === 503) {
    return new InfraUnavailableError(what, { context, retryAfterSeconds: retryAfterSeconds(response.headers.get("retry-after")), ...fields });
  }
  if (status >= 500) return new InfraConnectionError(what, { context, ...fields });
  return undefined;
}

// undici reports network failures as `TypeError: fetch failed` with the system error as cause; only its code and
// name are kept (the cause's message may repeat the URL).
function fetchFailure(error: unknown, method: string, url: URL, context: ModelInfraErrorContext, signal: AbortSignal): RuntimeHostError {
  if (signal.aborted && signal.reason instanceof RuntimeHostError) return signal.reason;
  const inner = (error as { cause?: unknown }).cause;
  const code = (inner as { code?: unknown } | undefined)?.code ?? (error as { code?: unknown }).code;
  const safe = Object.assign(new Error(typeof code === "string" ? code : "fetch failed"), { code: typeof code === "string" ? code : undefined });
  const mapped = toInfraError(safe, context);
  const fields = { host: url.hostname, networkCode: typeof code === "string" ? code : undefined };
  if (mapped instanceof InfraTimeoutError) return new InfraTimeoutError(`${method} ${url.host} timed out connecting`, { context, cause: safe, ...fields });
  return new InfraConnectionError(`${method} ${url.host} failed: ${typeof code === "string" ? code : "network error"}`, { context, cause: safe, ...fields });
}
