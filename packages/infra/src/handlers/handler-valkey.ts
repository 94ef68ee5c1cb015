// The `valkey` handler: key/value with TTLs, counters, publish and token-checked distributed locks on Valkey/Redis,
// through CacheServiceValkey (one client, one breaker per backend, error mapping). Subscriptions are not envelope
// operations (a handler answers one envelope with one result): use `subscribe()`, which has its own connection.
import type { ModelEventEnvelope } from "@onex/core";
import type { ProtocolCacheService, ProtocolHandler, ProtocolHandlerDescription, ProtocolHandlerResult, ProtocolHealthCheckResult } from "@onex/spi";
import { z } from "zod";
import { CacheServiceValkey, type CacheServiceValkeyListener } from "../cache/cache-service-valkey.js";
import { runWithCorrelation } from "../correlation/util-correlation.js";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import type { ModelInfraErrorContext } from "../models/model-infra-error-context.js";
import { ModelHandlerValkeyConfig } from "./model-handler-valkey-config.js";
import {
  describeHandler,
  handlerErrorContext,
  handlerNotReadyError,
  initializedTwiceError,
  initializeSync,
  notReadyHealth,
  parseHandlerConfig,
  parseOperationPayload,
  unknownOperationError,
  type InfraHandlerLifecycle,
  type InfraHandlerOptions,
} from "./util-handler-support.js";

const OPERATIONS = [
  "valkey.get",
  "valkey.set",
  "valkey.delete",
  "valkey.incr",
  "valkey.expire",
  "valkey.publish",
  "valkey.lock.acquire",
  "valkey.lock.release",
] as const;

const Key = z.string().min(1).max(8_192);
const Ttl = { ttlMs: z.number().int().min(1).optional(), ttlSeconds: z.number().positive().optional() };
const GetPayload = z.strictObject({ key: Key });
const SetPayload = z.strictObject({ key: Key, value: z.string(), ...Ttl, nx: z.boolean().default(false) });
const DeletePayload = z
  .strictObject({ key: Key.optional(), keys: z.array(Key).min(1).max(1_000).optional() })
  .refine((p) => (p.key === undefined) !== (p.keys === undefined), { message: "give exactly one of key or keys" });
const IncrPayload = z.strictObject({ key: Key, by: z.number().int().default(1) });
const ExpirePayload = z.strictObject({ key: Key, ...Ttl }).refine((p) => (p.ttlMs === undefined) !== (p.ttlSeconds === undefined), {
  message: "give exactly one of ttlMs or ttlSeconds",
});
const PublishPayload = z.strictObject({ channel: z.string().min(1).max(1_024), message: z.string() });
const LockAcquirePayload = z.strictObject({ key: Key, ttlMs: z.number().int().min(1), waitMs: z.number().int().min(0).optional() });
const LockReleasePayload = z.strictObject({ key: Key, token: z.string().min(1).max(256) });

/**
 * Handler of `valkey.get` (`{key}` -> `{value}`), `valkey.set` (`{key, value, ttlMs?|ttlSeconds?, nx?}` ->
 * `{written}`), `valkey.delete` (`{key}|{keys}` -> `{deleted}`), `valkey.incr` (`{key, by?}` -> `{value}`),
 * `valkey.expire` (`{key, ttlMs|ttlSeconds}` -> `{updated}`), `valkey.publish` (`{channel, message}` ->
 * `{receivers}`), `valkey.lock.acquire` (`{key, ttlMs, waitMs?}` -> `{token}`, null when still taken after `waitMs`)
 * and `valkey.lock.release` (`{key, token}` -> `{released}`, only the holder's token releases).
 */
export class HandlerValkey implements ProtocolHandler {
  readonly handlerType = "valkey";
  readonly #options: InfraHandlerOptions;
  #lifecycle: InfraHandlerLifecycle = "created";
  #cache: CacheServiceValkey | undefined;

  constructor(options: InfraHandlerOptions = {}) {
    this.#options = options;
  }

  /** The handler's cache service (after `initialize`), for in-process users of the same connection and breaker. */
  get cache(): ProtocolCacheService | undefined {
    return this.#cache;
  }

