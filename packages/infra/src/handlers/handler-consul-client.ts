// A typed, promise-based view of the `consul` package (v2) for HandlerConsul: every call carries the ACL token per
// request (never as a client default, so it cannot leak through the client's options), can be aborted through a
// signal, and returns the response body parsed with zod together with the X-Consul-Index of blocking endpoints.
import { EventEmitter } from "node:events";
import Consul from "consul";
import { z } from "zod";

// The package's own typings omit per-call `token`/`ctx`/`index`/`wait` and type results as `any`; this is the part
// of its runtime API used here, with unknown results parsed below.
type Call = (options: Record<string, unknown>) => Promise<unknown>;
interface ConsulLibrary {
  readonly kv: { get: Call; keys: Call; set: Call; del: Call };
  readonly agent: { service: { register: Call; deregister: Call }; check: { pass: Call; warn: Call; fail: Call } };
  readonly health: { service: Call };
  readonly status: { leader: Call };
  destroy(): void;
}

/** Per-call options. */
export interface ConsulCallOptions {
  readonly token: string | undefined;
  readonly signal: AbortSignal;
  readonly datacenter?: string | undefined;
}

/** Blocking-query options: wait for a change after `index`, at most `waitSeconds`. */
export interface ConsulBlockingOptions extends ConsulCallOptions {
  readonly index?: number | undefined;
  readonly waitSeconds?: number | undefined;
}

const KvItem = z.object({
  Key: z.string(),
  Value: z.union([z.string(), z.instanceof(Buffer), z.null()]).optional(),
  Flags: z.number().default(0),
  CreateIndex: z.number(),
  ModifyIndex: z.number(),
  LockIndex: z.number().default(0),
  Session: z.string().optional(),
});

const HealthEntry = z.object({
  Service: z.object({
    ID: z.string(),
    Service: z.string(),
    Tags: z.array(z.string()).nullable().default([]),
    Address: z.string().default(""),
    Port: z.number().default(0),
    Meta: z.record(z.string(), z.string()).nullable().default({}),
  }),
  Node: z.object({ Address: z.string().default("") }).loose(),
  Checks: z.array(z.object({ CheckID: z.string(), Status: z.string() }).loose()).default([]),
});

/** A KV pair with its value as raw bytes. */
export interface ConsulKvItem {
  readonly key: string;
  readonly value: Buffer;
  readonly flags: number;
  readonly createIndex: number;
  readonly modifyIndex: number;
  readonly lockIndex: number;
  readonly session: string | null;
}

/** One instance from the health endpoint. */
export interface ConsulHealthInstance {
  readonly serviceId: string;
  readonly serviceName: string;
  readonly address: string;
  readonly port: number;
  readonly tags: readonly string[];
  readonly metadata: Readonly<Record<string, string>>;
  readonly healthy: boolean;
  readonly checks: readonly { readonly checkId: string; readonly status: string }[];
}

/** Service registration in the agent API's shape (as the `consul` package accepts it). */
export interface ConsulServiceDefinition {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly tags: readonly string[];
  readonly meta: Readonly<Record<string, string>>;
  readonly check?: Readonly<Record<string, unknown>> | undefined;
}

interface Response {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

function indexOf(response: Response): number {
  const raw = response.headers["x-consul-index"];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isFinite(value) && value > 0 ? value : 0;
}

function toItem(raw: unknown): ConsulKvItem {
  const item = KvItem.parse(raw);
  const value = item.Value === undefined || item.Value === null ? Buffer.alloc(0) : typeof item.Value === "string" ? Buffer.from(item.Value, "utf8") : item.Value;
  return { key: item.Key, value, flags: item.Flags, createIndex: item.CreateIndex, modifyIndex: item.ModifyIndex, lockIndex: item.LockIndex, session: item.Session ?? null };
}

/** Thin wrapper over one `consul` client instance. */
export class ConsulClient {
  readonly #lib: ConsulLibrary;

  constructor(options: { host: string; port: number; secure: boolean }) {
    this.#lib = new Consul({ host: options.host, port: options.port, secure: options.secure }) as unknown as ConsulLibrary;
  }

  // papi aborts the HTTP request when the ctx emitter emits "cancel"; includeResponse returns [response, body].
  async #call(fn: Call, options: Record<string, unknown>, call: ConsulCallOptions, timeoutMs?: number): Promise<[Response, unknown]> {
    const ctx = Object.assign(new EventEmitter(), { includeResponse: true });
    const cancel = (): void => {
      ctx.emit("cancel");
    };
    if (call.signal.aborted) cancel();
    call.signal.addEventListener("abort", cancel, { once: true });
    try {
      const full: Record<string, unknown> = { ...options, ctx };
      if (call.token !== undefined) full.token = call.token;
      if (call.datacenter !== undefined) full.dc = call.datacenter;
      if (timeoutMs !== undefined) full.timeout = timeoutMs;
      const result = await fn(full);
      const [response, body] = Array.isArray(result) ? (result as [Response, unknown]) : [{ headers: {} }, result];
      return [response, body];
    } finally {
      call.signal.removeEventListener("abort", cancel);
    }
  }

