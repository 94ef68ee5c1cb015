import { EnumCoreErrorCode, ModelONEXContainer, ModelOnexError } from "@onex/core";
import { afterEach, describe, expect, it } from "vitest";
import { ProtocolConfigurationError } from "../src/errors/error-protocol-configuration.js";
import { HandlerConsul } from "../src/handlers/handler-consul.js";
import type { NodeConsulAdapterEffect } from "../src/nodes/consul_adapter/v1_0_0/node.js";
import { RegistryInfraConsulAdapter } from "../src/nodes/consul_adapter/v1_0_0/registry/registry-infra-consul-adapter.js";
import { InfraServiceTokens, wireInfrastructureServices } from "../src/wiring/util-wire-infrastructure-services.js";
import { consulTarget, realConsul, type ConsulTarget } from "./support/consul-target.js";
import { uniqueName } from "./support/test-services.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(): Promise<{ target: ConsulTarget; node: NodeConsulAdapterEffect; container: ModelONEXContainer }> {
  const target = await consulTarget();
  cleanups.push(() => target.close());
  const container = new ModelONEXContainer();
  wireInfrastructureServices(container);
  const handler = new HandlerConsul({ circuitBreakerFactory: container.resolveService(InfraServiceTokens.circuitBreakerFactory) });
  await handler.initialize({ address: target.address, ...(target.token === undefined ? {} : { token: target.token }) });
  cleanups.push(() => container.dispose());
  cleanups.push(() => handler.shutdown());
  RegistryInfraConsulAdapter.register(container, { handler });
  return { target, node: RegistryInfraConsulAdapter.resolve(container), container };
}

