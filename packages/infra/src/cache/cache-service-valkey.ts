// ProtocolCacheService on Valkey/Redis through iovalkey, plus what HandlerValkey needs beyond the protocol
// (millisecond TTLs, multi-key delete, publish, subscribe). Every command goes through the backend's breaker; there
// is no retry layer here (iovalkey re-sends commands that were queued while it reconnected, never sent ones twice).
import { randomUUID } from "node:crypto";
import type {
  ProtocolCacheService,
  ProtocolCacheServiceLock,
  ProtocolCacheServiceLockOptions,
  ProtocolCacheServiceSetOptions,
  ProtocolHealthCheckResult,
} from "@onex/spi";
import type { Valkey } from "iovalkey";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { ModelHandlerValkeyConfig, type ModelHandlerValkeyConfigInput } from "../handlers/model-handler-valkey-config.js";
import { SILENT_INFRA_LOGGER, parseHandlerConfig, resolveBreaker, sanitizingLogger, type InfraHandlerOptions, type InfraLogger } from "../handlers/util-handler-support.js";
import type { CircuitBreaker } from "../resilience/circuit-breaker.js";
import { increment, lockWaitMillis, pause, requiredTtlMillis, ttlMillis, type CacheArgumentSite } from "./util-cache-arguments.js";
import { createValkeyClient, toValkeyError, valkeyTargetName } from "./util-valkey-client.js";

/** Only the holder (the token) may delete the lock key. */
const RELEASE_LOCK_LUA = 'if redis.call("get",KEYS[1]) == ARGV[1] then return redis.call("del",KEYS[1]) else return 0 end';

/** Set options beyond the protocol: a TTL in milliseconds. */
export interface CacheServiceValkeySetOptions extends ProtocolCacheServiceSetOptions {
  readonly ttlMs?: number | undefined;
}

/** Receives messages of a subscribed channel. Errors it throws (or rejects with) are logged, never propagated. */
export type CacheServiceValkeyListener = (message: string, channel: string) => void | Promise<void>;

/** {@link ProtocolCacheService} on Valkey. Construct, use, `close()`. */
export class CacheServiceValkey implements ProtocolCacheService {
  readonly targetName: string;
  readonly config: ModelHandlerValkeyConfig;
  readonly #client: Valkey;
  readonly #breaker: CircuitBreaker;
  readonly #logger: InfraLogger;
  readonly #listeners = new Map<string, Set<CacheServiceValkeyListener>>();
  #subscriber: Valkey | undefined;
  #closed = false;

  /** `config` is validated (ProtocolConfigurationError naming bad fields); the client connects right away. */
  constructor(config: ModelHandlerValkeyConfigInput | ModelHandlerValkeyConfig, options: InfraHandlerOptions = {}) {
    this.config = parseHandlerConfig(ModelHandlerValkeyConfig, config, "valkey");
    this.targetName = valkeyTargetName(this.config);
    this.#logger = sanitizingLogger(options.logger ?? SILENT_INFRA_LOGGER);
    this.#breaker = resolveBreaker(options.circuitBreakerFactory, this.config.breakerName ?? `valkey:${this.targetName}`, EnumInfraTransportType.VALKEY, this.config.breaker);
    this.#client = createValkeyClient(this.config, this.#logger, "commands");
  }

  /** The backend's circuit breaker. */
  get breaker(): CircuitBreaker {
    return this.#breaker;
  }

