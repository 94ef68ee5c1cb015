// A typed view of `node-vault` (0.12) for HandlerVault, and the mapping of what it throws to infra errors.
// The token goes into each request's X-Vault-Token header; the client's own token stays empty (node-vault would
// otherwise pick up VAULT_TOKEN from the environment and send it with AppRole logins). Lists use `GET ?list=1`
// (Vault's documented equivalent of LIST). Thrown values are never kept: node-vault/axios errors carry the request
// configuration, headers included, so only a safe copy (message, status, code) becomes the cause.
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { EnumCoreErrorCode } from "@onex/core";
import nodeVault from "node-vault";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { EnvelopeValidationError } from "../errors/error-envelope-validation.js";
import { InfraAuthenticationError } from "../errors/error-infra-authentication.js";
import { InfraConnectionError } from "../errors/error-infra-connection.js";
import { InfraTimeoutError } from "../errors/error-infra-timeout.js";
import { InfraUnavailableError } from "../errors/error-infra-unavailable.js";
import { RuntimeHostError, type InfraErrorOptions } from "../errors/error-runtime-host.js";
import { SecretResolutionError } from "../errors/error-secret-resolution.js";
import { safeCause } from "./util-handler-backend-error.js";

type Read = (path: string, requestOptions?: Record<string, unknown>) => Promise<unknown>;
interface VaultLibrary {
  read: Read;
  list: Read;
  delete: Read;
  write(path: string, data: unknown, requestOptions?: Record<string, unknown>): Promise<unknown>;
  token: string;
}

/** Options of one request. */
export interface VaultRequestOptions {
  /** Sent as X-Vault-Token; absent for unauthenticated endpoints (login, sys/health). */
  readonly token?: string | undefined;
}

/** Thin wrapper over one node-vault client. */
export class VaultClient {
  readonly #lib: VaultLibrary;
  readonly #timeoutMs: number;
  // Own keep-alive agent, so shutdown can close the pooled sockets.
  readonly #agent: HttpAgent | HttpsAgent;
  readonly #agentOption: "httpAgent" | "httpsAgent";

  constructor(options: { address: string; namespace?: string | undefined; timeoutMs: number }) {
    const secure = options.address.startsWith("https:");
    this.#agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    this.#agentOption = secure ? "httpsAgent" : "httpAgent";
    this.#lib = nodeVault({ endpoint: options.address, token: "", noCustomHTTPVerbs: true, ...(options.namespace === undefined ? {} : { namespace: options.namespace }) });
    this.#lib.token = "";
    this.#timeoutMs = options.timeoutMs;
  }

  #options(options: VaultRequestOptions): Record<string, unknown> {
    return { timeout: this.#timeoutMs, [this.#agentOption]: this.#agent, headers: options.token === undefined ? {} : { "X-Vault-Token": options.token } };
  }

  read(path: string, options: VaultRequestOptions): Promise<unknown> {
    return this.#lib.read(path, this.#options(options));
  }

  write(path: string, data: unknown, options: VaultRequestOptions): Promise<unknown> {
    return this.#lib.write(path, data, this.#options(options));
  }

  delete(path: string, options: VaultRequestOptions): Promise<unknown> {
    return this.#lib.delete(path, this.#options(options));
  }

  list(path: string, options: VaultRequestOptions): Promise<unknown> {
    return this.#lib.list(path, this.#options(options));
  }

  /** Closes pooled connections. */
  destroy(): void {
    this.#agent.destroy();
  }
}

/** What a Vault call gets: the client and a valid token. */
export interface VaultCallScope {
  readonly client: VaultClient;
  readonly token: string;
}

/** Runs one authenticated Vault call through breaker, token refresh, timeout and error mapping. */
export type VaultRun = <T>(operation: string, fn: (scope: VaultCallScope) => Promise<T>, resource?: { resource?: string | undefined; version?: number | undefined }) => Promise<T>;

/** `a/b c` -> `a/b%20c`: each path segment URL-encoded, slashes kept. */
export function encodeVaultPath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/** Context of one Vault call. */
export interface VaultErrorContext {
  readonly operation: string;
  readonly correlationId: string;
  /** `host:port` of the server. */
  readonly target: string;
  readonly timeoutMs: number;
  /** Secret path or lease id named in not-found errors (never a value). */
  readonly resource?: string | undefined;
  readonly version?: number | undefined;
}

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "ERR_SOCKET_CLOSED"]);

/**
 * Maps a thrown value from a Vault call: 401/403 -> InfraAuthenticationError; 404 and "lease not found" ->
 * SecretResolutionError naming the path or lease; other 400s -> EnvelopeValidationError (AppRole's "invalid role or
 * secret ID" -> InfraAuthenticationError); timeouts and 504 -> InfraTimeoutError; 429 and 5xx (sealed, standby,
 * internal) -> InfraUnavailableError; connection failures -> InfraConnectionError (SERVICE_UNAVAILABLE for vault).
 */
export function mapVaultError(error: unknown, ctx: VaultErrorContext): RuntimeHostError {
  if (error instanceof RuntimeHostError) return error;
  const cause = safeCause(error);
  const at = ctx.target.lastIndexOf(":");
  const options: InfraErrorOptions = {
    context: { transportType: EnumInfraTransportType.VAULT, operation: ctx.operation, targetName: "vault", correlationId: ctx.correlationId },
    cause,
    host: ctx.target.slice(0, at),
    port: Number(ctx.target.slice(at + 1)),
  };
  const status = cause.statusCode;
  const detail = cause.message;
  const timedOut = cause.code === "ETIMEDOUT" || (cause.code === "ECONNABORTED" && /timeout/i.test(detail)) || status === 504 || status === 408;
  if (timedOut) return new InfraTimeoutError(`Vault ${ctx.operation} timed out after ${ctx.timeoutMs} ms`, { ...options, timeoutSeconds: ctx.timeoutMs / 1000 });
  if (status === 401 || status === 403 || (status === 400 && /invalid role|secret id/i.test(detail))) {
    return new InfraAuthenticationError(`Vault denied ${ctx.operation}: ${detail}`, options);
  }
  if (status === 404 || (status === 400 && /lease not found|invalid lease/i.test(detail))) {
    const what = ctx.resource === undefined ? "resource" : `"${ctx.resource}"${ctx.version === undefined ? "" : ` (version ${ctx.version})`}`;
    return new SecretResolutionError(`Vault ${ctx.operation}: ${what} not found`, { ...options, path: ctx.resource, version: ctx.version });
  }
  if (status === 400 || status === 405 || status === 413) return new EnvelopeValidationError(`Vault rejected ${ctx.operation}: ${detail}`, options);
  if (status !== undefined && (status === 429 || status >= 500)) return new InfraUnavailableError(`Vault ${ctx.operation} failed with HTTP ${status}: ${detail}`, options);
  if (cause.code !== undefined && CONNECTION_CODES.has(cause.code)) {
    return new InfraConnectionError(`Cannot reach Vault at ${ctx.target} for ${ctx.operation} (${cause.code})`, options);
  }
  return new RuntimeHostError(`Vault ${ctx.operation} failed: ${detail}`, { ...options, errorCode: EnumCoreErrorCode.OPERATION_FAILED });
}
