import { EnumCoreErrorCode, ModelONEXContainer, ModelOnexError } from "@onex/core";
import { Valkey } from "iovalkey";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HandlerValkey } from "../src/handlers/handler-valkey.js";
import { RegistryInfraValkeyAdapter } from "../src/nodes/valkey_adapter/v1_0_0/registry/registry-infra-valkey-adapter.js";
import { InfraServiceTokens, wireInfrastructureServices } from "../src/wiring/util-wire-infrastructure-services.js";
import { testServices, uniqueName } from "./support/test-services.js";
import { waitFor } from "./support/util-wait-for.js";

const container = new ModelONEXContainer();
const handler = new HandlerValkey();
const admin = new Valkey(testServices.valkeyUrl, { maxRetriesPerRequest: 1 });
const node = () => RegistryInfraValkeyAdapter.resolve(container);

beforeAll(async () => {
  await handler.initialize({ url: testServices.valkeyUrl, connectionName: `onex-node-valkey-${process.pid}`, commandTimeoutMs: 2_000 });
  // The handler serves the node through RegistryProtocolBinding (no per-node handler).
  wireInfrastructureServices(container);
  container.resolveService(InfraServiceTokens.protocolBindingRegistry).register(handler);
  RegistryInfraValkeyAdapter.register(container);
});

afterAll(async () => {
  await handler.shutdown();
  await container.dispose();
  admin.disconnect();
});

describe("NodeValkeyAdapterEffect against the real Redis", () => {
  it("sets with a TTL, honours NX, gets, increments, re-expires and deletes keys", async () => {
    const key = uniqueName("onex-node-valkey");
    const counter = `${key}:n`;
    expect(await node().process({ operation: "valkey.set", payload: { key, value: "v1", ttlSeconds: 60 } })).toMatchObject({ success: true, result: { written: true } });
    expect(await admin.ttl(key)).toBeGreaterThan(0);
    expect((await node().process({ operation: "valkey.set", payload: { key, value: "v2", nx: true } })).result).toEqual({ written: false });
    expect((await node().process({ operation: "valkey.get", payload: { key } })).result).toEqual({ value: "v1" });

    expect((await node().process({ operation: "valkey.incr", payload: { key: counter } })).result).toEqual({ value: 1 });
    expect((await node().process({ operation: "valkey.incr", payload: { key: counter, by: 41 } })).result).toEqual({ value: 42 });
    expect(await admin.get(counter)).toBe("42");

    expect((await node().process({ operation: "valkey.expire", payload: { key: counter, ttlMs: 50 } })).result).toEqual({ updated: true });
    await waitFor(async () => (await admin.exists(counter)) === 0, { timeoutMs: 5_000, description: "the counter to expire" });

    expect((await node().process({ operation: "valkey.delete", payload: { keys: [key, counter] } })).result).toEqual({ deleted: 1 });
    expect((await node().process({ operation: "valkey.get", payload: { key } })).result).toEqual({ value: null });
  });

  it("publishes to subscribers and hands out, refuses and releases a distributed lock by token", async () => {
    const channel = uniqueName("onex-node-valkey-ch");
    const received: string[] = [];
    const unsubscribe = await handler.subscribe(channel, (message) => void received.push(message));
    try {
      expect((await node().process({ operation: "valkey.publish", payload: { channel, message: "hello" } })).result).toEqual({ receivers: 1 });
      await waitFor(() => Promise.resolve(received.length === 1), { timeoutMs: 5_000, description: "the message" });
      expect(received).toEqual(["hello"]);
    } finally {
      await unsubscribe();
    }

    const lock = uniqueName("onex-node-valkey-lock");
    const first = await node().process({ operation: "valkey.lock.acquire", payload: { key: lock, ttlMs: 10_000 } });
    const token = first.result?.token ?? "";
    expect(token).not.toBe("");
    expect((await node().process({ operation: "valkey.lock.acquire", payload: { key: lock, ttlMs: 10_000, waitMs: 0 } })).result).toEqual({ token: null });
    expect((await node().process({ operation: "valkey.lock.release", payload: { key: lock, token: "not-the-holder" } })).result).toEqual({ released: false });
    expect((await node().process({ operation: "valkey.lock.release", payload: { key: lock, token } })).result).toEqual({ released: true });
  });

  it("returns a handler-side validation failure without retrying, and throws on a payload the contract rejects", async () => {
    const failed = await node().process({ operation: "valkey.delete", payload: {} });
    expect(failed).toMatchObject({ success: false, retry_count: 0, result: null });
    expect(failed.error?.errorCode).toBe(EnumCoreErrorCode.VALIDATION_ERROR);

    const thrown = await node().process({ operation: "valkey.set", payload: { key: "k", value: 7 as never } }).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(ModelOnexError);
    expect((thrown as ModelOnexError).errorCode).toBe(EnumCoreErrorCode.VALIDATION_ERROR);
    expect((thrown as ModelOnexError).message).toContain("value");
  });
});
