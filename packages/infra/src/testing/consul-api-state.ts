// The data behind ConsulApiServer: one Raft-like index, the KV table and the local agent's services and checks,
// with the semantics of Consul's documented HTTP API (CreateIndex/ModifyIndex, CAS, check states, TTL expiry).
import { probeHealthEndpoint } from "../handlers/service-discovery-inmemory.js";
import { parseGoDuration } from "./api-test-server.js";

/** A stored KV pair. */
export interface ConsulKvEntry {
  readonly key: string;
  readonly value: Buffer;
  readonly flags: number;
  readonly createIndex: number;
  readonly modifyIndex: number;
}

/** Health status of a check, as Consul names them. */
export type ConsulCheckStatus = "passing" | "warning" | "critical";

/** A check of the local agent. */
export interface ConsulCheck {
  readonly checkId: string;
  readonly name: string;
  status: ConsulCheckStatus;
  output: string;
  notes: string;
  readonly serviceId: string;
  readonly type: "ttl" | "http" | "tcp" | "";
  readonly interval: string;
  readonly timeout: string;
  readonly ttlMs: number | undefined;
  ttlDeadline: number | undefined;
  readonly target: string | undefined;
  readonly deregisterAfterMs: number | undefined;
  criticalSince: number | undefined;
  readonly createIndex: number;
  modifyIndex: number;
  timer: NodeJS.Timeout | undefined;
}

/** A service registered with the local agent. */
export interface ConsulService {
  readonly id: string;
  readonly name: string;
  readonly tags: readonly string[];
  readonly address: string;
  readonly port: number;
  readonly meta: Readonly<Record<string, string>>;
  readonly createIndex: number;
  readonly modifyIndex: number;
  readonly checkIds: readonly string[];
}

/** What changed, for waking blocking queries. */
export type ConsulChange = { readonly table: "kv"; readonly key: string } | { readonly table: "catalog"; readonly service: string };

/** A rejected request: status and Consul's plain-text message. */
export class ConsulApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Check definition as the agent API accepts it (PascalCase fields). */
export interface ConsulCheckDefinition {
  readonly CheckID?: unknown;
  readonly Name?: unknown;
  readonly TTL?: unknown;
  readonly HTTP?: unknown;
  readonly TCP?: unknown;
  readonly Interval?: unknown;
  readonly Timeout?: unknown;
  readonly Status?: unknown;
  readonly Notes?: unknown;
  readonly DeregisterCriticalServiceAfter?: unknown;
}

const STATUSES: ReadonlySet<string> = new Set(["passing", "warning", "critical"]);
const str = (value: unknown): string | undefined => (typeof value === "string" && value.length > 0 ? value : undefined);

/** KV table, agent services and checks; emits a {@link ConsulChange} after every modification. */
export class ConsulApiState {
  #index = 10;
  #kvIndex = 0;
  #catalogIndex = 0;
  readonly #kv = new Map<string, ConsulKvEntry>();
  readonly #services = new Map<string, ConsulService>();
  readonly #checks = new Map<string, ConsulCheck>();
  readonly #listeners = new Set<(change: ConsulChange) => void>();
  #closed = false;

  constructor(private readonly now: () => number) {}

