// In-process service discovery: the embedded default when no Consul is configured. Same semantics as Consul's
// agent: a checked instance starts critical until its first passing result (unless `initialStatus` says otherwise),
// TTL checks turn critical when not refreshed in time, HTTP/TCP checks are probed on their interval, instances
// critical longer than `deregisterAfterSeconds` are removed, and `discover` returns healthy instances only by default.
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect } from "node:net";
import type {
  ProtocolHealthCheckResult,
  ProtocolServiceDiscovery,
  ProtocolServiceDiscoveryInstance,
  ProtocolServiceDiscoveryQuery,
  ProtocolServiceDiscoveryWatchListener,
} from "@onex/spi";
import { currentCorrelationId } from "../correlation/util-correlation.js";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { EnvelopeValidationError } from "../errors/error-envelope-validation.js";
import type { DiscoveryRegistration } from "./service-discovery-consul.js";

/** Status of a health check, as Consul names them. */
export type DiscoveryCheckStatus = "passing" | "warning" | "critical";

/** Probes an HTTP URL (2xx passing, 429 warning, else critical) or a TCP `host:port` (connect = passing). */
export function probeHealthEndpoint(kind: "http" | "tcp", target: string, timeoutMs: number): Promise<[DiscoveryCheckStatus, string]> {
  return new Promise((resolve) => {
    if (kind === "tcp") {
      const at = target.lastIndexOf(":");
      const socket = connect({ host: target.slice(0, at).replace(/^\[|\]$/g, ""), port: Number(target.slice(at + 1)), timeout: timeoutMs });
      socket.once("connect", () => {
        socket.destroy();
        resolve(["passing", `TCP connect ${target}: Success`]);
      });
      socket.once("timeout", () => socket.destroy(new Error("timeout")));
      socket.once("error", (error) => resolve(["critical", `dial tcp ${target}: ${error.message}`]));
      return;
    }
    const request = target.startsWith("https:") ? httpsRequest : httpRequest;
    const req = request(target, { method: "GET", timeout: timeoutMs }, (res) => {
      res.resume();
      const code = res.statusCode ?? 0;
      resolve([code >= 200 && code < 300 ? "passing" : code === 429 ? "warning" : "critical", `HTTP GET ${target}: ${code}`]);
    });
    req.once("timeout", () => req.destroy(new Error("timeout")));
    req.once("error", (error) => resolve(["critical", `Get "${target}": ${error.message}`]));
    req.end();
  });
}

interface Entry {
  readonly registration: DiscoveryRegistration;
  status: DiscoveryCheckStatus;
  output: string;
  readonly ttlMs: number | undefined;
  deadline: number | undefined;
  criticalSince: number | undefined;
  timer: NodeJS.Timeout | undefined;
}

interface Watcher {
  readonly serviceName: string;
  readonly query: ProtocolServiceDiscoveryQuery | undefined;
  readonly listener: ProtocolServiceDiscoveryWatchListener;
  last: string;
}

/** Options of {@link ServiceDiscoveryInmemory}. */
export interface ServiceDiscoveryInmemoryOptions {
  /** Clock in epoch ms (TTL expiry); default `Date.now`. With an injected clock call {@link ServiceDiscoveryInmemory.expireChecks} after moving it. */
  readonly now?: (() => number) | undefined;
  /** Whether HTTP/TCP checks are really probed; default true. When false they keep their status until set. */
  readonly probe?: boolean | undefined;
}

