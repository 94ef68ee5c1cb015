// The `consul` handler (ARCHITECTURE §6): service registration with health checks, healthy-only discovery, KV with
// CAS, and one round of a blocking query per `consul.watch`. Calls go through one circuit breaker for the agent and
// the shared timeout; the ACL token is fetched per call from a provider or the secret store (cached, refreshed after a
// 403) and never appears in an error, a log line or the client's defaults. The handler does not retry on its own:
// retries belong to the caller's retry policy (one retry layer per call path).
import type { ModelEventEnvelope } from "@onex/core";
import type { z } from "zod";
import type { ProtocolHandler, ProtocolHandlerDescription, ProtocolHandlerResult, ProtocolHealthCheckResult, ProtocolSecretStore } from "@onex/spi";
import { currentCorrelationId, ensureCorrelationId } from "../correlation/util-correlation.js";
import { EnumCircuitState } from "../enums/enum-circuit-state.js";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { ProtocolConfigurationError } from "../errors/error-protocol-configuration.js";
import type { CircuitBreaker } from "../resilience/circuit-breaker.js";
import { CredentialRefreshManager } from "../resilience/credential-refresh-manager.js";
import { withTimeout } from "../resilience/util-timeout.js";
import { ConsulClient, type ConsulCallOptions, type ConsulHealthInstance, type ConsulKvItem } from "./handler-consul-client.js";
import { mapConsulError } from "./handler-consul-errors.js";
import {
  consulCheckPayload,
  consulDeregisterPayload,
  consulDiscoverPayload,
  consulKvDeletePayload,
  consulKvGetPayload,
  consulKvListPayload,
  consulKvPutPayload,
  consulRegisterPayload,
  consulWatchPayload,
  type ConsulRegisterPayload,
  type ConsulWatchPayload,
} from "./handler-consul-payloads.js";
import { ModelHandlerConsulConfig } from "./model-handler-consul-config.js";
import { describeHandler, executeTimed, handlerNotReadyError, initializedAfterShutdownError, initializeSync, notReadyHealth, parseHandlerConfig, parseOperationPayload, resolveBreaker, unknownOperationError, type InfraHandlerOptions } from "./util-handler-support.js";

const OPERATIONS = [
  "consul.register",
  "consul.deregister",
  "consul.discover",
  "consul.kv.get",
  "consul.kv.put",
  "consul.kv.delete",
  "consul.kv.list",
  "consul.watch",
  "consul.check.pass",
  "consul.check.warn",
  "consul.check.fail",
] as const;

/** Dependencies of {@link HandlerConsul}; all optional. The breaker is the factory's `consul` breaker. */
export interface HandlerConsulOptions extends InfraHandlerOptions {
  /** Supplies the ACL token per call (wins over `tokenSecret` and `token`). */
  readonly tokenProvider?: (() => Promise<string | undefined>) | undefined;
  /** Resolves `config.tokenSecret`. */
  readonly secretStore?: ProtocolSecretStore | undefined;
  /** Clock in epoch ms of the token cache; default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/** A KV entry as the handler returns it. */
export interface HandlerConsulKvEntry {
  readonly key: string;
  readonly value: string;
  readonly encoding: "utf8" | "base64";
  readonly flags: number;
  readonly createIndex: number;
  readonly modifyIndex: number;
  readonly lockIndex: number;
  readonly session: string | null;
}

/** Result of one `consul.watch` round. */
export type HandlerConsulWatchResult =
  | { readonly type: "kv"; readonly key: string; readonly index: number; readonly changed: boolean; readonly entry: HandlerConsulKvEntry | null }
  | { readonly type: "service"; readonly serviceName: string; readonly index: number; readonly changed: boolean; readonly instances: ConsulHealthInstance[] };

function entryOf(item: ConsulKvItem, encoding: "utf8" | "base64"): HandlerConsulKvEntry {
  const { value, ...rest } = item;
  return { ...rest, value: value.toString(encoding), encoding };
}

/** `consul.*` handler on the `consul` package; see the module comment for its guarantees. */
export class HandlerConsul implements ProtocolHandler {
  readonly handlerType = "consul";
  readonly #options: HandlerConsulOptions;
  readonly #now: () => number;
  #config: ModelHandlerConsulConfig | undefined;
  #client: ConsulClient | undefined;
  #breaker: CircuitBreaker | undefined;
  #credentials: CredentialRefreshManager<string | undefined> | undefined;
  #target = "";
  #closed = false;
  readonly #shutdown = new AbortController();

