// An in-process HTTP server that follows Consul's documented HTTP API (developer.hashicorp.com/consul/api-docs):
// agent service/check endpoints, health and catalog reads, the KV store with CAS, blocking queries, ACL tokens and
// Consul's error style (plain text, 404 with an empty body for a missing key). Used by the tests of HandlerConsul and
// by the runtime's end-to-end tests, since no Consul binary can be installed on the build machines.
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiTestServer, bearerToken, headerValue, parseGoDuration, sendJson, sendText, type ApiTestServerOptions, type ApiTestServerRequest } from "./api-test-server.js";
import { ConsulApiFailure, ConsulApiState, type ConsulChange, type ConsulCheck, type ConsulCheckStatus, type ConsulKvEntry, type ConsulService } from "./consul-api-state.js";

/** Options of {@link ConsulApiServer}. */
export interface ConsulApiServerOptions extends ApiTestServerOptions {
  /** When set, ACLs are enforced (default policy deny) and this is the only valid token. */
  readonly aclToken?: string | undefined;
  readonly datacenter?: string | undefined;
  readonly nodeName?: string | undefined;
  /** Upper bound of a blocking query's `wait` (Consul: 10 minutes); default 10 minutes. */
  readonly maxWaitMs?: number | undefined;
}

const DEFAULT_WAIT_MS = 5 * 60_000;

/**
 * Consul agent HTTP API test double. Start with {@link listen}; use {@link failNext}/{@link delayNext}/{@link dropNext}
 * for faults, {@link close} for "connection refused", and {@link expireChecks} after moving an injected clock so TTL
 * checks turn critical (with the real clock they also expire on their own timer).
 */
export class ConsulApiServer extends ApiTestServer {
  readonly state: ConsulApiState;
  readonly #aclToken: string | undefined;
  readonly #datacenter: string;
  readonly #nodeName: string;
  readonly #maxWaitMs: number;
  readonly #held = new Set<() => void>();
  #ttlTimer: NodeJS.Timeout | undefined;

