import { inspect } from "node:util";
import { createEventEnvelope, EnumCoreErrorCode } from "@onex/core";
import { afterEach, describe, expect, it } from "vitest";
import { HandlerConsul, type HandlerConsulOptions } from "../src/handlers/handler-consul.js";
import { SecretStoreEnv } from "../src/handlers/secret-store-env.js";
import { EnvelopeValidationError } from "../src/errors/error-envelope-validation.js";
import { InfraAuthenticationError } from "../src/errors/error-infra-authentication.js";
import { InfraConnectionError } from "../src/errors/error-infra-connection.js";
import { InfraTimeoutError } from "../src/errors/error-infra-timeout.js";
import { InfraUnavailableError } from "../src/errors/error-infra-unavailable.js";
import { ProtocolConfigurationError } from "../src/errors/error-protocol-configuration.js";
import { createCircuitBreakerFactory } from "../src/wiring/util-circuit-breaker-factory.js";
import { RuntimeHostError } from "../src/errors/error-runtime-host.js";
import { consulTarget, realConsul, until, type ConsulTarget } from "./support/consul-target.js";
import { uniqueName } from "./support/test-services.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(
  serverOptions: Parameters<typeof consulTarget>[0] = {},
  config: Record<string, unknown> = {},
  options: HandlerConsulOptions = {},
): Promise<{ target: ConsulTarget; handler: HandlerConsul }> {
  const target = await consulTarget(serverOptions);
  cleanups.push(() => target.close());
  const handler = new HandlerConsul(options);
  await handler.initialize({ address: target.address, ...(target.token === undefined ? {} : { token: target.token }), ...config });
  cleanups.push(() => handler.shutdown());
  return { target, handler };
}

function envelope(operation: string, payload: Record<string, unknown>, correlationId = crypto.randomUUID()) {
  return createEventEnvelope({ event_type: `${operation}.requested`, source: "test", operation, payload, correlation_id: correlationId });
}

async function failure(promise: Promise<unknown>): Promise<RuntimeHostError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(RuntimeHostError);
  return error as RuntimeHostError;
}

describe("HandlerConsul service registration and discovery", () => {
  it("registers services with TTL checks, discovers healthy instances only, and deregisters", async () => {
    const { handler } = await setup();
    const service = uniqueName("svc");
    const register = (id: string, initialStatus?: string) =>
      handler.execute(
        envelope("consul.register", {
          serviceId: id,
          serviceName: service,
          address: "10.0.0.7",
          port: 8080,
          tags: ["v1"],
          metadata: { node_type: "EFFECT" },
          healthCheck: { ttlSeconds: 120, ...(initialStatus === undefined ? {} : { initialStatus }) },
        }),
      );
    expect((await register(`${service}-a`, "passing")).payload).toEqual({ serviceId: `${service}-a`, checkId: `service:${service}-a` });
    await register(`${service}-b`);
    cleanups.push(async () => {
      await handler.deregister(`${service}-a`).catch(() => undefined);
      await handler.deregister(`${service}-b`).catch(() => undefined);
    });

    const discovered = (await handler.execute(envelope("consul.discover", { serviceName: service }))).payload as { instances: { serviceId: string }[] };
    expect(discovered.instances).toHaveLength(1);
    expect(discovered.instances[0]).toMatchObject({ serviceId: `${service}-a`, serviceName: service, address: "10.0.0.7", port: 8080, tags: ["v1"], metadata: { node_type: "EFFECT" }, healthy: true });

    await handler.execute(envelope("consul.check.pass", { checkId: `service:${service}-b` }));
    await handler.execute(envelope("consul.check.fail", { checkId: `service:${service}-a`, note: "draining" }));
    const after = await handler.discover(service);
    expect(after.instances.map((instance) => instance.serviceId)).toEqual([`${service}-b`]);
    const all = await handler.discover(service, { includeUnhealthy: true });
    expect(all.instances.map((instance) => [instance.serviceId, instance.healthy])).toEqual([
      [`${service}-a`, false],
      [`${service}-b`, true],
    ]);

    expect((await handler.execute(envelope("consul.deregister", { serviceId: `${service}-b` }))).payload).toEqual({ serviceId: `${service}-b`, deregistered: true });
    expect((await handler.discover(service)).instances).toEqual([]);
    expect(await handler.deregister(`${service}-never`)).toEqual({ serviceId: `${service}-never`, deregistered: false });
  });

  it.skipIf(realConsul)("hides an instance whose TTL expired without a heartbeat", async () => {
    let clock = Date.parse("2030-01-01T00:00:00Z");
    const { target, handler } = await setup({ now: () => clock });
    await handler.register({ serviceId: "api-1", serviceName: "api", address: "127.0.0.1", port: 1, tags: [], metadata: {}, healthCheck: { ttlSeconds: 10, intervalSeconds: 10, initialStatus: "passing" } });
    expect((await handler.discover("api")).instances).toHaveLength(1);
    clock += 10_001;
    target.server?.expireChecks();
    expect((await handler.discover("api")).instances).toHaveLength(0);
  });
});

