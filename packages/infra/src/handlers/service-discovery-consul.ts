// ProtocolServiceDiscovery on top of HandlerConsul: the same breaker, token handling and error mapping; `watch`
// loops blocking queries on the health endpoint and calls the listener whenever the instance list changes.
import type {
  ProtocolHealthCheckResult,
  ProtocolServiceDiscovery,
  ProtocolServiceDiscoveryHealthCheck,
  ProtocolServiceDiscoveryInstance,
  ProtocolServiceDiscoveryQuery,
  ProtocolServiceDiscoveryRegistration,
  ProtocolServiceDiscoveryWatchListener,
} from "@onex/spi";
import { backoffDelayMs } from "../resilience/util-retry.js";
import type { ConsulHealthInstance } from "./handler-consul-client.js";
import type { HandlerConsul } from "./handler-consul.js";
import { sanitizingLogger, SILENT_INFRA_LOGGER, type InfraLogger } from "./util-handler-support.js";

/**
 * A registration as both discovery implementations accept it: the spi registration whose health check may also be
 * a TTL check (the instance heartbeats) and may start in a given state. Consul starts checked instances critical.
 */
export type DiscoveryRegistration = Omit<ProtocolServiceDiscoveryRegistration, "healthCheck"> & {
  readonly healthCheck?:
    | (Omit<ProtocolServiceDiscoveryHealthCheck, "intervalSeconds"> & {
        readonly intervalSeconds?: number | undefined;
        /** TTL check: the instance must report within this many seconds (see `updateCheck`). */
        readonly ttlSeconds?: number | undefined;
        readonly initialStatus?: "passing" | "warning" | "critical" | undefined;
      })
    | undefined;
};

/** Options of {@link ServiceDiscoveryConsul}. */
export interface ServiceDiscoveryConsulOptions {
  /** Longest wait of one blocking query in a watch; default 60 s. */
  readonly watchWaitSeconds?: number | undefined;
  /** Backoff between failed watch rounds (full jitter, 200 ms doubling up to 10 s by default). */
  readonly retryInitialDelayMs?: number | undefined;
  readonly retryMaxDelayMs?: number | undefined;
  readonly logger?: InfraLogger | undefined;
}

function instanceOf(instance: ConsulHealthInstance): ProtocolServiceDiscoveryInstance {
  return {
    serviceId: instance.serviceId,
    serviceName: instance.serviceName,
    address: instance.address,
    port: instance.port,
    tags: [...instance.tags],
    metadata: { ...instance.metadata },
    healthy: instance.healthy,
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/** {@link ProtocolServiceDiscovery} backed by Consul through an initialised {@link HandlerConsul}. */
export class ServiceDiscoveryConsul implements ProtocolServiceDiscovery {
  readonly #handler: HandlerConsul;
  readonly #options: ServiceDiscoveryConsulOptions;
  readonly #logger: InfraLogger;

  constructor(handler: HandlerConsul, options: ServiceDiscoveryConsulOptions = {}) {
    this.#handler = handler;
    this.#options = options;
    this.#logger = sanitizingLogger(options.logger ?? SILENT_INFRA_LOGGER);
  }

  async register(registration: DiscoveryRegistration): Promise<void> {
    const check = registration.healthCheck;
    await this.#handler.register({
      serviceId: registration.serviceId,
      serviceName: registration.serviceName,
      address: registration.address,
      port: registration.port,
      tags: [...(registration.tags ?? [])],
      metadata: { ...registration.metadata },
      healthCheck:
        check === undefined
          ? undefined
          : {
              ttlSeconds: check.ttlSeconds,
              httpUrl: check.httpUrl,
              tcpAddress: check.tcpAddress,
              intervalSeconds: check.intervalSeconds ?? 10,
              timeoutSeconds: check.timeoutSeconds,
              deregisterAfterSeconds: check.deregisterAfterSeconds,
              initialStatus: check.initialStatus,
            },
    });
  }

  async deregister(serviceId: string): Promise<void> {
    await this.#handler.deregister(serviceId);
  }

  /** Heartbeat of a TTL check registered with {@link register} (`service:<serviceId>`). */
  async updateCheck(serviceId: string, status: "passing" | "warning" | "critical" = "passing", note?: string): Promise<void> {
    await this.#handler.updateCheck(`service:${serviceId}`, status === "passing" ? "pass" : status === "warning" ? "warn" : "fail", note);
  }

  async discover(serviceName: string, query?: ProtocolServiceDiscoveryQuery): Promise<readonly ProtocolServiceDiscoveryInstance[]> {
    const result = await this.#handler.discover(serviceName, { tag: query?.tag, includeUnhealthy: query?.includeUnhealthy });
    return result.instances.map(instanceOf);
  }

  /**
   * Calls `listener` with the current instances (before resolving), then after every change seen by a blocking
   * query. Failed rounds back off and retry until stopped; the returned function stops the loop and cancels the
   * held request.
   */
  async watch(serviceName: string, listener: ProtocolServiceDiscoveryWatchListener, query?: ProtocolServiceDiscoveryQuery): Promise<() => Promise<void>> {
    const controller = new AbortController();
    const waitSeconds = this.#options.watchWaitSeconds ?? 60;
    const round = (index: number): ReturnType<HandlerConsul["watch"]> =>
      this.#handler.watch(
        { type: "service", serviceName, tag: query?.tag, includeUnhealthy: query?.includeUnhealthy ?? false, index, waitSeconds },
        undefined,
        controller.signal,
      );
    const first = await round(0);
    if (first.type !== "service") throw new Error("unreachable: service watch answered a kv round");
    const notify = (instances: ProtocolServiceDiscoveryInstance[]): void => {
      try {
        listener(instances);
      } catch (error) {
        this.#logger.warn({ backend: "consul", serviceName, error }, "service discovery watch listener threw");
      }
    };
    let last = JSON.stringify(first.instances.map(instanceOf));
    notify(first.instances.map(instanceOf));
    const loop = async (): Promise<void> => {
      let index = first.index;
      let failures = 0;
      while (!controller.signal.aborted) {
        try {
          const next = await round(index);
          failures = 0;
          if (next.type !== "service") continue;
          index = next.index < index ? 0 : next.index;
          const instances = next.instances.map(instanceOf);
          const text = JSON.stringify(instances);
          if (text === last) continue;
          last = text;
          notify(instances);
        } catch (error) {
          if (controller.signal.aborted) return;
          const delayMs = backoffDelayMs(failures++, { initialDelayMs: this.#options.retryInitialDelayMs ?? 200, maxDelayMs: this.#options.retryMaxDelayMs ?? 10_000 });
          this.#logger.warn({ backend: "consul", serviceName, error, retryInMs: delayMs }, "consul watch round failed; retrying");
          await sleep(delayMs, controller.signal);
        }
      }
    };
    const running = loop();
    return async () => {
      controller.abort();
      await running;
    };
  }

  health(): Promise<ProtocolHealthCheckResult> {
    return this.#handler.health();
  }
}
