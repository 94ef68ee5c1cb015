// The `vault` handler (ARCHITECTURE §6) on node-vault: KV v2 read/write (CAS)/delete/undelete/metadata/list, token
// lookup, lease renewal and leased dynamic credentials, through one circuit breaker, the shared timeout and the
// token life cycle of VaultAuth. OpenBao exposes the same HTTP API, so this handler serves it unchanged.
// Errors name paths and lease ids, never a token or a secret value (not even in `cause`).
import type { ModelEventEnvelope } from "@onex/core";
import type { ProtocolHandler, ProtocolHandlerDescription, ProtocolHandlerResult, ProtocolHealthCheckResult } from "@onex/spi";
import type { z } from "zod";
import { currentCorrelationId, ensureCorrelationId, runWithCorrelation } from "../correlation/util-correlation.js";
import { EnumCircuitState } from "../enums/enum-circuit-state.js";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import type { CircuitBreaker } from "../resilience/circuit-breaker.js";
import { withTimeout } from "../resilience/util-timeout.js";
import { VaultAuth } from "./handler-vault-auth.js";
import { mapVaultError, VaultClient, type VaultCallScope, type VaultErrorContext, type VaultRun } from "./handler-vault-client.js";
import { VaultKv } from "./handler-vault-kv.js";
import { VaultLeases } from "./handler-vault-leases.js";
import {
  vaultDynamicReadPayload,
  vaultKvDeletePayload,
  vaultKvListPayload,
  vaultKvMetadataPayload,
  vaultKvReadPayload,
  vaultKvUndeletePayload,
  vaultKvWritePayload,
  vaultLeaseRenewPayload,
  vaultLeaseRevokePayload,
  vaultTokenLookupPayload,
} from "./handler-vault-payloads.js";
import { ModelHandlerVaultConfig } from "./model-handler-vault-config.js";
import { describeHandler, executeTimed, handlerNotReadyError, initializedAfterShutdownError, initializeSync, notReadyHealth, parseHandlerConfig, parseOperationPayload, resolveBreaker, sanitizingLogger, SILENT_INFRA_LOGGER, unknownOperationError, type InfraHandlerOptions } from "./util-handler-support.js";

const OPERATIONS = [
  "vault.kv.read",
  "vault.kv.write",
  "vault.kv.delete",
  "vault.kv.undelete",
  "vault.kv.metadata",
  "vault.kv.list",
  "vault.token.lookup",
  "vault.lease.renew",
  "vault.lease.revoke",
  "vault.dynamic.read",
] as const;

/** Dependencies of {@link HandlerVault}; all optional. The breaker is the factory's `vault` breaker. */
export interface HandlerVaultOptions extends InfraHandlerOptions {
  /** Clock in epoch ms of token and lease renewal; default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/** `vault.*` handler on node-vault (Vault or OpenBao); see the module comment. */
export class HandlerVault implements ProtocolHandler {
  readonly handlerType = "vault";
  readonly #options: HandlerVaultOptions;
  readonly #now: () => number;
  #config: ModelHandlerVaultConfig | undefined;
  #client: VaultClient | undefined;
  #breaker: CircuitBreaker | undefined;
  #auth: VaultAuth | undefined;
  #kv: VaultKv | undefined;
  #leases: VaultLeases | undefined;
  #target = "";
  #closed = false;
  readonly #shutdown = new AbortController();

