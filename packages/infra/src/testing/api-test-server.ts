// Shared plumbing of the in-process API test servers (Consul, Vault): listening on an ephemeral loopback port,
// request recording, fault injection and a clean close that makes later connections fail with ECONNREFUSED.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** One request as the server saw it (no headers, so no token ever lands here). */
export interface ApiTestServerRequest {
  readonly method: string;
  /** Path without the query string, e.g. `/v1/kv/app/config`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Whether the request carried a token (header or query), not the token itself. */
  readonly withToken: boolean;
  /** Status code sent back (0 when the connection was dropped on purpose or the client went away). */
  status: number;
}

/** Where a started server listens. */
export interface ApiTestServerAddress {
  readonly host: string;
  readonly port: number;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
}

type Fault =
  | { readonly kind: "status"; readonly status: number; readonly body: string; readonly contentType: string }
  | { readonly kind: "delay"; readonly ms: number }
  | { readonly kind: "drop" };

/** Parses a Go duration as Consul and Vault accept it (`"150ms"`, `"5s"`, `"1m30s"`, `"1h"`; a bare number = seconds). */
export function parseGoDuration(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const units: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let rest = text;
  while (rest.length > 0) {
    const match = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/.exec(rest);
    if (match === null) return undefined;
    total += Number(match[1]) * (units[match[2] ?? "s"] ?? 1000);
    rest = rest.slice(match[0].length);
  }
  return text.length === 0 ? undefined : total;
}

/** Options common to both servers. */
export interface ApiTestServerOptions {
  /** Clock in epoch ms (token/TTL expiry); default `Date.now`. */
  readonly now?: (() => number) | undefined;
  /** Largest accepted request body in bytes; default 1 MiB. */
  readonly maxBodyBytes?: number | undefined;
}

/**
 * Base of the API test servers: a `node:http` server on 127.0.0.1 with an ephemeral port, a log of the requests it
 * answered and a fault queue ({@link failNext}, {@link delayNext}, {@link dropNext}) consumed one request at a time.
 */
export abstract class ApiTestServer {
  protected readonly now: () => number;
  readonly #maxBodyBytes: number;
  readonly #requests: ApiTestServerRequest[] = [];
  readonly #faults: Fault[] = [];
  readonly #sockets = new Set<Socket>();
  #server: Server | undefined;
  #address: ApiTestServerAddress | undefined;

  protected constructor(options: ApiTestServerOptions = {}) {
    this.now = options.now ?? Date.now;
    this.#maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  }

  /** Starts listening on 127.0.0.1 (an ephemeral port unless `port` is given) and resolves to the address. */
  async listen(port = 0): Promise<ApiTestServerAddress> {
    if (this.#address !== undefined) return this.#address;
    const server = createServer((req, res) => {
      void this.#dispatch(req, res);
    });
    server.on("connection", (socket) => {
      this.#sockets.add(socket);
      socket.once("close", () => this.#sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    const info = server.address() as AddressInfo;
    this.#server = server;
    this.#address = { host: "127.0.0.1", port: info.port, url: `http://127.0.0.1:${info.port}` };
    return this.#address;
  }

  /** The address after {@link listen}; throws before. */
  get address(): ApiTestServerAddress {
    if (this.#address === undefined) throw new Error("API test server is not listening; call listen() first");
    return this.#address;
  }

  /** Stops listening and cuts every open connection (held blocking queries included). Idempotent. */
  async close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server === undefined) return;
    this.onClose();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.#sockets) socket.destroy();
    server.closeAllConnections();
    await closed;
  }

  /** Answers the next `count` requests with `status` (default 500) and a plain-text or JSON `body`. */
  failNext(count = 1, status = 500, body?: string): this {
    const json = body === undefined ? this.defaultFailureIsJson() : body.trimStart().startsWith("{");
    const text = body ?? (json ? JSON.stringify({ errors: ["injected failure"] }) : "injected failure");
    for (let i = 0; i < count; i++) {
      this.#faults.push({ kind: "status", status, body: text, contentType: json ? "application/json" : "text/plain; charset=utf-8" });
    }
    return this;
  }

  /** Holds the next `count` requests for `ms` real milliseconds before handling them normally. */
  delayNext(ms: number, count = 1): this {
    for (let i = 0; i < count; i++) this.#faults.push({ kind: "delay", ms });
    return this;
  }

  /** Destroys the connection of the next `count` requests without an answer (the client sees ECONNRESET). */
  dropNext(count = 1): this {
    for (let i = 0; i < count; i++) this.#faults.push({ kind: "drop" });
    return this;
  }

  /** Forgets faults not consumed yet. */
  clearFaults(): this {
    this.#faults.length = 0;
    return this;
  }

  /** Every request answered so far, oldest first. */
  get requests(): readonly ApiTestServerRequest[] {
    return this.#requests;
  }

  /** Requests whose method and path match (`path` as a string prefix or a regular expression). */
  requestsTo(method: string, path: string | RegExp): ApiTestServerRequest[] {
    return this.#requests.filter(
      (request) => request.method === method && (typeof path === "string" ? request.path.startsWith(path) : path.test(request.path)),
    );
  }

  /** Handles one request whose body has been read; must send a response. */
  protected abstract handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer, record: ApiTestServerRequest): Promise<void>;

  /** Whether injected failures default to a JSON `{errors: [...]}` body (Vault) rather than plain text (Consul). */
  protected abstract defaultFailureIsJson(): boolean;

  /** Called once by {@link close}: release timers and held requests. */
  protected abstract onClose(): void;

  /** Whether the request carries a token; subclasses know their header names. */
  protected abstract hasToken(req: IncomingMessage, url: URL): boolean;

  async #dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const record: ApiTestServerRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      withToken: this.hasToken(req, url),
      status: 0,
    };
    this.#requests.push(record);
    res.once("finish", () => {
      record.status = res.statusCode;
    });
    let body: Buffer;
    try {
      body = await this.#readBody(req);
    } catch {
      sendText(res, 413, "Request body too large");
      return;
    }
    const fault = this.#faults.shift();
    if (fault?.kind === "delay") await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.kind === "drop") {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "status") {
      res.writeHead(fault.status, { "Content-Type": fault.contentType });
      res.end(fault.body);
      return;
    }
    try {
      await this.handle(req, res, url, body, record);
    } catch (error) {
      if (!res.headersSent) sendText(res, 500, error instanceof Error ? error.message : "internal error");
    }
  }

  #readBody(req: IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > this.#maxBodyBytes) {
          reject(new Error("body too large"));
          req.resume();
          return;
        }
        chunks.push(chunk);
      });
      req.once("end", () => resolve(Buffer.concat(chunks)));
      req.once("error", reject);
    });
  }
}

/** Sends a plain-text answer (Consul's error style). */
export function sendText(res: ServerResponse, status: number, text: string, headers: Readonly<Record<string, string>> = {}): void {
  res.writeHead(status, { ...headers, "Content-Type": "text/plain; charset=utf-8" });
  res.end(text);
}

/** Sends a JSON answer. */
export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): void {
  res.writeHead(status, { ...headers, "Content-Type": "application/json" });
  res.end(JSON.stringify(value));
}

/** Reads a token from `Authorization: Bearer <token>`. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== "string") return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}

/** The first value of a request header. */
export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