  constructor(options: HandlerConsulOptions = {}) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  initialize(config: unknown): Promise<void> {
    return initializeSync(() => this.#configure(config));
  }

  #configure(config: unknown): void {
    if (this.#closed) throw initializedAfterShutdownError("consul", EnumInfraTransportType.CONSUL);
    const parsed = parseHandlerConfig(ModelHandlerConsulConfig, config, "consul");
    let { host, port, secure } = parsed;
    if (parsed.address !== undefined) {
      const url = new URL(parsed.address);
      secure = url.protocol === "https:";
      host = url.hostname.replace(/^\[|\]$/g, "");
      port = url.port === "" ? (secure ? 443 : 80) : Number(url.port);
    }
    const tokenSecret = parsed.tokenSecret;
    if (tokenSecret !== undefined && this.#options.secretStore === undefined && this.#options.tokenProvider === undefined) {
      throw new ProtocolConfigurationError("consul handler configuration names tokenSecret but no secret store was given", {
        context: { transportType: EnumInfraTransportType.CONSUL, operation: "initialize" },
      });
    }
    const provider = this.#options.tokenProvider ?? (tokenSecret === undefined ? undefined : () => this.#secretToken(tokenSecret.path, tokenSecret.key));
    this.#credentials =
      provider === undefined
        ? undefined
        : new CredentialRefreshManager<string | undefined>({
            provider: async () => ({ credential: await provider(), ttlSeconds: parsed.tokenCacheSeconds }),
            now: this.#now,
            context: { transportType: EnumInfraTransportType.CONSUL, operation: "acl_token", targetName: "consul" },
          });
    this.#client?.destroy();
    this.#client = new ConsulClient({ host, port, secure });
    this.#target = `${host}:${port}`;
    this.#breaker = resolveBreaker(this.#options.circuitBreakerFactory, "consul", EnumInfraTransportType.CONSUL, parsed.breaker);
    this.#config = parsed;
  }

  async #secretToken(path: string, key: string): Promise<string> {
    const store = this.#options.secretStore;
    if (store === undefined) throw new ProtocolConfigurationError("no secret store for the Consul ACL token");
    return store.getSecret(path, key);
  }

  describe(): ProtocolHandlerDescription {
    return describeHandler(this.handlerType, [...OPERATIONS], "HashiCorp Consul agent HTTP API: service registration with health checks, healthy-instance discovery, KV with CAS, blocking queries.");
  }