  /** Subscribes to changes; returns the unsubscribe function. */
  onChange(listener: (change: ConsulChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** X-Consul-Index of KV reads: the table's last modification (at least 1, as Consul reports). */
  get kvIndex(): number {
    return Math.max(1, this.#kvIndex);
  }

  /** X-Consul-Index of health/catalog reads. */
  get catalogIndex(): number {
    this.expireChecks();
    return Math.max(1, this.#catalogIndex);
  }

  #emit(change: ConsulChange): void {
    for (const listener of this.#listeners) listener(change);
  }

  // ---- KV

  kvGet(key: string): ConsulKvEntry | undefined {
    return this.#kv.get(key);
  }

  kvPrefix(prefix: string): ConsulKvEntry[] {
    return [...this.#kv.values()].filter((entry) => entry.key.startsWith(prefix)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** PUT /kv: with `cas` 0 only creates, with `cas` N only replaces ModifyIndex N. Returns whether it applied. */
  kvPut(key: string, value: Buffer, flags: number | undefined, cas: number | undefined): boolean {
    const existing = this.#kv.get(key);
    if (cas !== undefined && (cas === 0 ? existing !== undefined : existing?.modifyIndex !== cas)) return false;
    const index = ++this.#index;
    this.#kv.set(key, { key, value, flags: flags ?? existing?.flags ?? 0, createIndex: existing?.createIndex ?? index, modifyIndex: index });
    this.#kvIndex = index;
    this.#emit({ table: "kv", key });
    return true;
  }

  /** DELETE /kv: `cas` must be > 0 and equal ModifyIndex; `recurse` deletes the prefix. Returns whether it applied. */
  kvDelete(key: string, recurse: boolean, cas: number | undefined): boolean {
    if (cas !== undefined) {
      if (cas === 0 || this.#kv.get(key)?.modifyIndex !== cas) return false;
    }
    const keys = recurse ? this.kvPrefix(key).map((entry) => entry.key) : this.#kv.has(key) ? [key] : [];
    // Consul writes a tombstone (and so bumps the index) even when the key did not exist.
    const index = ++this.#index;
    for (const item of keys) this.#kv.delete(item);
    this.#kvIndex = index;
    for (const item of keys.length > 0 ? keys : [key]) this.#emit({ table: "kv", key: item });
    return true;
  }

  // ---- agent services and checks

  get services(): ReadonlyMap<string, ConsulService> {
    this.expireChecks();
    return this.#services;
  }

  check(checkId: string): ConsulCheck | undefined {
    this.expireChecks();
    return this.#checks.get(checkId);
  }

  checksOf(serviceId: string): ConsulCheck[] {
    this.expireChecks();
    return (this.#services.get(serviceId)?.checkIds ?? []).flatMap((id) => this.#checks.get(id) ?? []);
  }

  get allChecks(): readonly ConsulCheck[] {
    this.expireChecks();
    return [...this.#checks.values()];
  }

  /** PUT /agent/service/register (replaces an existing registration with the same ID). */
  registerService(body: Readonly<Record<string, unknown>>): void {
    const name = str(body.Name);
    if (name === undefined) throw new ConsulApiFailure(400, "Missing service name");
    const id = str(body.ID) ?? name;
    const port = body.Port === undefined ? 0 : body.Port;
    if (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535) {
      throw new ConsulApiFailure(400, "Request decode failed: invalid Port");
    }
    const tags = Array.isArray(body.Tags) ? body.Tags.filter((tag): tag is string => typeof tag === "string") : [];
    const meta = typeof body.Meta === "object" && body.Meta !== null ? Object.fromEntries(Object.entries(body.Meta).filter(([, v]) => typeof v === "string")) : {};
    const definitions: ConsulCheckDefinition[] = [];
    if (Array.isArray(body.Checks)) definitions.push(...(body.Checks as ConsulCheckDefinition[]));
    else if (typeof body.Check === "object" && body.Check !== null) definitions.push(body.Check);
    const parsed = definitions.map((definition, position) => this.#parseCheck(definition, id, name, definitions.length > 1 ? position + 1 : undefined));
    const previous = this.#services.get(id);
    this.#removeService(id, false);
    const index = ++this.#index;
    const checks = parsed.map((make) => make(index));
    for (const check of checks) this.#checks.set(check.checkId, check);
    this.#services.set(id, {
      id,
      name,
      tags,
      address: typeof body.Address === "string" ? body.Address : "",
      port,
      meta: meta,
      createIndex: previous?.createIndex ?? index,
      modifyIndex: index,
      checkIds: checks.map((check) => check.checkId),
    });
    this.#catalogIndex = index;
    for (const check of checks) this.#startProbe(check);
    this.#emit({ table: "catalog", service: name });
  }

  #parseCheck(definition: ConsulCheckDefinition, serviceId: string, serviceName: string, ordinal: number | undefined): (index: number) => ConsulCheck {
    const ttl = str(definition.TTL);
    const http = str(definition.HTTP);
    const tcp = str(definition.TCP);
    const interval = str(definition.Interval) ?? "";
    const ttlMs = ttl === undefined ? undefined : parseGoDuration(ttl);
    if (ttl !== undefined && (ttlMs === undefined || ttlMs <= 0)) throw new ConsulApiFailure(400, "Invalid check: TTL must be > 0 for TTL checks");
    if ((http !== undefined || tcp !== undefined) && !((parseGoDuration(interval) ?? 0) > 0)) {
      throw new ConsulApiFailure(400, "Invalid check: Interval must be > 0 for Script, HTTP, H2PING, TCP or UDP checks");
    }
    const status = str(definition.Status) ?? "critical";
    if (!STATUSES.has(status)) throw new ConsulApiFailure(400, `Invalid check: Status must be one of passing, warning, critical`);
    const checkId = str(definition.CheckID) ?? `service:${serviceId}${ordinal === undefined ? "" : `:${ordinal}`}`;
    const deregisterAfter = str(definition.DeregisterCriticalServiceAfter);
    const now = this.now();
    return (index) => ({
      checkId,
      name: str(definition.Name) ?? `Service '${serviceName}' check`,
      status: status as ConsulCheckStatus,
      output: "",
      notes: str(definition.Notes) ?? "",
      serviceId,
      type: ttl !== undefined ? "ttl" : http !== undefined ? "http" : tcp !== undefined ? "tcp" : "",
      interval,
      timeout: str(definition.Timeout) ?? "",
      ttlMs,
      ttlDeadline: ttlMs === undefined ? undefined : now + ttlMs,
      target: http ?? tcp,
      deregisterAfterMs: deregisterAfter === undefined ? undefined : parseGoDuration(deregisterAfter),
      criticalSince: status === "critical" ? now : undefined,
      createIndex: index,
      modifyIndex: index,
      timer: undefined,
    });
  }

  /** PUT /agent/service/deregister/:id. */
  deregisterService(id: string): void {
    if (!this.#services.has(id)) {
      throw new ConsulApiFailure(404, `Unknown service ID "${id}". Ensure that the service ID is passed, not the service name.`);
    }
    this.#removeService(id, true);
  }

  #removeService(id: string, emit: boolean): void {
    const service = this.#services.get(id);
    if (service === undefined) return;
    for (const checkId of service.checkIds) {
      const check = this.#checks.get(checkId);
      if (check?.timer !== undefined) clearInterval(check.timer);
      this.#checks.delete(checkId);
    }
    this.#services.delete(id);
    if (!emit) return;
    this.#catalogIndex = ++this.#index;
    this.#emit({ table: "catalog", service: service.name });
  }

  /** PUT /agent/check/pass|warn|fail/:id (TTL checks only, as in Consul). */
  updateTtlCheck(checkId: string, status: ConsulCheckStatus, note: string): void {
    this.expireChecks();
    const check = this.#checks.get(checkId);
    if (check === undefined) throw new ConsulApiFailure(404, `Unknown check ID "${checkId}". Ensure that the check ID is passed, not the check name.`);
    if (check.ttlMs === undefined) throw new ConsulApiFailure(500, `CheckID "${checkId}" does not have associated TTL`);
    check.ttlDeadline = this.now() + check.ttlMs;
    this.setCheckStatus(checkId, status, note);
  }

  /** Sets a check's status and output; bumps the index and wakes watchers only when something changed. */
  setCheckStatus(checkId: string, status: ConsulCheckStatus, output: string): void {
    const check = this.#checks.get(checkId);
    if (check === undefined) return;
    if (status === "critical" && check.status !== "critical") check.criticalSince = this.now();
    if (status !== "critical") check.criticalSince = undefined;
    if (check.status === status && check.output === output) return;
    check.status = status;
    check.output = output;
    check.modifyIndex = ++this.#index;
    this.#catalogIndex = check.modifyIndex;
    const service = this.#services.get(check.serviceId);
    if (service !== undefined) this.#emit({ table: "catalog", service: service.name });
  }

  /** Moves TTL checks past their deadline to critical and reaps services critical past DeregisterCriticalServiceAfter. */
  expireChecks(): void {
    const now = this.now();
    for (const check of [...this.#checks.values()]) {
      if (check.ttlDeadline !== undefined && now >= check.ttlDeadline && check.status !== "critical") {
        this.setCheckStatus(check.checkId, "critical", `TTL expired (last update at ${new Date(check.ttlDeadline - (check.ttlMs ?? 0)).toISOString()})`);
      }
      if (check.deregisterAfterMs !== undefined && check.criticalSince !== undefined && now - check.criticalSince >= check.deregisterAfterMs) {
        this.#removeService(check.serviceId, true);
      }
    }
  }

  #startProbe(check: ConsulCheck): void {
    if ((check.type !== "http" && check.type !== "tcp") || check.target === undefined) return;
    const intervalMs = Math.max(10, parseGoDuration(check.interval) ?? 10_000);
    const timeoutMs = parseGoDuration(check.timeout) ?? 10_000;
    const run = (): void => {
      if (this.#closed || this.#checks.get(check.checkId) !== check) return;
      void probeHealthEndpoint(check.type === "http" ? "http" : "tcp", check.target ?? "", timeoutMs).then(([status, output]) => {
        if (this.#checks.get(check.checkId) === check) this.setCheckStatus(check.checkId, status, output);
      });
    };
    run();
    check.timer = setInterval(run, intervalMs);
    check.timer.unref();
  }

  /** Stops every probe timer. */
  close(): void {
    this.#closed = true;
    for (const check of this.#checks.values()) if (check.timer !== undefined) clearInterval(check.timer);
    this.#listeners.clear();
  }
}