describe("HandlerConsul KV", () => {
  it("puts, gets, lists and deletes keys, values round-tripping through base64", async () => {
    const { handler } = await setup();
    const prefix = `${uniqueName("kv")}/`;
    cleanups.push(async () => void (await handler.kvDelete(prefix, { recurse: true }).catch(() => undefined)));
    expect((await handler.execute(envelope("consul.kv.put", { key: `${prefix}a`, value: "héllo", flags: 7 }))).payload).toEqual({ key: `${prefix}a`, applied: true });
    await handler.execute(envelope("consul.kv.put", { key: `${prefix}dir/b`, value: Buffer.from([0, 255]).toString("base64"), encoding: "base64" }));

    const got = (await handler.execute(envelope("consul.kv.get", { key: `${prefix}a` }))).payload as { found: boolean; index: number; entry: Record<string, unknown> };
    expect(got.found).toBe(true);
    expect(got.index).toBeGreaterThan(0);
    expect(got.entry).toMatchObject({ key: `${prefix}a`, value: "héllo", flags: 7, encoding: "utf8" });
    const binary = await handler.kvGet(`${prefix}dir/b`, "base64");
    expect(binary.entry?.value).toBe(Buffer.from([0, 255]).toString("base64"));

    expect((await handler.execute(envelope("consul.kv.list", { prefix }))).payload).toEqual({ prefix, keys: [`${prefix}a`, `${prefix}dir/b`] });
    expect((await handler.kvList(prefix, { separator: "/" })).keys).toEqual([`${prefix}a`, `${prefix}dir/`]);
    expect((await handler.kvList(prefix, { withValues: true })).entries?.map((entry) => entry.key)).toEqual([`${prefix}a`, `${prefix}dir/b`]);
    expect((await handler.kvList(`${prefix}nothing/`)).keys).toEqual([]);

    expect((await handler.execute(envelope("consul.kv.delete", { key: `${prefix}a` }))).payload).toEqual({ key: `${prefix}a`, applied: true });
    expect(await handler.kvGet(`${prefix}a`)).toMatchObject({ found: false, entry: null });
  });

  it("returns applied: false for a put or delete with a stale CAS index", async () => {
    const { handler } = await setup();
    const key = uniqueName("cas");
    cleanups.push(async () => void (await handler.kvDelete(key).catch(() => undefined)));
    expect(await handler.kvPut(key, "v1", { cas: 0 })).toEqual({ key, applied: true });
    expect(await handler.kvPut(key, "again", { cas: 0 })).toEqual({ key, applied: false });
    const index = (await handler.kvGet(key)).entry?.modifyIndex ?? 0;
    expect((await handler.execute(envelope("consul.kv.put", { key, value: "v2", cas: index }))).payload).toEqual({ key, applied: true });
    expect((await handler.execute(envelope("consul.kv.put", { key, value: "v3", cas: index }))).payload).toEqual({ key, applied: false });
    expect((await handler.execute(envelope("consul.kv.delete", { key, cas: index }))).payload).toEqual({ key, applied: false });
    expect((await handler.kvGet(key)).entry?.value).toBe("v2");
  });

  it("wakes a watch started at the current index when another client writes, before its wait expires", async () => {
    const { target, handler } = await setup();
    const writer = new HandlerConsul();
    await writer.initialize({ address: target.address, ...(target.token === undefined ? {} : { token: target.token }) });
    cleanups.push(() => writer.shutdown());
    const key = uniqueName("watched");
    cleanups.push(async () => void (await writer.kvDelete(key).catch(() => undefined)));
    await writer.kvPut(key, "v1");
    const first = (await handler.execute(envelope("consul.watch", { type: "kv", key, index: 0 }))).payload as { index: number; changed: boolean };
    expect(first.changed).toBe(true);

    const events: string[] = [];
    const watching = handler.execute(envelope("consul.watch", { type: "kv", key, index: first.index, waitSeconds: 60 })).then((result) => {
      events.push("watch resolved");
      return result.payload as { index: number; changed: boolean; entry: { value: string } };
    });
    if (target.server === undefined) await new Promise((resolve) => setTimeout(resolve, 200));
    else await until(() => target.server?.heldQueries === 1);
    events.push("writing");
    await writer.kvPut(key, "v2");
    const woken = await watching;
    expect(events).toEqual(["writing", "watch resolved"]);
    expect(woken.changed).toBe(true);
    expect(woken.index).toBeGreaterThan(first.index);
    expect(woken.entry.value).toBe("v2");
  });

  it.skipIf(realConsul)("reports changed: false when the wait expires without a change", async () => {
    const { handler } = await setup();
    await handler.kvPut("quiet", "v1");
    const { index } = await handler.kvGet("quiet");
    const round = await handler.watch({ type: "kv", key: "quiet", index, waitSeconds: 0.05, encoding: "utf8" });
    expect(round).toMatchObject({ changed: false, index });
  });

  it("watches a service's healthy instances", async () => {
    const { target, handler } = await setup();
    const service = uniqueName("watched-svc");
    cleanups.push(async () => void (await handler.deregister(`${service}-1`).catch(() => undefined)));
    const first = await handler.watch({ type: "service", serviceName: service, index: 0, waitSeconds: 30, includeUnhealthy: false });
    const next = handler.watch({ type: "service", serviceName: service, index: first.index, waitSeconds: 30, includeUnhealthy: false });
    if (target.server !== undefined) await until(() => target.server?.heldQueries === 1);
    await handler.register({ serviceId: `${service}-1`, serviceName: service, address: "10.0.0.1", port: 80, tags: [], metadata: {} });
    const round = await next;
    expect(round.type === "service" ? round.instances.map((instance) => instance.serviceId) : []).toEqual([`${service}-1`]);
  });
});