  async health(): Promise<ProtocolHealthCheckResult> {
    const config = this.#config;
    const client = this.#client;
    if (config === undefined || client === undefined || this.#closed) {
      return notReadyHealth(this.#closed ? "shut_down" : "created", { backend: "consul" });
    }
    const circuitState = this.#breaker?.state ?? EnumCircuitState.CLOSED;
    try {
      const token = await this.#credentials?.getValidCredential() ?? config.token;
      const leader = await withTimeout((signal) => client.leader({ token, signal }), { timeoutMs: config.timeoutMs, operation: "consul.health" });
      const healthy = leader !== "" && circuitState !== EnumCircuitState.OPEN;
      return { healthy, details: { backend: "consul", target: this.#target, circuitState, leaderKnown: leader !== "", ...(healthy ? {} : { reason: leader === "" ? "no cluster leader" : "circuit open" }) } };
    } catch (error) {
      const mapped = mapConsulError(error, { operation: "consul.health", correlationId: ensureCorrelationId(currentCorrelationId()), target: this.#target, timeoutMs: config.timeoutMs });
      return { healthy: false, details: { backend: "consul", target: this.#target, circuitState, reason: mapped.message, errorCode: mapped.errorCode } };
    }
  }

  shutdown(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    this.#shutdown.abort();
    this.#client?.destroy();
    return Promise.resolve();
  }

  /** The breaker guarding the agent (for health views and tests). */
  get breaker(): CircuitBreaker | undefined {
    return this.#breaker;
  }

  execute(envelope: ModelEventEnvelope): Promise<ProtocolHandlerResult> {
    return executeTimed(envelope, "consul", () => this.#now(), (operation, correlationId) => this.#dispatch(operation, envelope, correlationId));
  }

  #dispatch(operation: string, envelope: ModelEventEnvelope, cid: string): Promise<unknown> {
    const context = { transportType: EnumInfraTransportType.CONSUL, operation, targetName: "consul", correlationId: cid };
    const parse = <S extends z.ZodType>(schema: S): z.infer<S> => parseOperationPayload(schema, envelope, () => context);
    switch (operation) {
      case "consul.register":
        return this.register(parse(consulRegisterPayload), cid);
      case "consul.deregister":
        return this.deregister(parse(consulDeregisterPayload).serviceId, cid);
      case "consul.discover": {
        const input = parse(consulDiscoverPayload);
        return this.discover(input.serviceName, input, cid);
      }
      case "consul.kv.get": {
        const input = parse(consulKvGetPayload);
        return this.kvGet(input.key, input.encoding, cid);
      }
      case "consul.kv.put": {
        const input = parse(consulKvPutPayload);
        return this.kvPut(input.key, Buffer.from(input.value, input.encoding), input, cid);
      }
      case "consul.kv.delete": {
        const input = parse(consulKvDeletePayload);
        return this.kvDelete(input.key, input, cid);
      }
      case "consul.kv.list": {
        const input = parse(consulKvListPayload);
        return this.kvList(input.prefix, input, cid);
      }
      case "consul.watch":
        return this.watch(parse(consulWatchPayload), cid);
      case "consul.check.pass":
      case "consul.check.warn":
      case "consul.check.fail": {
        const input = parse(consulCheckPayload);
        const status = operation === "consul.check.pass" ? "pass" : operation === "consul.check.warn" ? "warn" : "fail";
        return this.updateCheck(input.checkId, status, input.note, cid);
      }
      default:
        return Promise.reject(unknownOperationError(this.handlerType, OPERATIONS, context));
    }
  }

  /**
   * Runs one Consul call: closed handler check, breaker, ACL token (refreshed once after a 403 when it comes from a
   * provider or the secret store), timeout (aborting the HTTP request), and error mapping inside the breaker so it
   * counts connection, timeout and 5xx failures but not 403s or bad requests.
   */
  async #run<T>(
    operation: string,
    cid: string | undefined,
    fn: (client: ConsulClient, call: ConsulCallOptions) => Promise<T>,
    extraMs = 0,
    signal?: AbortSignal,
  ): Promise<T> {
    const correlationId = ensureCorrelationId(cid ?? currentCorrelationId());
    const config = this.#config;
    const client = this.#client;
    const breaker = this.#breaker;
    if (config === undefined || client === undefined || breaker === undefined || this.#closed) {
      throw handlerNotReadyError(this.handlerType, this.#closed ? "shut_down" : "created", { transportType: EnumInfraTransportType.CONSUL, operation, targetName: "consul", correlationId });
    }
    const timeoutMs = config.timeoutMs + extraMs;
    const errorContext = { operation, correlationId, target: this.#target, timeoutMs };
    const attempt = async (token: string | undefined): Promise<T> => {
      try {
        return await withTimeout((signal) => fn(client, { token, signal, datacenter: config.datacenter }), {
          timeoutMs,
          operation,
          signal: signal === undefined ? this.#shutdown.signal : AbortSignal.any([this.#shutdown.signal, signal]),
          context: { transportType: EnumInfraTransportType.CONSUL, targetName: "consul", correlationId },
        });
      } catch (error) {
        throw mapConsulError(error, errorContext);
      }
    };
    const credentials = this.#credentials;
    return breaker.execute(() => (credentials === undefined ? attempt(config.token) : credentials.callWithAuth(attempt)), { operation, correlationId });
  }

  /** Registers (or replaces) a service instance with an optional TTL, HTTP or TCP check. */
  async register(input: ConsulRegisterPayload, correlationId?: string): Promise<{ serviceId: string; checkId: string | null }> {
    const check = input.healthCheck;
    let definition: Record<string, unknown> | undefined;
    if (check !== undefined) {
      definition = check.ttlSeconds !== undefined ? { ttl: `${check.ttlSeconds}s` } : { interval: `${check.intervalSeconds}s` };
      if (check.httpUrl !== undefined) definition.http = check.httpUrl;
      if (check.tcpAddress !== undefined) definition.tcp = check.tcpAddress;
      if (check.timeoutSeconds !== undefined) definition.timeout = `${check.timeoutSeconds}s`;
      if (check.deregisterAfterSeconds !== undefined) definition.deregistercriticalserviceafter = `${check.deregisterAfterSeconds}s`;
      if (check.checkId !== undefined) definition.checkid = check.checkId;
      if (check.initialStatus !== undefined) definition.status = check.initialStatus;
    }
    await this.#run("consul.register", correlationId, (client, call) =>
      client.register({ id: input.serviceId, name: input.serviceName, address: input.address, port: input.port, tags: input.tags, meta: input.metadata, check: definition }, call),
    );
    return { serviceId: input.serviceId, checkId: check === undefined ? null : (check.checkId ?? `service:${input.serviceId}`) };
  }

  /** Deregisters an instance; `deregistered: false` when the agent did not know it. */
  async deregister(serviceId: string, correlationId?: string): Promise<{ serviceId: string; deregistered: boolean }> {
    try {
      await this.#run("consul.deregister", correlationId, (client, call) => client.deregister(serviceId, call));
      return { serviceId, deregistered: true };
    } catch (error) {
      if ((error as { errorCode?: unknown }).errorCode === "RESOURCE_NOT_FOUND") return { serviceId, deregistered: false };
      throw error;
    }
  }

  /** Instances of a service: those whose checks all pass unless `includeUnhealthy`. */
  async discover(
    serviceName: string,
    query: { tag?: string | undefined; includeUnhealthy?: boolean | undefined } = {},
    correlationId?: string,
  ): Promise<{ serviceName: string; index: number; instances: ConsulHealthInstance[] }> {
    const result = await this.#run("consul.discover", correlationId, (client, call) =>
      client.healthService(serviceName, { tag: query.tag, includeUnhealthy: query.includeUnhealthy ?? false }, call),
    );
    return { serviceName, ...result };
  }

  async kvGet(key: string, encoding: "utf8" | "base64" = "utf8", correlationId?: string): Promise<{ key: string; found: boolean; index: number; entry: HandlerConsulKvEntry | null }> {
    const { item, index } = await this.#run("consul.kv.get", correlationId, (client, call) => client.kvGet(key, call));
    return { key, found: item !== undefined, index, entry: item === undefined ? null : entryOf(item, encoding) };
  }

  /** Writes a value; with `cas`, `applied` is false when the key's ModifyIndex no longer matches. */
  async kvPut(key: string, value: Buffer | string, options: { cas?: number | undefined; flags?: number | undefined } = {}, correlationId?: string): Promise<{ key: string; applied: boolean }> {
    const bytes = typeof value === "string" ? Buffer.from(value, "utf8") : value;
    const applied = await this.#run("consul.kv.put", correlationId, (client, call) => client.kvSet(key, bytes, options.cas, options.flags, call));
    return { key, applied };
  }

  async kvDelete(key: string, options: { cas?: number | undefined; recurse?: boolean | undefined } = {}, correlationId?: string): Promise<{ key: string; applied: boolean }> {
    const applied = await this.#run("consul.kv.delete", correlationId, (client, call) => client.kvDelete(key, options.cas, options.recurse ?? false, call));
    return { key, applied };
  }

  /** Key names under `prefix` (or full entries with `withValues`). */
  async kvList(
    prefix: string,
    options: { separator?: string | undefined; withValues?: boolean | undefined; encoding?: "utf8" | "base64" | undefined } = {},
    correlationId?: string,
  ): Promise<{ prefix: string; keys: string[]; entries?: HandlerConsulKvEntry[] }> {
    if (options.withValues === true) {
      const { items } = await this.#run("consul.kv.list", correlationId, (client, call) => client.kvGetAll(prefix, call));
      return { prefix, keys: items.map((item) => item.key), entries: items.map((item) => entryOf(item, options.encoding ?? "utf8")) };
    }
    const keys = await this.#run("consul.kv.list", correlationId, (client, call) => client.kvKeys(prefix, options.separator, call));
    return { prefix, keys };
  }

  /**
   * One round of a blocking query. With `index` 0 it answers at once (the first round); otherwise Consul holds it
   * until the watched key/service changes or `waitSeconds` pass. `changed` is false when the index did not move; an
   * index that went backwards (a restarted cluster) counts as a change and should be used as the next `index`.
   */
  async watch(input: ConsulWatchPayload, correlationId?: string, signal?: AbortSignal): Promise<HandlerConsulWatchResult> {
    const waitSeconds = Math.min(input.waitSeconds, this.#config?.maxWaitSeconds ?? 300);
    const extraMs = input.index > 0 ? Math.ceil(waitSeconds * 1000 * (1 + 1 / 16)) : 0;
    const blocking = { index: input.index, waitSeconds };
    const changed = (index: number): boolean => input.index === 0 || index !== input.index;
    if (input.type === "kv") {
      const { item, index } = await this.#run("consul.watch", correlationId, (client, call) => client.kvGet(input.key, { ...call, ...blocking }), extraMs, signal);
      return { type: "kv", key: input.key, index: Math.max(1, index), changed: changed(index), entry: item === undefined ? null : entryOf(item, input.encoding) };
    }
    const { instances, index } = await this.#run(
      "consul.watch",
      correlationId,
      (client, call) => client.healthService(input.serviceName, { tag: input.tag, includeUnhealthy: input.includeUnhealthy }, { ...call, ...blocking }),
      extraMs,
      signal,
    );
    return { type: "service", serviceName: input.serviceName, index: Math.max(1, index), changed: changed(index), instances };
  }

  /** Reports a TTL check's state (the service's heartbeat). */
  async updateCheck(checkId: string, status: "pass" | "warn" | "fail", note?: string, correlationId?: string): Promise<{ checkId: string; status: string }> {
    await this.#run(`consul.check.${status}`, correlationId, (client, call) => client.updateCheck(checkId, status, note, call));
    return { checkId, status: status === "pass" ? "passing" : status === "warn" ? "warning" : "critical" };
  }
}