  #blocking(options: Record<string, unknown>, call: ConsulBlockingOptions): Record<string, unknown> {
    if (call.index === undefined || call.index <= 0) return options;
    return { ...options, index: String(call.index), wait: `${call.waitSeconds ?? 30}s` };
  }

  /** GET /kv/:key; `item` is undefined for a missing key. */
  async kvGet(key: string, call: ConsulBlockingOptions): Promise<{ item: ConsulKvItem | undefined; index: number }> {
    const [response, body] = await this.#call((o) => this.#lib.kv.get(o), this.#blocking({ key, buffer: true }, call), call);
    return { item: body === undefined || body === null ? undefined : toItem(body), index: indexOf(response) };
  }

  /** GET /kv/:prefix?recurse; an empty list when nothing matches. */
  async kvGetAll(prefix: string, call: ConsulCallOptions): Promise<{ items: ConsulKvItem[]; index: number }> {
    const [response, body] = await this.#call((o) => this.#lib.kv.get(o), { key: prefix, recurse: true, buffer: true }, call);
    const items = body === undefined || body === null ? [] : z.array(z.unknown()).parse(body).map(toItem);
    return { items, index: indexOf(response) };
  }

  /** GET /kv/:prefix?keys[&separator]; Consul answers 404 for an empty prefix, returned as an empty list. */
  async kvKeys(prefix: string, separator: string | undefined, call: ConsulCallOptions): Promise<string[]> {
    try {
      const options: Record<string, unknown> = { key: prefix };
      if (separator !== undefined) options.separator = separator;
      const [, body] = await this.#call((o) => this.#lib.kv.keys(o), options, call);
      return z.array(z.string()).parse(body ?? []);
    } catch (error) {
      if ((error as { statusCode?: unknown }).statusCode === 404) return [];
      throw error;
    }
  }

  /** PUT /kv/:key; false when a CAS condition failed. */
  async kvSet(key: string, value: Buffer, cas: number | undefined, flags: number | undefined, call: ConsulCallOptions): Promise<boolean> {
    const options: Record<string, unknown> = { key, value };
    if (cas !== undefined) options.cas = cas;
    if (flags !== undefined) options.flags = flags;
    const [, body] = await this.#call((o) => this.#lib.kv.set(o), options, call);
    return z.boolean().parse(body);
  }

  /** DELETE /kv/:key; false when a CAS condition failed. */
  async kvDelete(key: string, cas: number | undefined, recurse: boolean, call: ConsulCallOptions): Promise<boolean> {
    const options: Record<string, unknown> = { key };
    if (cas !== undefined) options.cas = cas;
    if (recurse) options.recurse = true;
    const [, body] = await this.#call((o) => this.#lib.kv.del(o), options, call);
    return z.boolean().parse(body);
  }

  async register(service: ConsulServiceDefinition, call: ConsulCallOptions): Promise<void> {
    const options: Record<string, unknown> = { id: service.id, name: service.name, address: service.address, port: service.port, tags: [...service.tags], meta: { ...service.meta } };
    if (service.check !== undefined) options.check = { ...service.check };
    await this.#call((o) => this.#lib.agent.service.register(o), options, call);
  }

  async deregister(serviceId: string, call: ConsulCallOptions): Promise<void> {
    await this.#call((o) => this.#lib.agent.service.deregister(o), { id: serviceId }, call);
  }

  async updateCheck(checkId: string, status: "pass" | "warn" | "fail", note: string | undefined, call: ConsulCallOptions): Promise<void> {
    const options: Record<string, unknown> = { id: checkId };
    if (note !== undefined) options.note = note;
    await this.#call((o) => this.#lib.agent.check[status](o), options, call);
  }

  /** GET /health/service/:name (passing instances only unless `includeUnhealthy`). */
  async healthService(name: string, query: { tag?: string | undefined; includeUnhealthy: boolean }, call: ConsulBlockingOptions): Promise<{ instances: ConsulHealthInstance[]; index: number }> {
    const options: Record<string, unknown> = { service: name, passing: !query.includeUnhealthy };
    if (query.tag !== undefined) options.tag = query.tag;
    const [response, body] = await this.#call((o) => this.#lib.health.service(o), this.#blocking(options, call), call);
    const instances = z
      .array(HealthEntry)
      .parse(body ?? [])
      .map((entry) => ({
        serviceId: entry.Service.ID,
        serviceName: entry.Service.Service,
        address: entry.Service.Address === "" ? entry.Node.Address : entry.Service.Address,
        port: entry.Service.Port,
        tags: entry.Service.Tags ?? [],
        metadata: entry.Service.Meta ?? {},
        healthy: entry.Checks.every((check) => check.Status === "passing"),
        checks: entry.Checks.map((check) => ({ checkId: check.CheckID, status: check.Status })),
      }));
    return { instances, index: indexOf(response) };
  }

  /** GET /status/leader: the Raft leader's address, empty when there is none. */
  async leader(call: ConsulCallOptions): Promise<string> {
    const [, body] = await this.#call((o) => this.#lib.status.leader(o), {}, call);
    return typeof body === "string" ? body : "";
  }

  /** Closes the keep-alive agent. */
  destroy(): void {
    this.#lib.destroy();
  }
}