  constructor(options: ConsulApiServerOptions = {}) {
    super(options);
    this.state = new ConsulApiState(this.now);
    this.#aclToken = options.aclToken;
    this.#datacenter = options.datacenter ?? "dc1";
    this.#nodeName = options.nodeName ?? "onex-test-node";
    this.#maxWaitMs = options.maxWaitMs ?? 10 * 60_000;
    this.state.onChange(() => this.#scheduleTtlTimer());
  }

  /** Re-evaluates TTL checks against the clock (wakes blocking health queries when one turns critical). */
  expireChecks(): void {
    this.state.expireChecks();
  }

  /** Blocking queries held right now (tests wait for this before writing, to prove a wake-up). */
  get heldQueries(): number {
    return this.#held.size;
  }

  /** Sets a check's status directly, as if its probe had run. */
  setCheckStatus(checkId: string, status: ConsulCheckStatus, output = ""): void {
    this.state.setCheckStatus(checkId, status, output);
  }

  protected defaultFailureIsJson(): boolean {
    return false;
  }

  protected hasToken(req: IncomingMessage, url: URL): boolean {
    return this.#tokenOf(req, url) !== undefined;
  }

  protected onClose(): void {
    if (this.#ttlTimer !== undefined) clearTimeout(this.#ttlTimer);
    for (const release of this.#held) release();
    this.#held.clear();
    this.state.close();
  }

  #tokenOf(req: IncomingMessage, url: URL): string | undefined {
    return headerValue(req, "x-consul-token") ?? bearerToken(req) ?? (url.searchParams.get("token") || undefined);
  }

  // With the real clock a TTL check must turn critical without any request arriving.
  #scheduleTtlTimer(): void {
    if (this.#ttlTimer !== undefined) clearTimeout(this.#ttlTimer);
    const deadlines = this.state.allChecks.flatMap((check) => (check.ttlDeadline !== undefined && check.status !== "critical" ? [check.ttlDeadline] : []));
    if (deadlines.length === 0) return;
    const delay = Math.max(0, Math.min(...deadlines) - this.now()) + 5;
    this.#ttlTimer = setTimeout(() => this.state.expireChecks(), Math.min(delay, 2 ** 31 - 1));
    this.#ttlTimer.unref();
  }

  protected async handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer, _record: ApiTestServerRequest): Promise<void> {
    const method = req.method ?? "GET";
    const path = url.pathname;
    if (path === "/v1/status/leader") {
      sendJson(res, 200, "127.0.0.1:8300");
      return;
    }
    if (this.#aclToken !== undefined) {
      const token = this.#tokenOf(req, url);
      if (token === undefined) return sendText(res, 403, "Permission denied");
      if (token !== this.#aclToken) return sendText(res, 403, "ACL not found");
    }
    try {
      if (path.startsWith("/v1/kv/") || path === "/v1/kv") return await this.#kv(req, res, url, body, method, decodeURIComponent(path.slice("/v1/kv/".length)));
      if (path.startsWith("/v1/agent/")) return this.#agent(res, url, body, method, path.slice("/v1/agent/".length));
      if (path.startsWith("/v1/health/service/") && method === "GET") {
        return await this.#blocking(req, res, url, (change) => change.table === "catalog" && change.service === name(path), () => this.#healthService(url, name(path)));
      }
      if (path.startsWith("/v1/health/checks/") && method === "GET") {
        return await this.#blocking(req, res, url, (change) => change.table === "catalog" && change.service === name(path), () => this.#healthChecks(name(path)));
      }
      if (path === "/v1/catalog/services" && method === "GET") {
        return await this.#blocking(req, res, url, (change) => change.table === "catalog", () => this.#catalogServices());
      }
      if (path.startsWith("/v1/catalog/service/") && method === "GET") {
        return await this.#blocking(req, res, url, (change) => change.table === "catalog" && change.service === name(path), () => this.#catalogService(url, name(path)));
      }
      sendText(res, 404, "404 page not found");
    } catch (error) {
      if (error instanceof ConsulApiFailure) return sendText(res, error.status, error.message);
      throw error;
    }
  }

  // ---- blocking queries

  #meta(index: number): Record<string, string> {
    return { "X-Consul-Index": String(index), "X-Consul-KnownLeader": "true", "X-Consul-LastContact": "0", "X-Consul-Effective-Consistency": "leader" };
  }

  /**
   * Runs `query`; with `?index=N` greater than 0 and a result index not above N, holds the request until a matching
   * change or the `wait` (default 5 minutes, at most `maxWaitMs`) expires, then answers with the current result.
   */
  async #blocking(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    matches: (change: ConsulChange) => boolean,
    query: () => { index: number; status: number; body: unknown },
  ): Promise<void> {
    const minIndex = Number(url.searchParams.get("index") ?? "0");
    let result = query();
    if (Number.isFinite(minIndex) && minIndex > 0 && result.index <= minIndex) {
      const wait = Math.min(parseGoDuration(url.searchParams.get("wait") ?? undefined) ?? DEFAULT_WAIT_MS, this.#maxWaitMs);
      await this.#waitForChange(req, matches, wait);
      if (res.destroyed) return;
      result = query();
    }
    if (result.body === undefined) {
      res.writeHead(result.status, this.#meta(result.index));
      res.end();
      return;
    }
    sendJson(res, result.status, result.body, this.#meta(result.index));
  }

  #waitForChange(req: IncomingMessage, matches: (change: ConsulChange) => boolean, waitMs: number): Promise<void> {
    return new Promise((resolve) => {
      const release = (): void => {
        clearTimeout(timer);
        unsubscribe();
        this.#held.delete(release);
        req.socket.off("close", release);
        resolve();
      };
      const timer = setTimeout(release, waitMs);
      const unsubscribe = this.state.onChange((change) => {
        if (matches(change)) release();
      });
      this.#held.add(release);
      req.socket.once("close", release);
    });
  }

  // ---- KV

  async #kv(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer, method: string, key: string): Promise<void> {
    const params = url.searchParams;
    const flag = (name: string): boolean => params.has(name) && params.get(name) !== "false";
    const intParam = (name: string): number | undefined => {
      const raw = params.get(name);
      if (raw === null) return undefined;
      if (!/^\d+$/.test(raw)) throw new ConsulApiFailure(400, `Invalid ${name} index`);
      return Number(raw);
    };
    switch (method) {
      case "GET": {
        const keysOnly = flag("keys");
        const recurse = flag("recurse") || keysOnly;
        const matches = (change: ConsulChange): boolean => change.table === "kv" && (recurse ? change.key.startsWith(key) : change.key === key);
        if (flag("raw") && !recurse) {
          const entry = this.state.kvGet(key);
          if (entry === undefined) {
            res.writeHead(404, this.#meta(this.state.kvIndex));
            res.end();
            return;
          }
          res.writeHead(200, { ...this.#meta(this.state.kvIndex), "Content-Type": "text/plain; charset=utf-8" });
          res.end(entry.value);
          return;
        }
        return await this.#blocking(req, res, url, matches, () => {
          const index = this.state.kvIndex;
          if (keysOnly) {
            const keys = listKeys(this.state.kvPrefix(key), key, params.get("separator") ?? "");
            return keys.length === 0 && key !== "" ? { index, status: 404, body: undefined } : { index, status: 200, body: keys };
          }
          const entries = recurse ? this.state.kvPrefix(key) : [this.state.kvGet(key)].flatMap((entry) => entry ?? []);
          return entries.length === 0 ? { index, status: 404, body: undefined } : { index, status: 200, body: entries.map(kvJson) };
        });
      }
      case "PUT": {
        if (key === "") throw new ConsulApiFailure(400, "Missing key name");
        if (body.length > 512 * 1024) throw new ConsulApiFailure(413, "Value exceeds 524288 byte limit");
        const applied = this.state.kvPut(key, body, intParam("flags"), intParam("cas"));
        sendJson(res, 200, applied);
        return;
      }
      case "DELETE": {
        const recurse = flag("recurse");
        if (key === "" && !recurse) throw new ConsulApiFailure(400, "Missing key name");
        sendJson(res, 200, this.state.kvDelete(key, recurse, intParam("cas")));
        return;
      }
      default:
        throw new ConsulApiFailure(405, `method ${method} not allowed`);
    }
  }

  // ---- agent

  #agent(res: ServerResponse, url: URL, body: Buffer, method: string, rest: string): void {
    const [group, action, ...idParts] = rest.split("/");
    const id = decodeURIComponent(idParts.join("/"));
    if (group === "self" && method === "GET") {
      return sendJson(res, 200, { Config: { Datacenter: this.#datacenter, NodeName: this.#nodeName, Version: "1.20.0-onex-test" }, Member: { Name: this.#nodeName, Addr: "127.0.0.1" } });
    }
    if (group === "services" && method === "GET") {
      return sendJson(res, 200, Object.fromEntries([...this.state.services.values()].map((service) => [service.id, this.#serviceJson(service)])));
    }
    if (group === "checks" && method === "GET") {
      return sendJson(res, 200, Object.fromEntries(this.state.allChecks.map((check) => [check.checkId, this.#checkJson(check)])));
    }
    if (method !== "PUT") throw new ConsulApiFailure(405, `method ${method} not allowed`);
    if (group === "service" && action === "register") {
      this.state.registerService(parseObject(body));
      return sendText(res, 200, "");
    }
    if (group === "service" && action === "deregister") {
      this.state.deregisterService(id);
      return sendText(res, 200, "");
    }
    if (group === "check" && (action === "pass" || action === "warn" || action === "fail")) {
      const status: ConsulCheckStatus = action === "pass" ? "passing" : action === "warn" ? "warning" : "critical";
      this.state.updateTtlCheck(id, status, url.searchParams.get("note") ?? "");
      return sendText(res, 200, "");
    }
    if (group === "check" && action === "update") {
      const update = parseObject(body);
      const status = update.Status;
      if (status !== "passing" && status !== "warning" && status !== "critical") throw new ConsulApiFailure(400, `Invalid check status: "${String(status)}"`);
      this.state.updateTtlCheck(id, status, typeof update.Output === "string" ? update.Output : "");
      return sendText(res, 200, "");
    }
    sendText(res, 404, "404 page not found");
  }

  // ---- health and catalog

  #nodeJson(): Record<string, unknown> {
    return { ID: "00000000-0000-0000-0000-000000000001", Node: this.#nodeName, Address: "127.0.0.1", Datacenter: this.#datacenter, TaggedAddresses: { lan: "127.0.0.1", wan: "127.0.0.1" }, Meta: {}, CreateIndex: 5, ModifyIndex: 5 };
  }

  #serfCheckJson(): Record<string, unknown> {
    return { Node: this.#nodeName, CheckID: "serfHealth", Name: "Serf Health Status", Status: "passing", Notes: "", Output: "Agent alive and reachable", ServiceID: "", ServiceName: "", ServiceTags: [], Type: "", Definition: {}, CreateIndex: 5, ModifyIndex: 5 };
  }

  #serviceJson(service: ConsulService): Record<string, unknown> {
    return {
      ID: service.id,
      Service: service.name,
      Tags: service.tags,
      Address: service.address,
      Meta: service.meta,
      Port: service.port,
      Weights: { Passing: 1, Warning: 1 },
      EnableTagOverride: false,
      Datacenter: this.#datacenter,
      CreateIndex: service.createIndex,
      ModifyIndex: service.modifyIndex,
    };
  }

  #checkJson(check: ConsulCheck): Record<string, unknown> {
    const service = this.state.services.get(check.serviceId);
    return {
      Node: this.#nodeName,
      CheckID: check.checkId,
      Name: check.name,
      Status: check.status,
      Notes: check.notes,
      Output: check.output,
      ServiceID: check.serviceId,
      ServiceName: service?.name ?? "",
      ServiceTags: service?.tags ?? [],
      Type: check.type,
      Interval: check.interval,
      Timeout: check.timeout,
      Definition: {},
      CreateIndex: check.createIndex,
      ModifyIndex: check.modifyIndex,
    };
  }

  #servicesNamed(serviceName: string, tag: string | null): ConsulService[] {
    return [...this.state.services.values()]
      .filter((service) => service.name === serviceName && (tag === null || service.tags.includes(tag)))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  #healthService(url: URL, serviceName: string): { index: number; status: number; body: unknown } {
    const index = this.state.catalogIndex;
    const passingOnly = url.searchParams.has("passing") && !["false", "0"].includes(url.searchParams.get("passing") ?? "");
    const entries = this.#servicesNamed(serviceName, url.searchParams.get("tag"))
      .map((service) => ({ service, checks: this.state.checksOf(service.id) }))
      .filter(({ checks }) => !passingOnly || checks.every((check) => check.status === "passing"))
      .map(({ service, checks }) => ({ Node: this.#nodeJson(), Service: this.#serviceJson(service), Checks: [this.#serfCheckJson(), ...checks.map((check) => this.#checkJson(check))] }));
    return { index, status: 200, body: entries };
  }

  #healthChecks(serviceName: string): { index: number; status: number; body: unknown } {
    const index = this.state.catalogIndex;
    const checks = this.#servicesNamed(serviceName, null).flatMap((service) => this.state.checksOf(service.id).map((check) => this.#checkJson(check)));
    return { index, status: 200, body: checks };
  }

  #catalogServices(): { index: number; status: number; body: unknown } {
    const index = this.state.catalogIndex;
    const out: Record<string, string[]> = { consul: [] };
    for (const service of this.state.services.values()) out[service.name] = [...new Set([...(out[service.name] ?? []), ...service.tags])];
    return { index, status: 200, body: out };
  }

  #catalogService(url: URL, serviceName: string): { index: number; status: number; body: unknown } {
    const index = this.state.catalogIndex;
    const body = this.#servicesNamed(serviceName, url.searchParams.get("tag")).map((service) => ({
      ID: "00000000-0000-0000-0000-000000000001",
      Node: this.#nodeName,
      Address: "127.0.0.1",
      Datacenter: this.#datacenter,
      ServiceID: service.id,
      ServiceName: service.name,
      ServiceTags: service.tags,
      ServiceAddress: service.address,
      ServicePort: service.port,
      ServiceMeta: service.meta,
      CreateIndex: service.createIndex,
      ModifyIndex: service.modifyIndex,
    }));
    return { index, status: 200, body };
  }
}

function name(path: string): string {
  return decodeURIComponent(path.slice(path.lastIndexOf("/") + 1));
}

function kvJson(entry: ConsulKvEntry): Record<string, unknown> {
  return {
    LockIndex: 0,
    Key: entry.key,
    Flags: entry.flags,
    Value: entry.value.length === 0 ? null : entry.value.toString("base64"),
    CreateIndex: entry.createIndex,
    ModifyIndex: entry.modifyIndex,
  };
}

/** `?keys` listing: with a separator, keys below the next separator collapse into one `prefix/sub/` entry. */
function listKeys(entries: readonly ConsulKvEntry[], prefix: string, separator: string): string[] {
  const out = new Set<string>();
  for (const { key } of entries) {
    const at = separator === "" ? -1 : key.indexOf(separator, prefix.length);
    out.add(at === -1 ? key : key.slice(0, at + separator.length));
  }
  return [...out];
}

function parseObject(body: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = body.length === 0 ? {} : JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw new ConsulApiFailure(400, `Request decode failed: ${error instanceof Error ? error.message : "invalid JSON"}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ConsulApiFailure(400, "Request decode failed: expected a JSON object");
  return value as Record<string, unknown>;
}
