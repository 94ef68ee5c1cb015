// The Vault token's life cycle, on the project's CredentialRefreshManager: learn the configured token's TTL with
// lookup-self, renew it with renew-self before it expires (inside the refresh threshold), fall back to an AppRole
// login when the token is missing, expired, not renewable or refused; and after a 403 on a request, log in again
// (AppRole only) and retry that request once.
import { z } from "zod";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { InfraAuthenticationError } from "../errors/error-infra-authentication.js";
import { RuntimeHostError } from "../errors/error-runtime-host.js";
import { CredentialRefreshManager, isAuthenticationFailure, type IssuedCredential } from "../resilience/credential-refresh-manager.js";
import type { VaultClient } from "./handler-vault-client.js";
import type { ModelHandlerVaultConfig } from "./model-handler-vault-config.js";
import { SILENT_INFRA_LOGGER, type InfraLogger } from "./util-handler-support.js";

/** The current token and what Vault said about it. Never logged. */
export interface VaultTokenState {
  readonly token: string;
  readonly renewable: boolean;
  /** Seconds left when issued/renewed/looked up; 0 = never expires. */
  readonly ttlSeconds: number;
  readonly source: "token" | "approle";
}

// A token that never expires (root, periodic without TTL) is treated as valid for ten years.
const NEVER_EXPIRES_SECONDS = 10 * 365 * 24 * 3600;

const AuthResponse = z.object({
  auth: z.object({ client_token: z.string().min(1), lease_duration: z.number(), renewable: z.boolean() }).loose(),
});
const LookupResponse = z.object({ data: z.object({ ttl: z.number(), renewable: z.boolean().default(false) }).loose() });

/** Runs a Vault call (mapped errors, no breaker): `call(fn)` with the operation name for error context. */
export type VaultAuthCall = <T>(operation: string, fn: () => Promise<T>) => Promise<T>;

/** Keeps a valid Vault token; see the module comment. */
export class VaultAuth {
  readonly #client: VaultClient;
  readonly #config: ModelHandlerVaultConfig;
  readonly #call: VaultAuthCall;
  readonly #logger: InfraLogger;
  readonly #manager: CredentialRefreshManager<VaultTokenState>;
  #state: VaultTokenState | undefined;
  #refused: string | undefined;
  /** What each refresh did, in order ("lookup", "renew", "login"); for health views and tests. */
  readonly history: ("lookup" | "renew" | "login")[] = [];

  constructor(client: VaultClient, config: ModelHandlerVaultConfig, call: VaultAuthCall, now: () => number, logger: InfraLogger = SILENT_INFRA_LOGGER) {
    this.#client = client;
    this.#config = config;
    this.#call = call;
    this.#logger = logger;
    this.#manager = new CredentialRefreshManager<VaultTokenState>({
      provider: () => this.#refresh(),
      refreshThresholdSeconds: config.tokenRenewal.thresholdSeconds,
      now,
      context: { transportType: EnumInfraTransportType.VAULT, operation: "token_refresh", targetName: "vault" },
    });
  }

  /** The token state after the last refresh (undefined before the first call). */
  get state(): Pick<VaultTokenState, "renewable" | "ttlSeconds" | "source"> | undefined {
    const state = this.#state;
    return state === undefined ? undefined : { renewable: state.renewable, ttlSeconds: state.ttlSeconds, source: state.source };
  }

  /**
   * Runs `fn` with a valid token (renewed first when inside the threshold). With AppRole, a 403 triggers one new
   * login and one retry of `fn`. A refresh that failed because Vault is unreachable is reported as that (connection,
   * timeout, unavailable) rather than as an authentication failure, so the breaker sees it.
   */
  async withToken<T>(fn: (token: string) => Promise<T>): Promise<T> {
    try {
      if (this.#config.appRole === undefined) return await fn((await this.#manager.getValidCredential()).token);
      return await this.#manager.callWithAuth(async (state) => {
        try {
          return await fn(state.token);
        } catch (error) {
          if (isAuthenticationFailure(error)) this.#refused = state.token;
          throw error;
        }
      });
    } catch (error) {
      const cause = error instanceof InfraAuthenticationError ? error.cause : undefined;
      if (cause instanceof RuntimeHostError && !(cause instanceof InfraAuthenticationError) && cause.isRetryable) throw cause;
      throw error;
    }
  }

  /** Forgets the token so the next call refreshes (used after revocation). */
  invalidate(): void {
    this.#manager.invalidate();
  }

  async #refresh(): Promise<IssuedCredential<VaultTokenState>> {
    const current = this.#state;
    const appRole = this.#config.appRole;
    const refused = current !== undefined && current.token === this.#refused;
    if (current !== undefined && current.renewable && !refused) {
      try {
        return this.#issue(await this.#renew(current), "renew");
      } catch (error) {
        if (appRole === undefined) throw error;
        this.#logger.warn({ backend: "vault", error }, "vault token renewal failed; logging in with AppRole");
      }
    }
    if (appRole !== undefined && (current !== undefined || this.#config.token === undefined)) return this.#issue(await this.#login(appRole), "login");
    const token = current?.token ?? this.#config.token;
    if (token === undefined) throw new InfraAuthenticationError("No Vault token and no AppRole configured", { context: { transportType: EnumInfraTransportType.VAULT, operation: "token_refresh" } });
    try {
      return this.#issue(await this.#lookup(token, current?.source ?? "token"), "lookup");
    } catch (error) {
      if (appRole === undefined || !isAuthenticationFailure(error)) throw error;
      return this.#issue(await this.#login(appRole), "login");
    }
  }

  #issue(state: VaultTokenState, kind: "lookup" | "renew" | "login"): IssuedCredential<VaultTokenState> {
    this.#state = state;
    this.#refused = undefined;
    this.history.push(kind);
    return { credential: state, ttlSeconds: state.ttlSeconds === 0 ? NEVER_EXPIRES_SECONDS : state.ttlSeconds };
  }

  async #renew(current: VaultTokenState): Promise<VaultTokenState> {
    const increment = this.#config.tokenRenewal.incrementSeconds;
    const body = await this.#call("vault.token.renew", () => this.#client.write("auth/token/renew-self", increment === undefined ? {} : { increment }, { token: current.token }));
    const auth = AuthResponse.parse(body).auth;
    return { token: auth.client_token, renewable: auth.renewable, ttlSeconds: auth.lease_duration, source: current.source };
  }

  async #login(appRole: NonNullable<ModelHandlerVaultConfig["appRole"]>): Promise<VaultTokenState> {
    const body = await this.#call("vault.approle.login", () => this.#client.write(`auth/${appRole.mount}/login`, { role_id: appRole.roleId, secret_id: appRole.secretId }, {}));
    const auth = AuthResponse.parse(body).auth;
    return { token: auth.client_token, renewable: auth.renewable, ttlSeconds: auth.lease_duration, source: "approle" };
  }

  async #lookup(token: string, source: VaultTokenState["source"]): Promise<VaultTokenState> {
    const body = await this.#call("vault.token.lookup", () => this.#client.read("auth/token/lookup-self", { token }));
    const data = LookupResponse.parse(body).data;
    return { token, renewable: data.renewable, ttlSeconds: data.ttl, source };
  }
}