describe("NodeConsulAdapterEffect against the Consul API test server", () => {
  it("registers an instance with a TTL check, discovers it while healthy, and deregisters it", async () => {
    const { node } = await setup();
    const service = uniqueName("svc");
    const serviceId = `${service}-1`;
    const registered = await node.process({
      operation: "consul.register",
      payload: { serviceId, serviceName: service, address: "10.0.0.7", port: 8080, tags: ["v1"], metadata: { node_type: "EFFECT" }, healthCheck: { ttlSeconds: 60, initialStatus: "passing" } },
    });
    expect(registered).toMatchObject({ success: true, error: null, result: { serviceId, checkId: `service:${serviceId}` } });

    const discovered = await node.process({ operation: "consul.discover", payload: { serviceName: service } });
    expect(discovered.result?.instances).toEqual([expect.objectContaining({ serviceId, address: "10.0.0.7", port: 8080, healthy: true, tags: ["v1"] })]);

    const failed = await node.process({ operation: "consul.check.fail", payload: { checkId: `service:${serviceId}`, note: "draining" } });
    expect(failed.result?.status).toBe("critical");
    expect((await node.process({ operation: "consul.discover", payload: { serviceName: service } })).result?.instances).toEqual([]);
    const everything = await node.process({ operation: "consul.discover", payload: { serviceName: service, includeUnhealthy: true } });
    expect(everything.result?.instances?.map((instance) => instance.healthy)).toEqual([false]);

    const deregistered = await node.process({ operation: "consul.deregister", payload: { serviceId } });
    expect(deregistered.result).toMatchObject({ serviceId, deregistered: true });
    expect((await node.process({ operation: "consul.discover", payload: { serviceName: service, includeUnhealthy: true } })).result?.instances).toEqual([]);
  });

  it("writes, reads, lists and deletes KV entries, honouring check-and-set", async () => {
    const { node } = await setup();
    const prefix = uniqueName("onex");
    const key = `${prefix}/config/db`;
    expect((await node.process({ operation: "consul.kv.put", payload: { key, value: "pool=10", cas: 0 } })).result).toMatchObject({ key, applied: true });
    expect((await node.process({ operation: "consul.kv.put", payload: { key, value: "pool=20", cas: 0 } })).result).toMatchObject({ applied: false });

    const read = await node.process({ operation: "consul.kv.get", payload: { key } });
    expect(read.result).toMatchObject({ key, found: true, entry: { key, value: "pool=10", encoding: "utf8" } });
    const modifyIndex = read.result?.entry?.modifyIndex ?? 0;
    expect((await node.process({ operation: "consul.kv.put", payload: { key, value: "pool=30", cas: modifyIndex } })).result?.applied).toBe(true);

    const listed = await node.process({ operation: "consul.kv.list", payload: { prefix, withValues: true } });
    expect(listed.result?.keys).toEqual([key]);
    expect(listed.result?.entries?.[0]?.value).toBe("pool=30");

    expect((await node.process({ operation: "consul.kv.delete", payload: { key: prefix, recurse: true } })).result?.applied).toBe(true);
    expect((await node.process({ operation: "consul.kv.get", payload: { key } })).result).toMatchObject({ found: false, entry: null });
  });

  it("retries a transient 5xx under the contract's retry policy and reports the retry", async () => {
    if (realConsul) return;
    const { node, target } = await setup();
    target.server?.failNext(1, 500);
    const out = await node.process({ operation: "consul.kv.get", payload: { key: uniqueName("k") } });
    expect(out).toMatchObject({ success: true, retry_count: 1 });
  });

  it("returns an unreachable agent as a failed output with the transport-aware code, after the retries", async () => {
    if (realConsul) return;
    const { node, target } = await setup();
    await target.close();
    const correlationId = crypto.randomUUID();
    const out = await node.process({ operation: "consul.kv.get", payload: { key: "anything" }, correlation_id: correlationId });
    expect(out.success).toBe(false);
    expect(out.retry_count).toBe(2);
    expect(out.error?.errorCode).toBe(EnumCoreErrorCode.SERVICE_UNAVAILABLE);
    expect(out.error?.correlationId).toBe(correlationId);
  });

  it("does not retry a payload the handler rejects, and returns it as a validation failure", async () => {
    const { node } = await setup();
    const out = await node.process({ operation: "consul.register", payload: { serviceId: "x", serviceName: "x", address: "h", port: 1, healthCheck: { ttlSeconds: 5, tcpAddress: "h:1" } } });
    expect(out).toMatchObject({ success: false, retry_count: 0 });
    expect(out.error?.errorCode).toBe(EnumCoreErrorCode.VALIDATION_ERROR);
  });

  it("rejects unknown payload fields before any request", async () => {
    const { node, target } = await setup();
    const before = target.server?.requests.length ?? 0;
    const error = await node.process({ operation: "consul.kv.get", payload: { key: "a", recurse: true } as never }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ModelOnexError);
    expect((error as ModelOnexError).errorCode).toBe(EnumCoreErrorCode.VALIDATION_ERROR);
    expect((error as ModelOnexError).message).toContain("recurse");
    expect(target.server?.requests.length ?? 0).toBe(before);
  });

  it("takes its handler from a factory called once, and refuses conflicting or duplicate registrations", async () => {
    const target = await consulTarget();
    cleanups.push(() => target.close());
    const handler = new HandlerConsul();
    await handler.initialize({ address: target.address, ...(target.token === undefined ? {} : { token: target.token }) });
    cleanups.push(() => handler.shutdown());
    const container = new ModelONEXContainer();
    cleanups.push(() => container.dispose());
    let calls = 0;
    RegistryInfraConsulAdapter.register(container, {
      handlerFactory: () => {
        calls += 1;
        return handler;
      },
    });
    const node = RegistryInfraConsulAdapter.resolve(container);
    expect((await node.process({ operation: "consul.kv.get", payload: { key: uniqueName("k") } })).success).toBe(true);
    expect((await node.process({ operation: "consul.kv.get", payload: { key: uniqueName("k") } })).success).toBe(true);
    expect(calls).toBe(1);

    expect(() => RegistryInfraConsulAdapter.register(new ModelONEXContainer(), { handler, handlerFactory: () => handler })).toThrow(ProtocolConfigurationError);
    const duplicate = (() => {
      try {
        RegistryInfraConsulAdapter.register(container, { handler });
        return undefined;
      } catch (error) {
        return error;
      }
    })();
    expect((duplicate as ModelOnexError).errorCode).toBe(EnumCoreErrorCode.DUPLICATE_REGISTRATION);
    RegistryInfraConsulAdapter.register(container, { handler, replace: true });
    expect(RegistryInfraConsulAdapter.resolve(container)).not.toBe(node);
  });
});
