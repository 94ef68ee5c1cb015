// Credential refresh (rulebook "Credential Refresh (Authentication Errors)"): renew before expiry, share one
// refresh between concurrent callers, and retry once with a fresh credential after an authentication failure.
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { InfraAuthenticationError } from "../errors/error-infra-authentication.js";
import type { ModelInfraErrorContext } from "../models/model-infra-error-context.js";

/** What a credential provider returns. */
export interface IssuedCredential<T> {
  readonly credential: T;
  /** Lifetime from now, in seconds. */
  readonly ttlSeconds: number;
}

/** Options of {@link CredentialRefreshManager}. */
export interface CredentialRefreshOptions<T> {
  readonly provider: () => Promise<IssuedCredential<T>>;
  /**
   * Refresh this long before expiry. Default: the smaller of 300 s and 10% of the TTL. An explicit value is capped
   * at half the TTL so a short-lived credential is not refreshed on every call.
   */
  readonly refreshThresholdSeconds?: number | undefined;
  /** Clock in epoch ms (injectable for tests); default `Date.now`. */
  readonly now?: () => number;
  /** Context of the errors; default `{transportType: vault, operation: "credential_refresh"}`. */
  readonly context?: ModelInfraErrorContext | undefined;
}

interface Current<T> {
  readonly credential: T;
  readonly refreshAt: number;
  readonly version: number;
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** An InfraAuthenticationError, or a client error carrying HTTP status 401 or 403. */
export function isAuthenticationFailure(error: unknown): boolean {
  if (error instanceof InfraAuthenticationError) return true;
  const status = field(error, "status") ?? field(error, "statusCode") ?? field(field(error, "response"), "status") ?? field(field(error, "response"), "statusCode");
  return status === 401 || status === 403;
}

/**
 * Keeps a credential (token, lease, password...) valid: {@link getValidCredential} refreshes it when missing or
 * within the threshold of expiry, with one provider call shared by all concurrent callers; {@link callWithAuth}
 * retries once after a forced refresh when the call fails authentication.
 */
export class CredentialRefreshManager<T> {
  readonly #provider: () => Promise<IssuedCredential<T>>;
  readonly #threshold: number | undefined;
  readonly #now: () => number;
  readonly #context: ModelInfraErrorContext;
  #current: Current<T> | undefined;
  #refreshing: Promise<Current<T>> | undefined;
  #version = 0;

  constructor(options: CredentialRefreshOptions<T>) {
    this.#provider = options.provider;
    this.#threshold = options.refreshThresholdSeconds;
    this.#now = options.now ?? Date.now;
    this.#context = options.context ?? { transportType: EnumInfraTransportType.VAULT, operation: "credential_refresh" };
  }

  /** The cached credential, refreshed first when missing or near expiry. */
  async getValidCredential(): Promise<T> {
    return (await this.#valid()).credential;
  }

  /** Forgets the cached credential, so the next call refreshes. */
  invalidate(): void {
    this.#current = undefined;
  }

  /**
   * Runs `fn` with a valid credential. If it fails authentication ({@link isAuthenticationFailure}), refreshes
   * (once for all callers that used the same credential) and retries once; a second authentication failure is
   * thrown as {@link InfraAuthenticationError}. Other errors pass through.
   */
  async callWithAuth<R>(fn: (credential: T) => Promise<R>): Promise<R> {
    const first = await this.#valid();
    try {
      return await fn(first.credential);
    } catch (error) {
      if (!isAuthenticationFailure(error)) throw error;
      if (this.#current?.version === first.version) this.#current = undefined;
    }
    const second = await this.#valid();
    try {
      return await fn(second.credential);
    } catch (error) {
      if (!isAuthenticationFailure(error) || error instanceof InfraAuthenticationError) throw error;
      throw new InfraAuthenticationError("Authentication failed after refreshing the credential", { context: this.#context, cause: error });
    }
  }

  #valid(): Promise<Current<T>> {
    const current = this.#current;
    if (current !== undefined && this.#now() < current.refreshAt) return Promise.resolve(current);
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #refresh(): Promise<Current<T>> {
    let issued: IssuedCredential<T>;
    try {
      issued = await this.#provider();
    } catch (error) {
      throw new InfraAuthenticationError("Failed to refresh authentication credentials", { context: this.#context, cause: error });
    }
    const ttl = Math.max(0, issued.ttlSeconds);
    const threshold = this.#threshold === undefined ? Math.min(300, ttl * 0.1) : Math.min(this.#threshold, ttl / 2);
    const next: Current<T> = { credential: issued.credential, refreshAt: this.#now() + (ttl - threshold) * 1000, version: ++this.#version };
    this.#current = next;
    return next;
  }
}