  constructor(options: HandlerVaultOptions = {}) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  initialize(config: unknown): Promise<void> {
    return initializeSync(() => this.#configure(config));
  }

  #configure(config: unknown): void {
    if (this.#closed) throw initializedAfterShutdownError("vault", EnumInfraTransportType.VAULT);
    const parsed = parseHandlerConfig(ModelHandlerVaultConfig, config, "vault");
    const url = new URL(parsed.address);
    this.#target = `${url.hostname}:${url.port === "" ? (url.protocol === "https:" ? "443" : "80") : url.port}`;
    this.#client?.destroy();
    this.#client = new VaultClient({ address: parsed.address, namespace: parsed.namespace, timeoutMs: parsed.timeoutMs });
    this.#breaker = resolveBreaker(this.#options.circuitBreakerFactory, "vault", EnumInfraTransportType.VAULT, parsed.breaker);
    this.#config = parsed;
    this.#auth = new VaultAuth(this.#client, parsed, (operation, fn) => this.#attempt(operation, fn, {}), this.#now, sanitizingLogger(this.#options.logger ?? SILENT_INFRA_LOGGER));
    this.#kv = new VaultKv(parsed.kvMount, (cid) => this.#runner(cid));
    this.#leases = new VaultLeases((cid) => this.#runner(cid), parsed.leaseRenewal, this.#now);
  }

  describe(): ProtocolHandlerDescription {
    return describeHandler(this.handlerType, [...OPERATIONS], "HashiCorp Vault / OpenBao HTTP API: KV v2 secrets, token renewal and AppRole login, leases and dynamic credentials.");
  }

  async health(): Promise<ProtocolHealthCheckResult> {
    const client = this.#client;
    if (client === undefined || this.#closed) return notReadyHealth(this.#closed ? "shut_down" : "created", { backend: "vault" });
    const circuitState = this.#breaker?.state ?? EnumCircuitState.CLOSED;
    const token = this.#auth?.state;
    try {
      const body = (await this.#attempt("vault.health", () => client.read("sys/health", {}), {})) as { initialized?: unknown; sealed?: unknown; standby?: unknown; version?: unknown } | null;
      const ready = body?.initialized === true && body.sealed === false;
      const healthy = ready && circuitState !== EnumCircuitState.OPEN;
      return {
        healthy,
        details: {
          backend: "vault",
          target: this.#target,
          circuitState,
          sealed: body?.sealed === true,
          standby: body?.standby === true,
          ...(typeof body?.version === "string" ? { version: body.version } : {}),
          ...(token === undefined ? {} : { tokenSource: token.source, tokenRenewable: token.renewable }),
          ...(healthy ? {} : { reason: ready ? "circuit open" : "vault sealed or not initialized" }),
        },
      };
    } catch (error) {
      const mapped = error as { message?: unknown; errorCode?: unknown };
      return { healthy: false, details: { backend: "vault", target: this.#target, circuitState, reason: String(mapped.message), errorCode: mapped.errorCode } };
    }
  }

  shutdown(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    this.#shutdown.abort();
    this.#client?.destroy();
    return Promise.resolve();
  }

  /** The breaker guarding the server (for health views and tests). */
  get breaker(): CircuitBreaker | undefined {
    return this.#breaker;
  }

  /** KV v2 operations (typed API used by SecretStoreVault and tests). */
  get kv(): VaultKv {
    return this.#ready("vault.kv").kv;
  }

  /** Leases and dynamic credentials. */
  get leases(): VaultLeases {
    return this.#ready("vault.lease").leases;
  }

  /** Token life-cycle state (never the token itself) and refresh history. */
  get auth(): VaultAuth | undefined {
    return this.#auth;
  }

  /** lookup-self of the current token, without its id. */
  async tokenLookup(correlationId?: string): Promise<Record<string, unknown>> {
    const run = this.#runner(correlationId);
    const body = (await run("vault.token.lookup", ({ client, token }) => client.read("auth/token/lookup-self", { token }))) as { data?: Record<string, unknown> } | null;
    const data = body?.data ?? {};
    return {
      accessor: data.accessor,
      displayName: data.display_name,
      policies: data.policies,
      ttl: data.ttl,
      renewable: data.renewable,
      expireTime: data.expire_time,
      type: data.type,
    };
  }

  execute(envelope: ModelEventEnvelope): Promise<ProtocolHandlerResult> {
    return executeTimed(envelope, "vault", () => this.#now(), (operation, correlationId) => this.#dispatch(operation, envelope, correlationId));
  }

  #dispatch(operation: string, envelope: ModelEventEnvelope, cid: string): Promise<unknown> {
    const context = { transportType: EnumInfraTransportType.VAULT, operation, targetName: "vault", correlationId: cid };
    const parse = <S extends z.ZodType>(schema: S): z.infer<S> => parseOperationPayload(schema, envelope, () => context);
    switch (operation) {
      case "vault.kv.read": {
        const input = parse(vaultKvReadPayload);
        return input.key === undefined ? this.kv.read(input.path, input.version, cid) : this.kv.readKey(input.path, input.key, input.version, cid);
      }
      case "vault.kv.write": {
        const input = parse(vaultKvWritePayload);
        return this.kv.write(input.path, input.data, input.cas, cid);
      }
      case "vault.kv.delete":
        return this.kv.delete(parse(vaultKvDeletePayload), cid);
      case "vault.kv.undelete": {
        const input = parse(vaultKvUndeletePayload);
        return this.kv.undelete(input.path, input.versions, cid);
      }
      case "vault.kv.metadata":
        return this.kv.metadata(parse(vaultKvMetadataPayload).path, cid);
      case "vault.kv.list":
        return this.kv.list(parse(vaultKvListPayload).prefix, cid);
      case "vault.token.lookup":
        parse(vaultTokenLookupPayload);
        return this.tokenLookup(cid);
      case "vault.lease.renew": {
        const input = parse(vaultLeaseRenewPayload);
        return this.leases.renew(input.leaseId, input.incrementSeconds, cid);
      }
      case "vault.lease.revoke":
        return this.leases.revoke(parse(vaultLeaseRevokePayload).leaseId, cid);
      case "vault.dynamic.read": {
        const input = parse(vaultDynamicReadPayload);
        return this.leases.readDynamic(input.path, input.forceNew, cid);
      }
      default:
        return Promise.reject(unknownOperationError(this.handlerType, OPERATIONS, context));
    }
  }

  #ready(operation: string): { config: ModelHandlerVaultConfig; breaker: CircuitBreaker; auth: VaultAuth; client: VaultClient; kv: VaultKv; leases: VaultLeases } {
    const { config, breaker, auth, client } = { config: this.#config, breaker: this.#breaker, auth: this.#auth, client: this.#client };
    if (config === undefined || breaker === undefined || auth === undefined || client === undefined || this.#kv === undefined || this.#leases === undefined || this.#closed) {
      throw handlerNotReadyError(this.handlerType, this.#closed ? "shut_down" : "created", { transportType: EnumInfraTransportType.VAULT, operation, targetName: "vault", correlationId: currentCorrelationId() });
    }
    return { config, breaker, auth, client, kv: this.#kv, leases: this.#leases };
  }

  /** One HTTP call with timeout and error mapping (no breaker, no token handling). */
  async #attempt<T>(operation: string, fn: () => Promise<T>, resource: Pick<VaultErrorContext, "resource" | "version">, cid?: string): Promise<T> {
    const correlationId = ensureCorrelationId(cid ?? currentCorrelationId());
    const timeoutMs = this.#config?.timeoutMs ?? 5000;
    try {
      return await withTimeout(() => fn(), {
        timeoutMs,
        operation,
        signal: this.#shutdown.signal,
        context: { transportType: EnumInfraTransportType.VAULT, targetName: "vault", correlationId },
      });
    } catch (error) {
      throw mapVaultError(error, { operation, correlationId, target: this.#target, timeoutMs, ...resource });
    }
  }

  /** A {@link VaultRun} bound to a correlation id (the current scope's when absent). */
  #runner(cid?: string): VaultRun {
    const run = <T>(operation: string, fn: (scope: VaultCallScope) => Promise<T>, resource: Pick<VaultErrorContext, "resource" | "version"> = {}): Promise<T> => {
      const correlationId = ensureCorrelationId(cid ?? currentCorrelationId());
      const { breaker, auth, client } = this.#ready(operation);
      const attempt = (token: string): Promise<T> => this.#attempt(operation, () => fn({ client, token }), resource, correlationId);
      return runWithCorrelation(correlationId, () => breaker.execute(() => auth.withToken(attempt), { operation, correlationId }));
    };
    return run;
  }
}
