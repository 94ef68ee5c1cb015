import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConsulApiServer } from "../src/testing/consul-api-server.js";

let server: ConsulApiServer;
let base: string;
let clock: number;

beforeEach(async () => {
  clock = Date.parse("2030-01-01T00:00:00Z");
  server = new ConsulApiServer({ now: () => clock });
  base = `${(await server.listen()).url}/v1`;
});

afterEach(async () => {
  await server.close();
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}

const put = (path: string, body?: string | object): Promise<Response> =>
  fetch(`${base}${path}`, { method: "PUT", body: typeof body === "object" ? JSON.stringify(body) : (body ?? null) });

describe("ConsulApiServer KV", () => {
  it("stores values base64-encoded with indexes, and answers 404 with an empty body for a missing key", async () => {
    expect(await (await put("/kv/app/config?flags=42", "hello")).json()).toBe(true);
    const res = await fetch(`${base}/kv/app/config`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(Number(res.headers.get("x-consul-index"))).toBeGreaterThan(0);
    expect(res.headers.get("x-consul-knownleader")).toBe("true");
    expect(res.headers.get("x-consul-lastcontact")).toBe("0");
    const [entry] = (await res.json()) as Record<string, unknown>[];
    expect(entry).toMatchObject({ Key: "app/config", Flags: 42, LockIndex: 0, Value: Buffer.from("hello").toString("base64") });
    expect(entry?.CreateIndex).toBe(entry?.ModifyIndex);

    const raw = await fetch(`${base}/kv/app/config?raw`);
    expect(await raw.text()).toBe("hello");

    const missing = await fetch(`${base}/kv/app/nothing`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe("");
    expect(missing.headers.get("x-consul-index")).not.toBeNull();
  });

  it("applies a CAS put only at the current ModifyIndex, and cas=0 only for a new key", async () => {
    expect(await (await put("/kv/k?cas=0", "v1")).json()).toBe(true);
    expect(await (await put("/kv/k?cas=0", "v2")).json()).toBe(false);
    const [entry] = (await (await fetch(`${base}/kv/k`)).json()) as { ModifyIndex: number }[];
    const index = entry?.ModifyIndex ?? 0;
    expect(await (await put(`/kv/k?cas=${index + 100}`, "stale")).json()).toBe(false);
    expect(await (await put(`/kv/k?cas=${index}`, "v2")).json()).toBe(true);
    expect(await (await fetch(`${base}/kv/k?raw`)).text()).toBe("v2");
  });

  it("lists keys and values by prefix, collapses folders with a separator, and deletes with cas or recurse", async () => {
    await put("/kv/cfg/a", "1");
    await put("/kv/cfg/b", "2");
    await put("/kv/cfg/sub/c", "3");
    expect(await (await fetch(`${base}/kv/cfg/?keys`)).json()).toEqual(["cfg/a", "cfg/b", "cfg/sub/c"]);
    expect(await (await fetch(`${base}/kv/cfg/?keys&separator=/`)).json()).toEqual(["cfg/a", "cfg/b", "cfg/sub/"]);
    expect(((await (await fetch(`${base}/kv/cfg/?recurse`)).json()) as unknown[]).length).toBe(3);
    expect((await fetch(`${base}/kv/none/?keys`)).status).toBe(404);

    const [a] = (await (await fetch(`${base}/kv/cfg/a`)).json()) as { ModifyIndex: number }[];
    expect(await (await fetch(`${base}/kv/cfg/a?cas=0`, { method: "DELETE" })).json()).toBe(false);
    expect(await (await fetch(`${base}/kv/cfg/a?cas=${a?.ModifyIndex}`, { method: "DELETE" })).json()).toBe(true);
    expect(await (await fetch(`${base}/kv/cfg?recurse`, { method: "DELETE" })).json()).toBe(true);
    expect((await fetch(`${base}/kv/cfg/?recurse`)).status).toBe(404);
  });

  it("holds a blocking read until the key changes, then answers with a higher X-Consul-Index", async () => {
    await put("/kv/watched", "v1");
    const first = await fetch(`${base}/kv/watched`);
    const index = Number(first.headers.get("x-consul-index"));
    const events: string[] = [];
    const blocked = fetch(`${base}/kv/watched?index=${index}&wait=30s`).then((res) => {
      events.push("woke");
      return res;
    });
    await until(() => server.heldQueries === 1);
    events.push("write");
    await put("/kv/watched", "v2");
    const res = await blocked;
    expect(events).toEqual(["write", "woke"]);
    expect(Number(res.headers.get("x-consul-index"))).toBeGreaterThan(index);
    const [entry] = (await res.json()) as { Value: string }[];
    expect(Buffer.from(entry?.Value ?? "", "base64").toString()).toBe("v2");
  });

  it("answers a blocking read when the wait expires without a change", async () => {
    await put("/kv/quiet", "v1");
    const index = Number((await fetch(`${base}/kv/quiet`)).headers.get("x-consul-index"));
    const res = await fetch(`${base}/kv/quiet?index=${index}&wait=50ms`);
    expect(res.status).toBe(200);
    expect(Number(res.headers.get("x-consul-index"))).toBe(index);
  });
});

describe("ConsulApiServer agent, health and catalog", () => {
  const register = (id: string, check?: object): Promise<Response> =>
    put("/agent/service/register", { ID: id, Name: "api", Address: "10.0.0.1", Port: 8080, Tags: ["v1"], Meta: { node_type: "EFFECT" }, ...(check ? { Check: check } : {}) });

  it("starts a TTL check critical, hides it from ?passing until it passes, and turns it critical when the TTL expires", async () => {
    expect((await register("api-1", { TTL: "10s" })).status).toBe(200);
    expect((await register("api-2")).status).toBe(200);
    const passing = async (): Promise<string[]> =>
      ((await (await fetch(`${base}/health/service/api?passing`)).json()) as { Service: { ID: string } }[]).map((entry) => entry.Service.ID);
    expect(await passing()).toEqual(["api-2"]);
    expect((await put("/agent/check/pass/service:api-1?note=ok")).status).toBe(200);
    expect(await passing()).toEqual(["api-1", "api-2"]);

    const all = (await (await fetch(`${base}/health/service/api`)).json()) as { Checks: { CheckID: string; Status: string }[] }[];
    expect(all[0]?.Checks.map((check) => check.CheckID)).toEqual(["serfHealth", "service:api-1"]);

    clock += 11_000;
    server.expireChecks();
    expect(await passing()).toEqual(["api-2"]);
    const checks = (await (await fetch(`${base}/agent/checks`)).json()) as Record<string, { Status: string; Output: string }>;
    expect(checks["service:api-1"]?.Status).toBe("critical");
    expect(checks["service:api-1"]?.Output).toContain("TTL expired");
  });

  it("wakes a blocking health query when a check changes", async () => {
    await register("api-1", { TTL: "30s" });
    const index = Number((await fetch(`${base}/health/service/api?passing`)).headers.get("x-consul-index"));
    const blocked = fetch(`${base}/health/service/api?passing&index=${index}&wait=30s`);
    await until(() => server.heldQueries === 1);
    await put("/agent/check/pass/service:api-1");
    const res = await blocked;
    expect(Number(res.headers.get("x-consul-index"))).toBeGreaterThan(index);
    expect(((await res.json()) as unknown[]).length).toBe(1);
  });

  it("rejects bad registrations and unknown ids with Consul's plain-text errors", async () => {
    const bad = await put("/agent/service/register", { ID: "x" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe("Missing service name");
    expect((await register("api-1", { HTTP: "http://127.0.0.1:1/health" })).status).toBe(400);
    const unknown = await put("/agent/service/deregister/nope");
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Unknown service ID "nope"');
    expect((await put("/agent/check/pass/nope")).status).toBe(404);
  });

  it("lists services in the catalog and removes them on deregister", async () => {
    await register("api-1");
    const services = await fetch(`${base}/catalog/services`);
    expect(services.headers.get("x-consul-index")).not.toBeNull();
    expect(await services.json()).toEqual({ consul: [], api: ["v1"] });
    expect((await put("/agent/service/deregister/api-1")).status).toBe(200);
    expect(await (await fetch(`${base}/catalog/services`)).json()).toEqual({ consul: [] });
  });
});

describe("ConsulApiServer ACLs and faults", () => {
  it("answers 403 without a token or with an unknown one, and accepts X-Consul-Token or a Bearer token", async () => {
    const acl = new ConsulApiServer({ aclToken: "acl-secret-1" });
    const url = `${(await acl.listen()).url}/v1`;
    try {
      const missing = await fetch(`${url}/kv/a`);
      expect(missing.status).toBe(403);
      expect(await missing.text()).toBe("Permission denied");
      const wrong = await fetch(`${url}/kv/a`, { headers: { "X-Consul-Token": "nope" } });
      expect(await wrong.text()).toBe("ACL not found");
      expect((await fetch(`${url}/kv/a`, { headers: { "X-Consul-Token": "acl-secret-1" } })).status).toBe(404);
      expect((await fetch(`${url}/kv/a`, { headers: { Authorization: "Bearer acl-secret-1" } })).status).toBe(404);
      expect(acl.requests.every((request) => !JSON.stringify(request).includes("acl-secret-1"))).toBe(true);
    } finally {
      await acl.close();
    }
  });

  it("injects failures and refuses connections after close", async () => {
    server.failNext(1, 500, "rpc error: No cluster leader");
    const failed = await fetch(`${base}/kv/a`);
    expect(failed.status).toBe(500);
    expect(await failed.text()).toBe("rpc error: No cluster leader");
    expect((await fetch(`${base}/kv/a`)).status).toBe(404);
    server.dropNext();
    await expect(fetch(`${base}/kv/a`)).rejects.toThrow();
    await server.close();
    await expect(fetch(`${base}/kv/a`)).rejects.toThrow();
  });
});