  #site(operation: string): CacheArgumentSite {
    return { transportType: EnumInfraTransportType.VALKEY, operation, targetName: this.targetName };
  }

  #call<T>(operation: string, command: (client: Valkey) => Promise<T>): Promise<T> {
    return this.#breaker.execute(
      async () => {
        try {
          return await command(this.#client);
        } catch (error) {
          throw toValkeyError(error, operation, this.targetName);
        }
      },
      { operation },
    );
  }

  get(key: string): Promise<string | null> {
    return this.#call("valkey.get", (c) => c.get(key));
  }

  async set(key: string, value: string, options: CacheServiceValkeySetOptions = {}): Promise<boolean> {
    const ttl = ttlMillis(this.#site("valkey.set"), options.ttlSeconds, options.ttlMs);
    const nx = options.onlyIfAbsent === true;
    const reply = await this.#call("valkey.set", (c) => {
      if (ttl !== undefined) return nx ? c.set(key, value, "PX", ttl, "NX") : c.set(key, value, "PX", ttl);
      return nx ? c.set(key, value, "NX") : c.set(key, value);
    });
    return reply === "OK";
  }

  async delete(key: string): Promise<boolean> {
    return (await this.deleteMany([key])) > 0;
  }

  /** Deletes `keys`; resolves to how many existed. */
  deleteMany(keys: readonly string[]): Promise<number> {
    return this.#call("valkey.delete", (c) => c.del(...keys));
  }

  async incr(key: string, by = 1): Promise<number> {
    const amount = increment(this.#site("valkey.incr"), by);
    return await this.#call("valkey.incr", (c) => (amount === 1 ? c.incr(key) : c.incrby(key, amount)));
  }

  async expire(key: string, ttlSeconds: number): Promise<boolean> {
    return await this.expireMs(key, requiredTtlMillis(this.#site("valkey.expire"), ttlSeconds));
  }

  /** Sets `key` to expire in `ttlMs`; false when it does not exist. */
  async expireMs(key: string, ttlMs: number): Promise<boolean> {
    const ms = requiredTtlMillis(this.#site("valkey.expire"), undefined, ttlMs);
    return (await this.#call("valkey.expire", (c) => c.pexpire(key, ms))) === 1;
  }

  /** Publishes `message` on `channel`; resolves to the number of subscribers that received it. */
  publish(channel: string, message: string): Promise<number> {
    return this.#call("valkey.publish", (c) => c.publish(channel, message));
  }

  async acquireLock(name: string, options: ProtocolCacheServiceLockOptions): Promise<ProtocolCacheServiceLock | null> {
    const site = this.#site("valkey.lock.acquire");
    const ttl = requiredTtlMillis(site, undefined, options.ttlMs);
    const wait = lockWaitMillis(site, options.waitMs, this.config.maxLockWaitMs);
    const token = randomUUID();
    const deadline = Date.now() + wait;
    for (;;) {
      const reply = await this.#call("valkey.lock.acquire", (c) => c.set(name, token, "PX", ttl, "NX"));
      if (reply === "OK") return { name, token };
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await pause(Math.min(left, this.config.lockRetryIntervalMs));
    }
  }

  async releaseLock(lock: ProtocolCacheServiceLock): Promise<boolean> {
    const reply = await this.#call("valkey.lock.release", (c) => c.eval(RELEASE_LOCK_LUA, 1, lock.name, lock.token));
    return reply === 1;
  }

  /**
   * Calls `listener` for every message on `channel`, over a dedicated connection (a subscribed connection cannot run
   * other commands) that resubscribes after reconnecting. Resolves once subscribed, to the unsubscribe function.
   */
  async subscribe(channel: string, listener: CacheServiceValkeyListener): Promise<() => Promise<void>> {
    const subscriber = this.#subscriberClient();
    let listeners = this.#listeners.get(channel);
    if (listeners === undefined) {
      listeners = new Set();
      this.#listeners.set(channel, listeners);
    }
    const first = listeners.size === 0;
    listeners.add(listener);
    if (first) {
      try {
        await this.#breaker.execute(async () => {
          try {
            await subscriber.subscribe(channel);
          } catch (error) {
            throw toValkeyError(error, "valkey.subscribe", this.targetName);
          }
        }, { operation: "valkey.subscribe" });
      } catch (error) {
        listeners.delete(listener);
        throw error;
      }
    }
    let active = true;
    return async () => {
      if (!active) return;
      active = false;
      const current = this.#listeners.get(channel);
      current?.delete(listener);
      if (current?.size === 0) {
        this.#listeners.delete(channel);
        if (!this.#closed) await subscriber.unsubscribe(channel).catch(() => undefined);
      }
    };
  }

  #subscriberClient(): Valkey {
    if (this.#subscriber !== undefined) return this.#subscriber;
    const subscriber = createValkeyClient(this.config, this.#logger, "subscriber");
    subscriber.on("message", (channel: string, message: string) => {
      for (const listener of this.#listeners.get(channel) ?? []) {
        try {
          Promise.resolve(listener(message, channel)).catch((error: unknown) => this.#listenerFailed(channel, error));
        } catch (error) {
          this.#listenerFailed(channel, error);
        }
      }
    });
    this.#subscriber = subscriber;
    return subscriber;
  }

  #listenerFailed(channel: string, error: unknown): void {
    this.#logger.error({ backend: this.targetName, channel }, `valkey subscriber listener failed: ${error instanceof Error ? error.message : "unknown error"}`);
  }

  async health(): Promise<ProtocolHealthCheckResult> {
    const circuit = this.#breaker.snapshot();
    const details = { backend: this.targetName, status: this.#client.status, circuitState: circuit.state };
    if (this.#closed) return { healthy: false, details: { ...details, reason: "closed" } };
    try {
      await this.#client.ping();
      return { healthy: circuit.state !== "open", details };
    } catch (error) {
      return { healthy: false, details: { ...details, reason: toValkeyError(error, "valkey.ping", this.targetName).message } };
    }
  }

  /** Closes both connections (QUIT when connected, else disconnect). Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#listeners.clear();
    await Promise.all([quit(this.#client), this.#subscriber === undefined ? undefined : quit(this.#subscriber)]);
  }
}

async function quit(client: Valkey): Promise<void> {
  if (client.status !== "ready") {
    client.disconnect();
    return;
  }
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}