describe("HandlerConsul errors", () => {
  it("rejects an invalid payload naming the field, and an unknown operation, with the envelope's correlation id", async () => {
    const { handler } = await setup();
    const correlationId = crypto.randomUUID();
    const bad = await failure(handler.execute(envelope("consul.register", { serviceId: "x", serviceName: "y", address: "h", port: 70000 }, correlationId)));
    expect(bad).toBeInstanceOf(EnvelopeValidationError);
    expect(bad.message).toContain("port");
    expect(bad.correlationId).toBe(correlationId);
    const check = await failure(handler.execute(envelope("consul.register", { serviceId: "x", serviceName: "y", address: "h", port: 1, healthCheck: { intervalSeconds: 5 } })));
    expect(check.message).toContain("exactly one of ttlSeconds, httpUrl or tcpAddress");
    const unknown = await failure(handler.execute(envelope("consul.kv.explode", { key: "a" }, correlationId)));
    expect(unknown).toBeInstanceOf(EnvelopeValidationError);
    expect(unknown.message).toContain("consul.kv.put");
    expect(unknown.correlationId).toBe(correlationId);
  });

  it("rejects an invalid configuration naming the fields, without echoing the token", async () => {
    const handler = new HandlerConsul();
    const error = await failure(handler.initialize({ port: "8500", token: 42, address: "not a url" }));
    expect(error).toBeInstanceOf(ProtocolConfigurationError);
    expect(error.message).toMatch(/port/);
    expect(error.message).toMatch(/token/);
    expect(error.message).toMatch(/address/);
  });

  it.skipIf(realConsul)("maps a 403 to InfraAuthenticationError carrying the correlation id and never the token", async () => {
    const planted = "planted-consul-token-0a1b2c3d";
    const lines: string[] = [];
    const log = (fields: Record<string, unknown>, message: string): number => lines.push(`${message} ${JSON.stringify(fields)}`);
    const { target, handler } = await setup({ aclToken: "the-real-acl-token" }, { token: planted }, { logger: { info: log, warn: log, error: log } });
    const correlationId = crypto.randomUUID();
    const error = await failure(handler.execute(envelope("consul.kv.get", { key: "a" }, correlationId)));
    expect(error).toBeInstanceOf(InfraAuthenticationError);
    expect(error.errorCode).toBe(EnumCoreErrorCode.AUTHENTICATION_ERROR);
    expect(error.correlationId).toBe(correlationId);
    expect(error.transportType).toBe("consul");
    for (const text of [error.message, JSON.stringify(error), JSON.stringify(error.toJSON()), inspect(error), String(error.stack), ...lines]) {
      expect(text).not.toContain(planted);
      expect(text).not.toContain("the-real-acl-token");
    }
    expect(target.server?.requests.at(-1)).toMatchObject({ withToken: true, status: 403 });
    // Authentication failures say nothing about the agent's health: the breaker stays closed.
    expect(handler.breaker?.state).toBe("closed");
  });

  it.skipIf(realConsul)("takes the ACL token from the secret store, re-reading it once after a 403", async () => {
    const reads: string[] = [];
    const store = new SecretStoreEnv({ env: {} });
    store.getSecret = ((path: string, key: string) => {
      reads.push(`${path}#${key}`);
      return Promise.resolve(reads.length === 1 ? "stale-token" : "rotated-token");
    }) as typeof store.getSecret;
    const { target, handler } = await setup({ aclToken: "rotated-token" }, { tokenSecret: { path: "onex/consul", key: "token" } }, { secretStore: store });
    expect((await handler.kvPut("a", "1")).applied).toBe(true);
    expect(target.server?.requests.map((request) => request.status)).toEqual([403, 200]);
    expect(reads).toEqual(["onex/consul#token", "onex/consul#token"]);
    expect((await handler.kvGet("a")).found).toBe(true);
    expect(reads).toHaveLength(2);

    const envStore = new SecretStoreEnv({ env: { ONEX_CONSUL_TOKEN: "rotated-token" } });
    const viaEnv = new HandlerConsul({ secretStore: envStore });
    await viaEnv.initialize({ address: target.address, tokenSecret: { path: "onex/consul", key: "token" } });
    cleanups.push(() => viaEnv.shutdown());
    expect((await viaEnv.kvGet("a")).entry?.value).toBe("1");
  });

  it.skipIf(realConsul)("maps connection refused to InfraConnectionError with SERVICE_UNAVAILABLE", async () => {
    const { target, handler } = await setup();
    await target.close();
    const correlationId = crypto.randomUUID();
    const error = await failure(handler.execute(envelope("consul.kv.get", { key: "a" }, correlationId)));
    expect(error).toBeInstanceOf(InfraConnectionError);
    expect(error.errorCode).toBe(EnumCoreErrorCode.SERVICE_UNAVAILABLE);
    expect(error.isRetryable).toBe(true);
    expect(error.correlationId).toBe(correlationId);
    expect((await handler.health()).healthy).toBe(false);
  });

  it.skipIf(realConsul)("maps a slow agent to InfraTimeoutError and a 5xx to InfraUnavailableError", async () => {
    const { target, handler } = await setup({}, { timeoutMs: 50 });
    target.server?.delayNext(500);
    expect(await failure(handler.kvGet("a"))).toBeInstanceOf(InfraTimeoutError);
    target.server?.failNext(1, 500, "rpc error: No cluster leader");
    const unavailable = await failure(handler.kvGet("a"));
    expect(unavailable).toBeInstanceOf(InfraUnavailableError);
    expect(unavailable.message).toContain("No cluster leader");
  });

  it.skipIf(realConsul)("opens the breaker after repeated failures and refuses calls with retryAfterSeconds, then recovers", async () => {
    let clock = 1_000_000;
    const { target, handler } = await setup({}, { breaker: { failureThreshold: 2, resetTimeoutMs: 10_000 } }, { circuitBreakerFactory: createCircuitBreakerFactory({ now: () => clock }) });
    target.server?.failNext(2, 503, "Service Unavailable");
    expect(await failure(handler.kvGet("a"))).toBeInstanceOf(InfraUnavailableError);
    expect(await failure(handler.kvGet("a"))).toBeInstanceOf(InfraUnavailableError);
    const seen = target.server?.requests.length;
    const refused = await failure(handler.execute(envelope("consul.kv.get", { key: "a" })));
    expect(refused).toBeInstanceOf(InfraUnavailableError);
    expect((refused as InfraUnavailableError).circuitState).toBe("open");
    expect((refused as InfraUnavailableError).retryAfterSeconds).toBe(10);
    expect(target.server?.requests.length).toBe(seen);
    expect(await handler.health()).toMatchObject({ healthy: false, details: { circuitState: "open" } });

    clock += 10_000;
    expect(await handler.kvGet("a")).toMatchObject({ found: false });
    expect(handler.breaker?.state).toBe("closed");
  });

  it("reports health and refuses work after shutdown", async () => {
    const { handler } = await setup();
    expect(await handler.health()).toMatchObject({ healthy: true, details: { backend: "consul", circuitState: "closed" } });
    expect(handler.describe().operations).toContain("consul.kv.put");
    await handler.shutdown();
    await handler.shutdown();
    const refused = await failure(handler.kvGet("a"));
    expect(refused).toBeInstanceOf(InfraUnavailableError);
    expect(refused.message).toContain("shut down");
  });
});
