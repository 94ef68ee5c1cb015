import type { ProtocolHealthCheck } from "./protocol-health-check.js";

/**
 * How the discovery backend checks a registered instance. Exactly one of `httpUrl` or `tcpAddress` is set.
 *
 * @category Protocols
 */
export interface ProtocolServiceDiscoveryHealthCheck {
  /** URL polled with GET; a 2xx answer means healthy. */
  readonly httpUrl?: string | undefined;
  /** `host:port` that must accept a TCP connection. */
  readonly tcpAddress?: string | undefined;
  /** Seconds between checks. */
  readonly intervalSeconds: number;
  /** Seconds before one check counts as failed. */
  readonly timeoutSeconds?: number | undefined;
  /** Seconds an instance may stay critical before the backend deregisters it. */
  readonly deregisterAfterSeconds?: number | undefined;
}

/**
 * An instance to register.
 *
 * @category Protocols
 */
export interface ProtocolServiceDiscoveryRegistration {
  /** Unique id of this instance (e.g. `"db-adapter-7f3a"`). */
  readonly serviceId: string;
  /** Logical service name that `discover` looks up. */
  readonly serviceName: string;
  /** Host or IP clients connect to. */
  readonly address: string;
  /** Port clients connect to. */
  readonly port: number;
  /** Free-form tags used to filter discovery (e.g. `"v1"`, `"primary"`). */
  readonly tags?: readonly string[] | undefined;
  /** String metadata stored with the instance (node type, version...). */
  readonly metadata?: Readonly<Record<string, string>> | undefined;
  /** Health check run by the backend; without one the instance counts as healthy while registered. */
  readonly healthCheck?: ProtocolServiceDiscoveryHealthCheck | undefined;
}

/**
 * A registered instance as discovery returns it.
 *
 * @category Protocols
 */
export interface ProtocolServiceDiscoveryInstance {
  /** Unique id of the instance. */
  readonly serviceId: string;
  /** Logical service name. */
  readonly serviceName: string;
  /** Host or IP to connect to. */
  readonly address: string;
  /** Port to connect to. */
  readonly port: number;
  /** Tags given at registration. */
  readonly tags: readonly string[];
  /** Metadata given at registration. */
  readonly metadata: Readonly<Record<string, string>>;
  /** Whether every health check of the instance passes now. */
  readonly healthy: boolean;
}

/**
 * Filters for {@link ProtocolServiceDiscovery.discover} and {@link ProtocolServiceDiscovery.watch}.
 *
 * @category Protocols
 */
export interface ProtocolServiceDiscoveryQuery {
  /** Only instances carrying this tag. */
  readonly tag?: string | undefined;
  /** Also return instances whose health checks fail (default: healthy only). */
  readonly includeUnhealthy?: boolean | undefined;
}

/**
 * Receives the full, current list of matching instances each time it changes.
 *
 * @category Protocols
 */
export type ProtocolServiceDiscoveryWatchListener = (instances: readonly ProtocolServiceDiscoveryInstance[]) => void;

/**
 * Service discovery (Consul, or the in-process registry when no Consul is configured).
 *
 * @category Protocols
 */
export interface ProtocolServiceDiscovery extends ProtocolHealthCheck {
  /** Registers (or re-registers, replacing) an instance together with its health check. */
  register(registration: ProtocolServiceDiscoveryRegistration): Promise<void>;

  /** Removes an instance; resolves also when it was not registered. */
  deregister(serviceId: string): Promise<void>;

  /** Instances of `serviceName`, healthy ones only unless `includeUnhealthy` is set; an empty list when none. */
  discover(serviceName: string, query?: ProtocolServiceDiscoveryQuery): Promise<readonly ProtocolServiceDiscoveryInstance[]>;

  /**
   * Calls `listener` with the current instances of `serviceName`, then again on every change (blocking queries on
   * Consul). Resolves to the function that stops watching.
   */
  watch(
    serviceName: string,
    listener: ProtocolServiceDiscoveryWatchListener,
    query?: ProtocolServiceDiscoveryQuery,
  ): Promise<() => Promise<void>>;
}
