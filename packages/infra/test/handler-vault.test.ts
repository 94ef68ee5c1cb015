import { inspect } from "node:util";
import { createEventEnvelope, EnumCoreErrorCode } from "@onex/core";
import { afterEach, describe, expect, it } from "vitest";
import { HandlerVault, type HandlerVaultOptions } from "../src/handlers/handler-vault.js";
import { EnvelopeValidationError } from "../src/errors/error-envelope-validation.js";
import { InfraAuthenticationError } from "../src/errors/error-infra-authentication.js";
import { InfraConnectionError } from "../src/errors/error-infra-connection.js";
import { InfraTimeoutError } from "../src/errors/error-infra-timeout.js";
import { InfraUnavailableError } from "../src/errors/error-infra-unavailable.js";
import { ProtocolConfigurationError } from "../src/errors/error-protocol-configuration.js";
import { RuntimeHostError } from "../src/errors/error-runtime-host.js";
import { SecretResolutionError } from "../src/errors/error-secret-resolution.js";
import { createCircuitBreakerFactory } from "../src/wiring/util-circuit-breaker-factory.js";
import { realVault, vaultTarget, type VaultTarget } from "./support/vault-target.js";
import { uniqueName } from "./support/test-services.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(
  serverOptions: Parameters<typeof vaultTarget>[0] = {},
  config: Record<string, unknown> | ((target: VaultTarget) => Record<string, unknown>) = {},
  options: HandlerVaultOptions = {},
): Promise<{ target: VaultTarget; handler: HandlerVault }> {
  const target = await vaultTarget(serverOptions);
  cleanups.push(() => target.close());
  const handler = new HandlerVault(options);
  const extra = typeof config === "function" ? config(target) : config;
  await handler.initialize({ address: target.address, ...("appRole" in extra || "token" in extra ? {} : { token: target.token }), ...extra });
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

/** Method and path of each request the server answered, with its status: "GET /v1/secret/data/a 200". */
const trace = (target: VaultTarget): string[] => (target.server?.requests ?? []).map((request) => `${request.method} ${request.path} ${request.status}`);

describe("HandlerVault KV v2", () => {
  it("writes versions, reads the current or a given version, deletes, undeletes, lists and reads metadata", async () => {
    const { handler } = await setup();
    const base = uniqueName("kv");
    const path = `${base}/db`;
    cleanups.push(async () => void (await handler.kv.delete({ path, allVersions: true }).catch(() => undefined)));
    const first = (await handler.execute(envelope("vault.kv.write", { path, data: { password: "p1", port: 5432 } }))).payload;
    expect(first).toMatchObject({ path, applied: true, version: 1 });
    await handler.execute(envelope("vault.kv.write", { path, data: { password: "p2" } }));

    expect((await handler.execute(envelope("vault.kv.read", { path }))).payload).toMatchObject({ path, data: { password: "p2" }, version: 2 });
    expect((await handler.execute(envelope("vault.kv.read", { path, version: 1 }))).payload).toMatchObject({ data: { password: "p1", port: 5432 }, version: 1 });
    expect((await handler.execute(envelope("vault.kv.read", { path, key: "password" }))).payload).toEqual({ path, key: "password", value: "p2", version: 2 });

    await handler.execute(envelope("vault.kv.delete", { path }));
    expect(await failure(handler.kv.read(path))).toBeInstanceOf(SecretResolutionError);
    expect((await handler.kv.read(path, 1)).data).toEqual({ password: "p1", port: 5432 });
    await handler.execute(envelope("vault.kv.undelete", { path, versions: [2] }));
    expect((await handler.kv.read(path)).version).toBe(2);
    await handler.execute(envelope("vault.kv.delete", { path, versions: [1], destroy: true }));

    const metadata = (await handler.execute(envelope("vault.kv.metadata", { path }))).payload as { currentVersion: number; versions: { version: number; destroyed: boolean; deletionTime: string | null }[] };
    expect(metadata.currentVersion).toBe(2);
    expect(metadata.versions.map((version) => [version.version, version.destroyed, version.deletionTime])).toEqual([
      [1, true, null],
      [2, false, null],
    ]);

    await handler.kv.write(`${base}/nested/x`, { a: "1" });
    cleanups.push(async () => void (await handler.kv.delete({ path: `${base}/nested/x`, allVersions: true }).catch(() => undefined)));
    expect((await handler.execute(envelope("vault.kv.list", { prefix: base }))).payload).toEqual({ prefix: base, keys: ["db", "nested/"] });
    expect((await handler.kv.list(`${base}/none`)).keys).toEqual([]);
  });

  it("returns applied: false for a write with a stale check-and-set version", async () => {
    const { handler } = await setup();
    const path = uniqueName("cas");
    cleanups.push(async () => void (await handler.kv.delete({ path, allVersions: true }).catch(() => undefined)));
    expect(await handler.kv.write(path, { v: "1" }, 0)).toMatchObject({ applied: true, version: 1 });
    expect((await handler.execute(envelope("vault.kv.write", { path, data: { v: "x" }, cas: 0 }))).payload).toEqual({ path, applied: false, version: null, createdTime: null });
    expect(await handler.kv.write(path, { v: "2" }, 1)).toMatchObject({ applied: true, version: 2 });
    expect(await handler.kv.write(path, { v: "3" }, 1)).toMatchObject({ applied: false });
    expect((await handler.kv.read(path)).data).toEqual({ v: "2" });
  });

  it("reports a missing secret, version or key as SecretResolutionError naming the path, with the correlation id", async () => {
    const { handler } = await setup();
    const path = uniqueName("missing");
    const correlationId = crypto.randomUUID();
    const error = await failure(handler.execute(envelope("vault.kv.read", { path }, correlationId)));
    expect(error).toBeInstanceOf(SecretResolutionError);
    expect(error.errorCode).toBe(EnumCoreErrorCode.RESOURCE_NOT_FOUND);
    expect(error.message).toContain(path);
    expect(error.correlationId).toBe(correlationId);
    expect(error.isRetryable).toBe(false);

    await handler.kv.write(path, { user: "app" });
    cleanups.push(async () => void (await handler.kv.delete({ path, allVersions: true }).catch(() => undefined)));
    expect((await failure(handler.kv.read(path, 7))).message).toContain("version 7");
    const key = await failure(handler.kv.readKey(path, "password"));
    expect(key).toBeInstanceOf(SecretResolutionError);
    expect(key.message).toContain('"password"');
    expect(key.message).not.toContain("app");
  });

  it("rejects invalid payloads and configurations, naming the fields", async () => {
    const { handler } = await setup();
    const bad = await failure(handler.execute(envelope("vault.kv.read", { path: "../etc/passwd" })));
    expect(bad).toBeInstanceOf(EnvelopeValidationError);
    expect(bad.message).toContain("path");
    expect(await failure(handler.execute(envelope("vault.kv.shred", { path: "a" })))).toBeInstanceOf(EnvelopeValidationError);
    const config = await failure(new HandlerVault().initialize({ address: "http://127.0.0.1:8200", appRole: { roleId: "r" } }));
    expect(config).toBeInstanceOf(ProtocolConfigurationError);
    expect(config.message).toContain("appRole.secretId");
    expect((await failure(new HandlerVault().initialize({}))).message).toContain("either token or appRole is required");
  });
});

describe.skipIf(realVault)("HandlerVault tokens and AppRole", () => {
  it("renews its token with renew-self before it expires, so no request ever fails", async () => {
    let clock = Date.parse("2030-01-01T00:00:00Z");
    const now = (): number => clock;
    const { target, handler } = await setup({ now }, (t) => ({ token: t.server?.createToken({ ttlSeconds: 60, renewable: true }), tokenRenewal: { thresholdSeconds: 20 } }), { now });
    await handler.kv.write("app/cfg", { a: "1" });
    clock += 30_000;
    await handler.kv.read("app/cfg");
    expect(trace(target).filter((line) => line.includes("renew-self"))).toEqual([]);

    clock += 15_000; // 45 s in: inside the 20 s threshold of the 60 s token
    await handler.kv.read("app/cfg");
    clock += 45_000; // 90 s in: past the original expiry, inside the threshold of the renewed token
    await handler.kv.read("app/cfg");
    expect(trace(target)).toEqual([
      "GET /v1/auth/token/lookup-self 200",
      "POST /v1/secret/data/app/cfg 200",
      "GET /v1/secret/data/app/cfg 200",
      "POST /v1/auth/token/renew-self 200",
      "GET /v1/secret/data/app/cfg 200",
      "POST /v1/auth/token/renew-self 200",
      "GET /v1/secret/data/app/cfg 200",
    ]);
    expect(handler.auth?.history).toEqual(["lookup", "renew", "renew"]);
  });

  it("logs in with AppRole, and after a 403 logs in again once and retries the request", async () => {
    const { target, handler } = await setup({}, { appRole: { roleId: "role-1", secretId: "secret-id-1" } });
    target.server?.addAppRole({ roleName: "onex", roleId: "role-1", secretId: "secret-id-1", tokenTtlSeconds: 3600 });
    await handler.kv.write("a", { v: "1" });
    for (const token of target.server?.state.tokens.values() ?? []) if (token.path === "auth/approle/login") target.server?.revokeToken(token.id);
    expect((await handler.kv.read("a")).data).toEqual({ v: "1" });
    expect(trace(target)).toEqual([
      "POST /v1/auth/approle/login 200",
      "POST /v1/secret/data/a 200",
      "GET /v1/secret/data/a 403",
      "POST /v1/auth/approle/login 200",
      "GET /v1/secret/data/a 200",
    ]);
    const lookup = (await handler.execute(envelope("vault.token.lookup", {}))).payload as Record<string, unknown>;
    expect(lookup).toMatchObject({ displayName: "approle", renewable: true, policies: ["default"] });
    expect(lookup.ttl).toBeGreaterThan(3500);
    expect(JSON.stringify(lookup)).not.toMatch(/hvs\./);
  });

  it("maps a 403 to InfraAuthenticationError, and a rejected AppRole secret_id too, never exposing token or secret_id", async () => {
    const planted = "planted-vault-token-zz9";
    const lines: string[] = [];
    const log = (fields: Record<string, unknown>, message: string): number => lines.push(`${message} ${JSON.stringify(fields)}`);
    const logger = { info: log, warn: log, error: log };
    const { target, handler } = await setup({ rootToken: planted }, { token: planted }, { logger });
    await handler.kv.write("s", { password: "planted-secret-value-77" });
    target.server?.revokeToken(planted);
    const correlationId = crypto.randomUUID();
    const denied = await failure(handler.execute(envelope("vault.kv.read", { path: "s" }, correlationId)));
    expect(denied).toBeInstanceOf(InfraAuthenticationError);
    expect(denied.correlationId).toBe(correlationId);
    expect(handler.breaker?.state).toBe("closed");

    const approle = new HandlerVault({ logger });
    await approle.initialize({ address: target.address, appRole: { roleId: "role-x", secretId: "planted-secret-id-55" } });
    cleanups.push(() => approle.shutdown());
    const rejected = await failure(approle.kv.read("s"));
    expect(rejected).toBeInstanceOf(InfraAuthenticationError);

    target.server?.failNext(1, 500, JSON.stringify({ errors: ["internal error"] }));
    const fresh = new HandlerVault({ logger });
    await fresh.initialize({ address: target.address, token: target.server?.createToken() });
    cleanups.push(() => fresh.shutdown());
    const failedWrite = await failure(fresh.kv.write("t", { password: "planted-secret-value-77" }));
    expect(failedWrite).toBeInstanceOf(InfraUnavailableError);

    for (const error of [denied, rejected, failedWrite]) {
      for (const text of [error.message, JSON.stringify(error), inspect(error, { depth: 10 }), String(error.stack), ...lines]) {
        expect(text).not.toContain(planted);
        expect(text).not.toContain("planted-secret-id-55");
        expect(text).not.toContain("planted-secret-value-77");
      }
    }
  });
});

describe.skipIf(realVault)("HandlerVault leases and dynamic credentials", () => {
  it("renews the lease of dynamic credentials through the refresh manager before it expires, then reads new ones when revoked", async () => {
    let clock = Date.parse("2030-01-01T00:00:00Z");
    const now = (): number => clock;
    const { target, handler } = await setup({ now }, {}, { now });
    target.server?.addDatabaseRole("readonly", { ttlSeconds: 60, maxTtlSeconds: 600 });
    const first = (await handler.execute(envelope("vault.dynamic.read", { path: "database/creds/readonly" }))).payload as { leaseId: string; data: { username: string }; renewals: number };
    expect(first).toMatchObject({ leaseDuration: 60, renewable: true, renewals: 0 });
    clock += 30_000;
    expect(((await handler.execute(envelope("vault.dynamic.read", { path: "database/creds/readonly" }))).payload as { leaseId: string }).leaseId).toBe(first.leaseId);
    expect(target.server?.requestsTo("POST", "/v1/sys/leases/renew")).toHaveLength(0);

    clock += 25_000; // 55 s: inside the default threshold (10% of 60 s)
    const renewed = (await handler.execute(envelope("vault.dynamic.read", { path: "database/creds/readonly" }))).payload as { leaseId: string; data: { username: string }; renewals: number };
    expect(renewed).toMatchObject({ leaseId: first.leaseId, renewals: 1, leaseDuration: 60 });
    expect(renewed.data.username).toBe(first.data.username);
    expect(target.server?.state.leases.get(first.leaseId)?.renewals).toBe(1);
    clock += 30_000; // past the original expiry: the renewed lease still answers
    expect((await handler.execute(envelope("vault.lease.renew", { leaseId: first.leaseId, incrementSeconds: 120 }))).payload).toEqual({ leaseId: first.leaseId, leaseDuration: 120, renewable: true });

    await handler.execute(envelope("vault.lease.revoke", { leaseId: first.leaseId }));
    const next = await handler.leases.readDynamic("database/creds/readonly");
    expect(next.leaseId).not.toBe(first.leaseId);
    const gone = await failure(handler.leases.renew(first.leaseId));
    expect(gone).toBeInstanceOf(SecretResolutionError);
    expect(gone.message).toContain(first.leaseId);
  });
});

describe.skipIf(realVault)("HandlerVault failures", () => {
  it("maps connection refused to InfraConnectionError with SERVICE_UNAVAILABLE, and opens the breaker after repeated failures", async () => {
    let clock = 5_000_000;
    const { target, handler } = await setup({}, { breaker: { failureThreshold: 2, resetTimeoutMs: 5_000 } }, { circuitBreakerFactory: createCircuitBreakerFactory({ now: () => clock }) });
    await handler.kv.write("a", { v: "1" });
    await target.close();
    const correlationId = crypto.randomUUID();
    const refused = await failure(handler.execute(envelope("vault.kv.read", { path: "a" }, correlationId)));
    expect(refused).toBeInstanceOf(InfraConnectionError);
    expect(refused.errorCode).toBe(EnumCoreErrorCode.SERVICE_UNAVAILABLE);
    expect(refused.correlationId).toBe(correlationId);
    expect(await failure(handler.kv.read("a"))).toBeInstanceOf(InfraConnectionError);
    const open = await failure(handler.kv.read("a"));
    expect(open).toBeInstanceOf(InfraUnavailableError);
    expect((open as InfraUnavailableError).retryAfterSeconds).toBe(5);
    expect((open as InfraUnavailableError).circuitState).toBe("open");
    expect(await handler.health()).toMatchObject({ healthy: false });
    clock += 5_000;
    expect(handler.breaker?.state).toBe("half_open");
  });

  it("maps a slow server to InfraTimeoutError and a 503 to InfraUnavailableError", async () => {
    const { target, handler } = await setup({}, { timeoutMs: 50 });
    await handler.kv.write("a", { v: "1" });
    target.server?.delayNext(400);
    expect(await failure(handler.kv.read("a"))).toBeInstanceOf(InfraTimeoutError);
    target.server?.failNext(1, 503, JSON.stringify({ errors: ["Vault is sealed"] }));
    const sealed = await failure(handler.kv.read("a"));
    expect(sealed).toBeInstanceOf(InfraUnavailableError);
    expect(sealed.message).toContain("Vault is sealed");
  });
});

describe("HandlerVault health and lifecycle", () => {
  it("reports health, describes itself and refuses work after shutdown", async () => {
    const { handler } = await setup();
    expect(await handler.health()).toMatchObject({ healthy: true, details: { backend: "vault", sealed: false, circuitState: "closed" } });
    expect(handler.describe().handlerType).toBe("vault");
    expect(handler.describe().operations).toContain("vault.dynamic.read");
    await handler.shutdown();
    expect(await failure(Promise.resolve().then(() => handler.kv.read("x")))).toBeInstanceOf(InfraUnavailableError);
    expect(await failure(handler.execute(envelope("vault.kv.read", { path: "x" })))).toBeInstanceOf(InfraUnavailableError);
  });
});
