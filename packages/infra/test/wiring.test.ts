import { ModelONEXContainer, type ServiceToken } from "@onex/core";
import type { ProtocolCircuitBreaker } from "@onex/spi";
import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import { EnumCircuitState } from "../src/enums/enum-circuit-state.js";
import { ProtocolConfigurationError } from "../src/errors/error-protocol-configuration.js";
import { RegistryCompute } from "../src/registries/registry-compute.js";
import { RegistryPolicy } from "../src/registries/registry-policy.js";
import { RegistryProtocolBinding } from "../src/registries/registry-protocol-binding.js";
import { CircuitBreaker } from "../src/resilience/circuit-breaker.js";
import { InfraServiceTokens, wireInfrastructureServices } from "../src/wiring/util-wire-infrastructure-services.js";

const allTokens: readonly ServiceToken<unknown>[] = Object.values(InfraServiceTokens);
const containers: ModelONEXContainer[] = [];
function freshContainer(): ModelONEXContainer {
  const container = new ModelONEXContainer();
  containers.push(container);
  return container;
}

afterEach(async () => {
  await Promise.all(containers.splice(0).map((container) => container.dispose()));
});

describe("wireInfrastructureServices", () => {
  it("registers every infra token on a fresh container, each resolving to its service", () => {
    const container = freshContainer();
    wireInfrastructureServices(container);
    expect(container.resolveService(InfraServiceTokens.protocolBindingRegistry)).toBeInstanceOf(RegistryProtocolBinding);
    expect(container.resolveService(InfraServiceTokens.policyRegistry)).toBeInstanceOf(RegistryPolicy);
    expect(container.resolveService(InfraServiceTokens.computeRegistry)).toBeInstanceOf(RegistryCompute);
    expect(container.resolveService(InfraServiceTokens.circuitBreakerFactory).get("postgres")).toBeInstanceOf(CircuitBreaker);
    for (const token of allTokens) expect(container.isRegistered(token)).toBe(true);
  });

  it("registers singletons: repeated resolutions and child scopes get the same instances", () => {
    const container = freshContainer();
    wireInfrastructureServices(container);
    const child = container.createChildScope();
    for (const token of allTokens) {
      const root: unknown = container.resolveService(token);
      expect(container.resolveService(token)).toBe(root);
      expect(child.resolveService(token)).toBe(root);
    }
    container.resolveService(InfraServiceTokens.policyRegistry).register({ policyId: "p", policyType: "t", version: "1.0.0", evaluate: () => 1 });
    expect(child.resolveService(InfraServiceTokens.policyRegistry).has("p")).toBe(true);
  });

  it("is idempotent: wiring twice, or wiring a child of a wired scope, keeps the first instances", () => {
    const container = freshContainer();
    wireInfrastructureServices(container);
    const binding = container.resolveService(InfraServiceTokens.protocolBindingRegistry);
    expect(() => wireInfrastructureServices(container)).not.toThrow();
    const child = container.createChildScope();
    wireInfrastructureServices(child);
    expect(container.resolveService(InfraServiceTokens.protocolBindingRegistry)).toBe(binding);
    expect(child.resolveService(InfraServiceTokens.protocolBindingRegistry)).toBe(binding);
  });

  it("keeps a service the composition root registered before wiring", () => {
    const container = freshContainer();
    const own = new RegistryCompute();
    container.serviceRegistry.registerInstance(InfraServiceTokens.computeRegistry, own);
    wireInfrastructureServices(container);
    expect(container.resolveService(InfraServiceTokens.computeRegistry)).toBe(own);
  });

  it("gives separate containers separate registries", () => {
    const a = freshContainer();
    const b = freshContainer();
    wireInfrastructureServices(a);
    wireInfrastructureServices(b);
    expect(a.resolveService(InfraServiceTokens.policyRegistry)).not.toBe(b.resolveService(InfraServiceTokens.policyRegistry));
  });
});

describe("circuit breaker factory", () => {
  it("creates one breaker per backend name and returns it again on later calls", () => {
    const container = freshContainer();
    wireInfrastructureServices(container);
    const factory = container.resolveService(InfraServiceTokens.circuitBreakerFactory);
    const postgres = factory.get("postgres");
    expect(factory.get("postgres")).toBe(postgres);
    expect(factory.get("consul")).not.toBe(postgres);
    expect(factory.list().map((breaker) => breaker.name)).toEqual(["consul", "postgres"]);
    expect(factory.has("vault")).toBe(false);
  });

  it("applies the wiring defaults, overridden per backend on first use", async () => {
    const container = freshContainer();
    wireInfrastructureServices(container, { circuitBreakerDefaults: { failureThreshold: 1, resetTimeoutMs: 60_000 } });
    const factory = container.resolveService(InfraServiceTokens.circuitBreakerFactory);
    const fragile = factory.get("consul");
    const tolerant = factory.get("postgres", { failureThreshold: 3 });
    const fail = (): Promise<never> => Promise.reject(new Error("connection refused"));
    await expect(fragile.execute(fail)).rejects.toThrow("connection refused");
    await expect(tolerant.execute(fail)).rejects.toThrow("connection refused");
    expect(fragile.state).toBe(EnumCircuitState.OPEN);
    expect(tolerant.state).toBe(EnumCircuitState.CLOSED);
    expect(factory.snapshots().map((snapshot) => [snapshot.name, snapshot.state, snapshot.totalFailures])).toEqual([
      ["consul", "open", 1],
      ["postgres", "closed", 1],
    ]);
  });

  it("rejects invalid settings without caching a breaker", () => {
    const container = freshContainer();
    wireInfrastructureServices(container);
    const factory = container.resolveService(InfraServiceTokens.circuitBreakerFactory);
    expect(() => factory.get("kafka", { failureThreshold: 0 })).toThrow(ProtocolConfigurationError);
    expect(factory.has("kafka")).toBe(false);
  });

  it("produces breakers that satisfy the spi ProtocolCircuitBreaker", () => {
    expectTypeOf<CircuitBreaker>().toExtend<ProtocolCircuitBreaker>();
  });
});
