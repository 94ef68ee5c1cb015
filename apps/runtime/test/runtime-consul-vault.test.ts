// Backend wiring for Consul and Vault, against infra's in-process servers that follow their HTTP APIs. PostgreSQL
// is pointed at a closed port: the db handler still starts (it connects on first use) and the idempotency store
// falls back to memory instead of stopping the runtime.
import { ConsulApiServer, VaultApiServer } from "@onex/infra";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRuntime, type RunningRuntime } from "../src/host/runtime-process.js";
import { RuntimeServiceTokens } from "../src/host/util-runtime-tokens.js";
import { captureLogger, testConfig, type LogCapture } from "./support/runtime-fixture.js";

const consul = new ConsulApiServer();
const vault = new VaultApiServer();
let runtime: RunningRuntime;
let logs: LogCapture;

beforeAll(async () => {
  const [consulAt, vaultAt] = await Promise.all([consul.listen(), vault.listen()]);
  logs = captureLogger();
  runtime = await startRuntime({
    config: testConfig({ http: { port: 0 } }),
    env: { CONSUL_HTTP_ADDR: `127.0.0.1:${consulAt.port}`, VAULT_ADDR: vaultAt.url, VAULT_TOKEN: vault.rootToken, DATABASE_URL: "postgresql://postgres@127.0.0.1:1/none" },
    logger: logs.logger,
  });
});

afterAll(async () => {
  await runtime.stop();
  await Promise.all([consul.close(), vault.close()]);
});

async function submit(operation: string, payload: Record<string, unknown>): Promise<{ event_type: string; payload: Record<string, unknown> }> {
  const response = await runtime.hub.inject({ method: "POST", url: "/api/v1/envelopes", payload: { operation, payload, wait: true } });
  expect(response.statusCode).toBe(200);
  return response.json();
}

describe("runtime with Consul and Vault selected", () => {
  it("starts the consul and vault handlers and wires discovery and secrets from them", () => {
    const started = runtime.host.handlers().filter((h) => h.status === "started").map((h) => h.handlerType);
    expect(started).toEqual(expect.arrayContaining(["consul", "vault", "db", "http"]));
    expect(runtime.host.container.resolveService(RuntimeServiceTokens.serviceDiscovery).constructor.name).toBe("ServiceDiscoveryConsul");
    expect(runtime.host.container.resolveService(RuntimeServiceTokens.secretStore).constructor.name).toBe("SecretStoreVault");
    expect(runtime.host.container.resolveService(RuntimeServiceTokens.cacheService).constructor.name).toBe("CacheServiceInmemory");
  });

  it("routes consul.* and vault.* commands to their backends", async () => {
    expect((await submit("consul.kv.put", { key: "onex/runtime/test", value: "hello" })).event_type).toBe("consul.kv.put.completed");
    expect((await submit("consul.kv.get", { key: "onex/runtime/test" })).payload).toMatchObject({ entry: { value: "hello" } });
    expect((await submit("vault.kv.write", { path: "onex/runtime", data: { apiKey: "s3cr3t-value" } })).event_type).toBe("vault.kv.write.completed");
    const read = await submit("vault.kv.read", { path: "onex/runtime" });
    expect(read.event_type).toBe("vault.kv.read.completed");
  });

  it("keeps running with in-memory idempotency and node projection when PostgreSQL is unreachable, and never logs credentials", () => {
    expect(logs.lines.some((l) => typeof l.msg === "string" && l.msg.startsWith("idempotency table unavailable"))).toBe(true);
    expect(logs.lines.some((l) => typeof l.msg === "string" && l.msg.startsWith("node registration projection unavailable"))).toBe(true);
    expect(runtime.host.nodeRegistration?.usesFallbackStore).toBe(true);
    const text = JSON.stringify(logs.lines);
    expect(text).not.toContain(vault.rootToken);
    expect(text).not.toContain("s3cr3t-value");
  });
});
