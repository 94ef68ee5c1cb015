// HandlerHttp against local node:http servers: methods, bodies, statuses, deadlines, size bounds, the allowlist,
// per-host breakers and secrets that must never surface.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { EnumCoreErrorCode, createEventEnvelope, type ModelEventEnvelope } from "@onex/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EnvelopeValidationError,
  HandlerHttp,
  InfraAuthenticationError,
  InfraConnectionError,
  InfraTimeoutError,
  InfraUnavailableError,
  type RuntimeHostError,
  type HandlerHttpResult,
} from "../src/index.js";
import { waitFor } from "./support/util-wait-for.js";

function envelope(operation: string, payload: Record<string, unknown>): ModelEventEnvelope {
  return createEventEnvelope({ event_type: `${operation}.requested`, source: "handler-http-test", operation, payload });
}

interface TestServer {
  readonly server: Server;
  readonly base: string;
  readonly seen: string[];
  hugeClosed: boolean;
  hugeBytes: number;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function route(state: TestServer) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://test");
    state.seen.push(`${req.method ?? "?"} ${url.pathname}`);
    const body = await readBody(req);
    const json = (status: number, value: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(value));
    };
    if (url.pathname === "/echo") {
      json(200, { method: req.method, query: Object.fromEntries(url.searchParams), body, contentType: req.headers["content-type"] ?? null, authorization: req.headers.authorization ?? null, agent: req.headers["user-agent"] });
    } else if (url.pathname.startsWith("/status/")) {
      json(Number(url.pathname.slice(8)), { error: "as requested" }, { "retry-after": "7" });
    } else if (url.pathname === "/slow") {
      setTimeout(() => json(200, { late: true }), 3_000).unref();
    } else if (url.pathname === "/huge") {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.on("close", () => {
        state.hugeClosed = true;
      });
      const chunk = Buffer.alloc(64 * 1024, 120);
      const pump = (): void => {
        while (!res.destroyed && state.hugeBytes < 512 * 1024 * 1024) {
          state.hugeBytes += chunk.length;
          if (!res.write(chunk)) {
            res.once("drain", pump);
            return;
          }
        }
      };
      pump();
    } else if (url.pathname === "/declared-huge") {
      res.writeHead(200, { "content-type": "text/plain", "content-length": String(100 * 1024 * 1024) });
      res.write("partial");
    } else if (url.pathname === "/text") {
      res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
      res.end("plain text");
    } else if (url.pathname === "/binary") {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.end(Buffer.from([0, 1, 2, 255]));
    } else if (url.pathname === "/redirect") {
      res.writeHead(302, { location: "/echo" });
      res.end();
    } else {
      json(404, { error: "not found" });
    }
  };
}

async function startServer(): Promise<TestServer> {
  const state: TestServer = { server: createServer(), base: "", seen: [], hugeClosed: false, hugeBytes: 0 };
  state.server.on("request", (req: IncomingMessage, res: ServerResponse) => void route(state)(req, res));
  await new Promise<void>((resolve) => state.server.listen(0, "127.0.0.1", resolve));
  const { port } = state.server.address() as AddressInfo;
  return Object.assign(state, { base: `http://127.0.0.1:${port}` });
}

let primary: TestServer;
let secondary: TestServer;
const handler = new HandlerHttp();

async function request(operation: string, payload: Record<string, unknown>): Promise<HandlerHttpResult> {
  return (await handler.execute(envelope(operation, payload))).payload as HandlerHttpResult;
}

beforeAll(async () => {
  [primary, secondary] = await Promise.all([startServer(), startServer()]);
  await handler.initialize({ maxRequestBytes: 1_024, maxResponseBytes: 256 * 1024, breaker: { failureThreshold: 2, resetTimeoutMs: 60_000 } });
});

afterAll(async () => {
  await handler.shutdown();
  for (const s of [primary, secondary]) {
    s.server.closeAllConnections();
    await new Promise((resolve) => s.server.close(resolve));
  }
});

