import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { VaultApiServer } from "../src/testing/vault-api-server.js";

let server: VaultApiServer;
let base: string;
let clock: number;

beforeEach(async () => {
  clock = Date.parse("2030-01-01T00:00:00Z");
  server = new VaultApiServer({ now: () => clock });
  base = `${(await server.listen()).url}/v1`;
});

afterEach(async () => {
  await server.close();
});

const call = async (method: string, path: string, token: string | undefined, body?: object): Promise<{ status: number; json: Record<string, unknown> | null }> => {
  const res = await fetch(`${base}/${path}`, {
    method,
    headers: token === undefined ? {} : { "X-Vault-Token": token },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text === "" ? null : (JSON.parse(text) as Record<string, unknown>) };
};

describe("VaultApiServer KV v2", () => {
  it("writes versions and reads data.data and data.metadata in Vault's response envelope", async () => {
    const root = server.rootToken;
    const written = await call("POST", "secret/data/app/db", root, { data: { password: "p1" } });
    expect(written.status).toBe(200);
    expect(written.json?.data).toMatchObject({ version: 1, destroyed: false, deletion_time: "", custom_metadata: null });
    await call("PUT", "secret/data/app/db", root, { data: { password: "p2" } });

    const read = await call("GET", "secret/data/app/db", root);
    expect(read.json).toMatchObject({ lease_id: "", renewable: false, lease_duration: 0, wrap_info: null, warnings: null, auth: null });
    expect(typeof read.json?.request_id).toBe("string");
    expect(read.json?.data).toEqual({
      data: { password: "p2" },
      metadata: { created_time: "2030-01-01T00:00:00.000Z", custom_metadata: null, deletion_time: "", destroyed: false, version: 2 },
    });
    expect(((await call("GET", "secret/data/app/db?version=1", root)).json?.data as { data: unknown }).data).toEqual({ password: "p1" });
  });

  it("rejects a stale CAS with 400 and Vault's message, and answers 404 {errors: []} for a missing secret", async () => {
    const root = server.rootToken;
    await call("POST", "secret/data/c", root, { data: { a: "1" }, options: { cas: 0 } });
    const stale = await call("POST", "secret/data/c", root, { data: { a: "2" }, options: { cas: 0 } });
    expect(stale).toEqual({ status: 400, json: { errors: ["check-and-set parameter did not match the current version"] } });
    expect((await call("POST", "secret/data/c", root, { data: { a: "2" }, options: { cas: 1 } })).status).toBe(200);
    expect(await call("GET", "secret/data/missing", root)).toEqual({ status: 404, json: { errors: [] } });
  });

  it("soft-deletes, undeletes and destroys versions, reporting them in metadata", async () => {
    const root = server.rootToken;
    await call("POST", "secret/data/s", root, { data: { v: "1" } });
    await call("POST", "secret/data/s", root, { data: { v: "2" } });
    expect((await call("DELETE", "secret/data/s", root)).status).toBe(204);
    const deleted = await call("GET", "secret/data/s", root);
    expect(deleted.status).toBe(404);
    expect((deleted.json?.data as { data: unknown }).data).toBeNull();
    expect((await call("POST", "secret/undelete/s", root, { versions: [2] })).status).toBe(204);
    expect((await call("GET", "secret/data/s", root)).status).toBe(200);
    expect((await call("POST", "secret/destroy/s", root, { versions: [1] })).status).toBe(204);
    expect((await call("POST", "secret/delete/s", root, { versions: [2] })).status).toBe(204);
    const metadata = (await call("GET", "secret/metadata/s", root)).json?.data as { current_version: number; versions: Record<string, { destroyed: boolean; deletion_time: string }> };
    expect(metadata.current_version).toBe(2);
    expect(metadata.versions["1"]?.destroyed).toBe(true);
    expect(metadata.versions["2"]?.deletion_time).not.toBe("");
  });

  it("lists names under a folder with GET ?list=true, folders ending in /", async () => {
    const root = server.rootToken;
    for (const path of ["apps/a", "apps/b", "apps/x/y"]) await call("POST", `secret/data/${path}`, root, { data: { k: "v" } });
    expect((await call("GET", "secret/metadata/apps?list=true", root)).json?.data).toEqual({ keys: ["a", "b", "x/"] });
    expect((await call("GET", "secret/metadata/?list=true", root)).json?.data).toEqual({ keys: ["apps/"] });
    expect(await call("GET", "secret/metadata/none?list=true", root)).toEqual({ status: 404, json: { errors: [] } });
  });
});

describe("VaultApiServer tokens, AppRole and leases", () => {
  it("requires X-Vault-Token or a Bearer token and answers 403 permission denied otherwise", async () => {
    expect(await call("GET", "secret/data/x", undefined)).toEqual({ status: 403, json: { errors: ["permission denied"] } });
    expect((await call("GET", "secret/data/x", "hvs.unknown")).status).toBe(403);
    const bearer = await fetch(`${base}/secret/data/x`, { headers: { Authorization: `Bearer ${server.rootToken}` } });
    expect(bearer.status).toBe(404);
    expect((await call("GET", "sys/health", undefined)).json).toMatchObject({ initialized: true, sealed: false, standby: false });
  });

  it("expires tokens on the injected clock and extends them with renew-self", async () => {
    const token = server.createToken({ ttlSeconds: 60, policies: ["app"] });
    const lookup = await call("GET", "auth/token/lookup-self", token);
    expect(lookup.json?.data).toMatchObject({ id: token, ttl: 60, creation_ttl: 60, renewable: true, policies: ["app"], type: "service" });
    clock += 50_000;
    expect((await call("GET", "auth/token/lookup-self", token)).json?.data).toMatchObject({ ttl: 10 });
    const renewed = await call("POST", "auth/token/renew-self", token, { increment: "120s" });
    expect(renewed.json?.auth).toMatchObject({ client_token: token, lease_duration: 120, renewable: true, policies: ["app"] });
    clock += 119_000;
    expect((await call("GET", "auth/token/lookup-self", token)).status).toBe(200);
    clock += 2_000;
    expect(await call("GET", "auth/token/lookup-self", token)).toEqual({ status: 403, json: { errors: ["permission denied"] } });
    expect((await call("POST", "auth/token/renew-self", server.rootToken, {})).status).toBe(400);
  });

  it("logs in with AppRole and rejects a wrong secret_id", async () => {
    server.addAppRole({ roleName: "onex", roleId: "role-1", secretId: "secret-1", tokenTtlSeconds: 300, policies: ["onex"] });
    const login = await call("POST", "auth/approle/login", undefined, { role_id: "role-1", secret_id: "secret-1" });
    expect(login.json?.auth).toMatchObject({ lease_duration: 300, renewable: true, policies: ["onex"], metadata: { role_name: "onex" } });
    const token = (login.json?.auth as { client_token: string }).client_token;
    expect(token).toMatch(/^hvs\./);
    expect((await call("GET", "auth/token/lookup-self", token)).status).toBe(200);
    expect(await call("POST", "auth/approle/login", undefined, { role_id: "role-1", secret_id: "wrong" })).toEqual({ status: 400, json: { errors: ["invalid role or secret ID"] } });
  });

  it("issues leased database credentials that renew up to the max TTL and stop working after revoke", async () => {
    server.addDatabaseRole("readonly", { ttlSeconds: 60, maxTtlSeconds: 100 });
    const creds = await call("GET", "database/creds/readonly", server.rootToken);
    expect(creds.json).toMatchObject({ lease_duration: 60, renewable: true });
    expect(Object.keys(creds.json?.data as object).sort()).toEqual(["password", "username"]);
    const leaseId = creds.json?.lease_id as string;
    expect(leaseId.startsWith("database/creds/readonly/")).toBe(true);
    clock += 50_000;
    const renewed = await call("PUT", "sys/leases/renew", server.rootToken, { lease_id: leaseId, increment: 60 });
    expect(renewed.json).toMatchObject({ lease_id: leaseId, renewable: true, lease_duration: 50 });
    expect((await call("PUT", "sys/leases/revoke", server.rootToken, { lease_id: leaseId })).status).toBe(204);
    expect(await call("PUT", "sys/leases/renew", server.rootToken, { lease_id: leaseId })).toEqual({ status: 400, json: { errors: ["lease not found"] } });
  });

  it("injects JSON failures and never records a token", async () => {
    server.failNext(1, 503);
    expect(await call("GET", "sys/health", undefined)).toEqual({ status: 503, json: { errors: ["injected failure"] } });
    await call("GET", "secret/data/x", server.rootToken);
    expect(server.requests.at(-1)).toMatchObject({ method: "GET", path: "/v1/secret/data/x", withToken: true, status: 404 });
    expect(JSON.stringify(server.requests)).not.toContain(server.rootToken);
  });
});