  initialize(config: unknown): Promise<void> {
    return initializeSync(() => {
      if (this.#lifecycle !== "created") throw initializedTwiceError("valkey");
      this.#cache = new CacheServiceValkey(parseHandlerConfig(ModelHandlerValkeyConfig, config, "valkey"), this.#options);
      this.#lifecycle = "ready";
    });
  }

  execute(envelope: ModelEventEnvelope): Promise<ProtocolHandlerResult> {
    const cache = this.#cache;
    if (this.#lifecycle !== "ready" || cache === undefined) return Promise.reject(handlerNotReadyError("valkey", this.#lifecycle, this.#context(envelope)));
    // Errors raised below (argument checks, breaker, backend) pick the correlation id up from this scope.
    return runWithCorrelation(envelope.correlation_id, () => this.#dispatch(cache, envelope));
  }

  async #dispatch(cache: CacheServiceValkey, envelope: ModelEventEnvelope): Promise<ProtocolHandlerResult> {
    const context = (): ModelInfraErrorContext => this.#context(envelope);
    switch (envelope.operation ?? "") {
      case "valkey.get": {
        const p = parseOperationPayload(GetPayload, envelope, context);
        return { payload: { value: await cache.get(p.key) } };
      }
      case "valkey.set": {
        const p = parseOperationPayload(SetPayload, envelope, context);
        return { payload: { written: await cache.set(p.key, p.value, { ttlMs: p.ttlMs, ttlSeconds: p.ttlSeconds, onlyIfAbsent: p.nx }) } };
      }
      case "valkey.delete": {
        const p = parseOperationPayload(DeletePayload, envelope, context);
        return { payload: { deleted: await cache.deleteMany(p.keys ?? (p.key === undefined ? [] : [p.key])) } };
      }
      case "valkey.incr": {
        const p = parseOperationPayload(IncrPayload, envelope, context);
        return { payload: { value: await cache.incr(p.key, p.by) } };
      }
      case "valkey.expire": {
        const p = parseOperationPayload(ExpirePayload, envelope, context);
        const updated = p.ttlMs === undefined ? await cache.expire(p.key, p.ttlSeconds ?? 0) : await cache.expireMs(p.key, p.ttlMs);
        return { payload: { updated } };
      }
      case "valkey.publish": {
        const p = parseOperationPayload(PublishPayload, envelope, context);
        return { payload: { receivers: await cache.publish(p.channel, p.message) } };
      }
      case "valkey.lock.acquire": {
        const p = parseOperationPayload(LockAcquirePayload, envelope, context);
        const lock = await cache.acquireLock(p.key, { ttlMs: p.ttlMs, waitMs: p.waitMs });
        return { payload: { token: lock?.token ?? null } };
      }
      case "valkey.lock.release": {
        const p = parseOperationPayload(LockReleasePayload, envelope, context);
        return { payload: { released: await cache.releaseLock({ name: p.key, token: p.token }) } };
      }
      default:
        throw unknownOperationError("valkey", OPERATIONS, context());
    }
  }

  /**
   * Calls `listener` for every message published on `channel` (dedicated connection, resubscribed after reconnects).
   * Resolves once subscribed, to the function that unsubscribes.
   */
  subscribe(channel: string, listener: CacheServiceValkeyListener): Promise<() => Promise<void>> {
    const cache = this.#cache;
    if (this.#lifecycle !== "ready" || cache === undefined) {
      return Promise.reject(handlerNotReadyError("valkey", this.#lifecycle, { transportType: EnumInfraTransportType.VALKEY, operation: "valkey.subscribe", targetName: "valkey" }));
    }
    return cache.subscribe(channel, listener);
  }

  #context(envelope: ModelEventEnvelope): ModelInfraErrorContext {
    return handlerErrorContext(EnumInfraTransportType.VALKEY, envelope, this.#cache?.targetName ?? "valkey");
  }

  describe(): ProtocolHandlerDescription {
    return describeHandler(this.handlerType, OPERATIONS, "Key/value with TTLs, counters, publish and distributed locks on Valkey/Redis through iovalkey.");
  }

  async health(): Promise<ProtocolHealthCheckResult> {
    const cache = this.#cache;
    if (this.#lifecycle !== "ready" || cache === undefined) {
      return notReadyHealth(this.#lifecycle, { handlerType: this.handlerType });
    }
    const result = await cache.health();
    return { healthy: result.healthy, details: { handlerType: this.handlerType, ...result.details } };
  }

  async shutdown(): Promise<void> {
    if (this.#lifecycle === "shut_down") return;
    this.#lifecycle = "shut_down";
    await this.#cache?.close();
  }
}