/** {@link ProtocolServiceDiscovery} kept in this process. Call {@link close} to stop probe timers. */
export class ServiceDiscoveryInmemory implements ProtocolServiceDiscovery {
  readonly #now: () => number;
  readonly #probe: boolean;
  readonly #entries = new Map<string, Entry>();
  readonly #watchers = new Set<Watcher>();
  #expiryTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: ServiceDiscoveryInmemoryOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#probe = options.probe ?? true;
  }

  register(registration: DiscoveryRegistration): Promise<void> {
    const problems: string[] = [];
    if (registration.serviceId === "") problems.push("serviceId: must not be empty");
    if (registration.serviceName === "") problems.push("serviceName: must not be empty");
    if (!Number.isInteger(registration.port) || registration.port < 1 || registration.port > 65535) problems.push("port: must be an integer 1..65535");
    const check = registration.healthCheck;
    const kinds = check === undefined ? 1 : [check.ttlSeconds, check.httpUrl, check.tcpAddress].filter((value) => value !== undefined).length;
    if (kinds !== 1) problems.push("healthCheck: exactly one of ttlSeconds, httpUrl or tcpAddress is required");
    if (problems.length > 0) {
      return Promise.reject(new EnvelopeValidationError(`Invalid service registration: ${problems.join("; ")}`, { context: { transportType: EnumInfraTransportType.INMEMORY, operation: "register", correlationId: currentCorrelationId() } }));
    }
    this.#remove(registration.serviceId);
    const now = this.#now();
    const status: DiscoveryCheckStatus = check === undefined ? "passing" : (check.initialStatus ?? "critical");
    const ttlMs = check?.ttlSeconds === undefined ? undefined : check.ttlSeconds * 1000;
    const entry: Entry = {
      registration: { ...registration, tags: [...(registration.tags ?? [])], metadata: { ...registration.metadata } },
      status,
      output: "",
      ttlMs,
      deadline: ttlMs === undefined ? undefined : now + ttlMs,
      criticalSince: status === "critical" ? now : undefined,
      timer: undefined,
    };
    this.#entries.set(registration.serviceId, entry);
    this.#startProbe(entry);
    this.#changed();
    return Promise.resolve();
  }

  deregister(serviceId: string): Promise<void> {
    if (this.#remove(serviceId)) this.#changed();
    return Promise.resolve();
  }

  discover(serviceName: string, query?: ProtocolServiceDiscoveryQuery): Promise<readonly ProtocolServiceDiscoveryInstance[]> {
    this.expireChecks();
    return Promise.resolve(this.#select(serviceName, query));
  }

  watch(serviceName: string, listener: ProtocolServiceDiscoveryWatchListener, query?: ProtocolServiceDiscoveryQuery): Promise<() => Promise<void>> {
    this.expireChecks();
    const current = this.#select(serviceName, query);
    const watcher: Watcher = { serviceName, query, listener, last: JSON.stringify(current) };
    this.#watchers.add(watcher);
    listener(current);
    return Promise.resolve(() => {
      this.#watchers.delete(watcher);
      return Promise.resolve();
    });
  }

  /** Heartbeat of a TTL check: passing (or the given status) and a new deadline. Returns false for an unknown id. */
  updateCheck(serviceId: string, status: DiscoveryCheckStatus = "passing", note = ""): boolean {
    this.expireChecks();
    const entry = this.#entries.get(serviceId);
    if (entry === undefined) return false;
    if (entry.ttlMs !== undefined) entry.deadline = this.#now() + entry.ttlMs;
    this.#setStatus(entry, status, note);
    return true;
  }

  /** Applies TTL expiry and critical-deregistration against the clock (runs on its own with the real clock). */
  expireChecks(): void {
    const now = this.#now();
    let changed = false;
    for (const entry of [...this.#entries.values()]) {
      if (entry.deadline !== undefined && now >= entry.deadline && entry.status !== "critical") {
        changed = this.#setStatus(entry, "critical", "TTL expired", false) || changed;
      }
      const after = entry.registration.healthCheck?.deregisterAfterSeconds;
      if (after !== undefined && entry.criticalSince !== undefined && now - entry.criticalSince >= after * 1000) {
        changed = this.#remove(entry.registration.serviceId) || changed;
      }
    }
    if (changed) this.#changed();
    this.#scheduleExpiry();
  }

  health(): Promise<ProtocolHealthCheckResult> {
    return Promise.resolve({ healthy: !this.#closed, details: { backend: "inmemory", instances: this.#entries.size, ...(this.#closed ? { reason: "closed" } : {}) } });
  }

  /** Stops probes and timers; registrations are kept. */
  close(): void {
    this.#closed = true;
    if (this.#expiryTimer !== undefined) clearTimeout(this.#expiryTimer);
    for (const entry of this.#entries.values()) if (entry.timer !== undefined) clearInterval(entry.timer);
  }

  #select(serviceName: string, query: ProtocolServiceDiscoveryQuery | undefined): ProtocolServiceDiscoveryInstance[] {
    return [...this.#entries.values()]
      .filter(({ registration, status }) => registration.serviceName === serviceName && (query?.tag === undefined || (registration.tags ?? []).includes(query.tag)) && (query?.includeUnhealthy === true || status === "passing"))
      .sort((a, b) => (a.registration.serviceId < b.registration.serviceId ? -1 : 1))
      .map(({ registration, status }) => ({
        serviceId: registration.serviceId,
        serviceName: registration.serviceName,
        address: registration.address,
        port: registration.port,
        tags: [...(registration.tags ?? [])],
        metadata: { ...registration.metadata },
        healthy: status === "passing",
      }));
  }

  #setStatus(entry: Entry, status: DiscoveryCheckStatus, output: string, notify = true): boolean {
    if (status === "critical" && entry.criticalSince === undefined) entry.criticalSince = this.#now();
    if (status !== "critical") entry.criticalSince = undefined;
    if (entry.status === status) return false;
    entry.status = status;
    entry.output = output;
    if (notify) this.#changed();
    return true;
  }

  #remove(serviceId: string): boolean {
    const entry = this.#entries.get(serviceId);
    if (entry === undefined) return false;
    if (entry.timer !== undefined) clearInterval(entry.timer);
    this.#entries.delete(serviceId);
    return true;
  }

  #changed(): void {
    for (const watcher of this.#watchers) {
      const current = this.#select(watcher.serviceName, watcher.query);
      const text = JSON.stringify(current);
      if (text === watcher.last) continue;
      watcher.last = text;
      try {
        watcher.listener(current);
      } catch {
        // A faulty listener must not break registration or other watchers.
      }
    }
    this.#scheduleExpiry();
  }

  #scheduleExpiry(): void {
    if (this.#expiryTimer !== undefined) clearTimeout(this.#expiryTimer);
    this.#expiryTimer = undefined;
    if (this.#closed) return;
    const deadlines = [...this.#entries.values()].flatMap((entry) => (entry.deadline !== undefined && entry.status !== "critical" ? [entry.deadline] : []));
    if (deadlines.length === 0) return;
    this.#expiryTimer = setTimeout(() => this.expireChecks(), Math.min(2 ** 31 - 1, Math.max(0, Math.min(...deadlines) - this.#now()) + 5));
    this.#expiryTimer.unref();
  }

  #startProbe(entry: Entry): void {
    const check = entry.registration.healthCheck;
    const target = check?.httpUrl ?? check?.tcpAddress;
    if (!this.#probe || check === undefined || target === undefined) return;
    const kind = check.httpUrl !== undefined ? "http" : "tcp";
    const run = (): void => {
      void probeHealthEndpoint(kind, target, (check.timeoutSeconds ?? 10) * 1000).then(([status, output]) => {
        if (!this.#closed && this.#entries.get(entry.registration.serviceId) === entry) this.#setStatus(entry, status, output);
      });
    };
    run();
    entry.timer = setInterval(run, Math.max(10, (check.intervalSeconds ?? 10) * 1000));
    entry.timer.unref();
  }
}