describe("HandlerHttp", () => {
  it.each([
    ["http.get", "GET", undefined],
    ["http.delete", "DELETE", undefined],
    ["http.post", "POST", { a: 1 }],
    ["http.put", "PUT", { b: [true] }],
    ["http.patch", "PATCH", "raw text"],
  ] as const)("%s sends a %s with query parameters and the body, and returns status, headers and parsed JSON", async (operation, method, body) => {
    const result = await request(operation, { url: `${primary.base}/echo`, query: { q: "x y", n: 2, many: ["a", "b"] }, ...(body === undefined ? {} : { body }) });
    expect(result.status).toBe(200);
    expect(result.bodyEncoding).toBe("json");
    expect(result.headers["content-type"]).toBe("application/json");
    expect(result.body).toMatchObject({ method, query: { q: "x y", n: "2", many: "b" }, agent: "onex-handler-http/1.0" });
    const echoed = result.body as { body: string; contentType: string | null };
    if (body === undefined) expect(echoed.body).toBe("");
    else if (typeof body === "string") expect(echoed).toMatchObject({ body, contentType: "text/plain; charset=utf-8" });
    else expect(echoed).toMatchObject({ body: JSON.stringify(body), contentType: "application/json" });
  });

  it("returns 4xx other than 401/403, redirects, text and binary bodies as data", async () => {
    expect(await request("http.get", { url: `${primary.base}/missing` })).toMatchObject({ status: 404, body: { error: "not found" } });
    const redirect = await request("http.get", { url: `${primary.base}/redirect` });
    expect(redirect).toMatchObject({ status: 302, bodyEncoding: "empty", body: null });
    expect(redirect.headers.location).toBe("/echo");
    expect(await request("http.get", { url: `${primary.base}/text` })).toMatchObject({ body: "plain text", bodyEncoding: "text" });
    expect(await request("http.get", { url: `${primary.base}/binary` })).toMatchObject({ body: Buffer.from([0, 1, 2, 255]).toString("base64"), bodyEncoding: "base64" });
  });

  it("maps 401 and 403 to authentication errors, 503 to unavailable with Retry-After, 500 to a network error", async () => {
    await expect(request("http.get", { url: `${secondary.base}/status/401` })).rejects.toBeInstanceOf(InfraAuthenticationError);
    await expect(request("http.get", { url: `${secondary.base}/status/403` })).rejects.toBeInstanceOf(InfraAuthenticationError);
    const unavailable = await request("http.get", { url: `${secondary.base}/status/503` }).catch((e: unknown) => e);
    expect(unavailable).toBeInstanceOf(InfraUnavailableError);
    expect((unavailable as InfraUnavailableError).retryAfterSeconds).toBe(7);
    const serverError = await request("http.get", { url: `${secondary.base}/status/500` }).catch((e: unknown) => e);
    expect(serverError).toBeInstanceOf(InfraConnectionError);
    expect((serverError as InfraConnectionError).errorCode).toBe(EnumCoreErrorCode.NETWORK_ERROR);
    expect((serverError as InfraConnectionError).context.httpStatus).toBe(500);
  });

  it("opens the breaker of a failing host only: other hosts keep working", async () => {
    // The previous test left the secondary host's breaker with two consecutive failures (503, 500): it is open.
    const refused = await request("http.get", { url: `${secondary.base}/echo` }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InfraUnavailableError);
    expect((refused as InfraUnavailableError).circuitState).toBe("open");
    expect(secondary.seen).not.toContain("GET /echo");
    expect((await request("http.get", { url: `${primary.base}/echo` })).status).toBe(200);
    expect((await handler.health()).details.openCircuits).toEqual([`http:${new URL(secondary.base).host}`]);
  });

  it("aborts a request at its deadline with InfraTimeoutError", async () => {
    const error = await request("http.get", { url: `${primary.base}/slow`, timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfraTimeoutError);
    expect((error as InfraTimeoutError).isRetryable).toBe(true);
    const tooLong = await request("http.get", { url: `${primary.base}/echo`, timeoutMs: 10 * 60_000 }).catch((e: unknown) => e);
    expect((tooLong as RuntimeHostError).errorCode).toBe(EnumCoreErrorCode.INVALID_INPUT);
  });

  it("abandons a response once it passes maxResponseBytes and closes the connection, never buffering the rest", async () => {
    const error = await request("http.get", { url: `${primary.base}/huge` }).catch((e: unknown) => e);
    expect((error as RuntimeHostError).errorCode).toBe(EnumCoreErrorCode.PAYLOAD_TOO_LARGE);
    expect((error as RuntimeHostError).isRetryable).toBe(false);
    await waitFor(() => primary.hugeClosed, { timeoutMs: 10_000, description: "the server to see the connection close" });
    expect(primary.hugeBytes).toBeLessThan(64 * 1024 * 1024);
    const declared = await request("http.get", { url: `${primary.base}/declared-huge` }).catch((e: unknown) => e);
    expect((declared as RuntimeHostError).errorCode).toBe(EnumCoreErrorCode.PAYLOAD_TOO_LARGE);
  });

  it("refuses an oversized request body before sending anything", async () => {
    const before = primary.seen.length;
    const error = await request("http.post", { url: `${primary.base}/echo`, body: "x".repeat(1_025) }).catch((e: unknown) => e);
    expect((error as RuntimeHostError).errorCode).toBe(EnumCoreErrorCode.PAYLOAD_TOO_LARGE);
    expect(primary.seen.length).toBe(before);
  });

  it("turns URL credentials into Basic authentication and keeps them, and Authorization headers, out of errors", async () => {
    const url = new URL(`${primary.base}/echo`);
    url.username = "svc";
    url.password = "Pa55wordPlanted";
    const ok = await request("http.get", { url: url.href });
    expect((ok.body as { authorization: string }).authorization).toBe(`Basic ${Buffer.from("svc:Pa55wordPlanted").toString("base64")}`);

    const failing = new URL(`${primary.base}/status/401`);
    failing.username = "svc";
    failing.password = "Pa55wordPlanted";
    const errors = [
      await request("http.get", { url: failing.href }).catch((e: unknown) => e),
      await request("http.get", { url: `${primary.base}/status/403?api_key=KeyPlanted`, headers: { Authorization: "Bearer TokenPlanted" } }).catch((e: unknown) => e),
      await request("http.get", { url: "http://svc:Pa55wordPlanted@127.0.0.1:1/x", headers: { Authorization: "Bearer TokenPlanted" } }).catch((e: unknown) => e),
    ];
    expect(errors[2]).toBeInstanceOf(InfraConnectionError);
    for (const error of errors as Error[]) {
      for (const form of [error.message, JSON.stringify(error), inspect(error, { depth: 10 })]) {
        for (const secret of ["Pa55wordPlanted", "TokenPlanted", "KeyPlanted", Buffer.from("svc:Pa55wordPlanted").toString("base64")]) expect(form).not.toContain(secret);
      }
    }
  });

  it("refuses hosts outside the allowlist, bad URLs and malformed payloads without sending anything", async () => {
    const restricted = new HandlerHttp();
    await restricted.initialize({ allowedHosts: ["api.example.com", "*.internal.example"] });
    const before = primary.seen.length;
    const denied = await restricted.execute(envelope("http.get", { url: `${primary.base}/echo` })).catch((e: unknown) => e);
    expect((denied as RuntimeHostError).errorCode).toBe(EnumCoreErrorCode.AUTHORIZATION_ERROR);
    expect(primary.seen.length).toBe(before);
    await expect(handler.execute(envelope("http.get", { url: "ftp://example.com/file" }))).rejects.toMatchObject({ errorCode: EnumCoreErrorCode.INVALID_INPUT });
    await expect(handler.execute(envelope("http.get", { url: `${primary.base}/echo`, body: { no: "body on GET" } }))).rejects.toMatchObject({ errorCode: EnumCoreErrorCode.INVALID_INPUT });
    await expect(handler.execute(envelope("http.get", { url: `${primary.base}/echo`, headers: { "bad header": "x" } }))).rejects.toBeInstanceOf(EnvelopeValidationError);
    await expect(handler.execute(envelope("http.head", { url: `${primary.base}/echo` }))).rejects.toBeInstanceOf(EnvelopeValidationError);
    expect(primary.seen.length).toBe(before);
    await restricted.shutdown();
    await expect(restricted.execute(envelope("http.get", { url: "https://api.example.com/" }))).rejects.toBeInstanceOf(InfraUnavailableError);
  });
});
