import { EnumCoreErrorCode, ModelOnexError } from "@onex/core";
import type { ProtocolPolicy } from "@onex/spi";
import { describe, expect, it } from "vitest";
import { runWithCorrelation } from "../src/correlation/util-correlation.js";
import { RegistryPolicy } from "../src/registries/registry-policy.js";

function backoff(version: string, factor = 2): ProtocolPolicy<{ attempt: number }, number> {
  return { policyId: "retry.backoff", policyType: "retry", version, evaluate: ({ attempt }) => 100 * factor ** attempt };
}

const allowAll: ProtocolPolicy<unknown, boolean> = { policyId: "admission.open", policyType: "admission", version: "1.0.0", evaluate: () => true };

function thrown(fn: () => unknown): ModelOnexError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ModelOnexError) return error;
    throw error;
  }
  throw new Error("expected a ModelOnexError, nothing was thrown");
}

describe("RegistryPolicy", () => {
  it("returns a registered policy by id and evaluates it", () => {
    const registry = new RegistryPolicy().register(backoff("1.0.0"));
    expect(registry.get("retry.backoff").evaluate({ attempt: 3 })).toBe(800);
    expect(registry.has("retry.backoff")).toBe(true);
  });

  it("serves the latest semver when no version is given, comparing numerically rather than as text", () => {
    const registry = new RegistryPolicy();
    for (const version of ["1.2.0", "1.10.0", "1.9.3", "0.9.0"]) registry.register(backoff(version));
    expect(registry.get("retry.backoff").version).toBe("1.10.0");
    expect(registry.versions("retry.backoff")).toEqual(["0.9.0", "1.2.0", "1.9.3", "1.10.0"]);
  });

  it("serves an explicit version when one is asked for", () => {
    const registry = new RegistryPolicy().register(backoff("1.0.0", 2)).register(backoff("2.0.0", 3));
    expect(registry.get("retry.backoff", "1.0.0").evaluate({ attempt: 2 })).toBe(400);
    expect(registry.get("retry.backoff", "2.0.0").evaluate({ attempt: 2 })).toBe(900);
  });

  it("rejects the same id and version twice with DUPLICATE_REGISTRATION naming both and the registered versions", () => {
    const registry = new RegistryPolicy().register(backoff("1.0.0")).register(backoff("1.1.0"));
    const error = thrown(() => registry.register(backoff("1.0.0")));
    expect(error.errorCode).toBe(EnumCoreErrorCode.DUPLICATE_REGISTRATION);
    expect(error.message).toBe('policy "retry.backoff" version 1.0.0 is already registered in RegistryPolicy; registered versions: 1.0.0, 1.1.0');
    expect(error.context).toMatchObject({ registry: "RegistryPolicy", policyId: "retry.backoff", version: "1.0.0" });
    expect(registry.get("retry.backoff").version).toBe("1.1.0");
  });

  it("names the unknown id and the registered ids on a miss", () => {
    const registry = new RegistryPolicy().register(backoff("1.0.0")).register(allowAll);
    const error = thrown(() => registry.get("routing.sticky"));
    expect(error.errorCode).toBe(EnumCoreErrorCode.RESOURCE_NOT_FOUND);
    expect(error.message).toBe('no policy "routing.sticky" in RegistryPolicy; registered policy ids: admission.open, retry.backoff');
    expect(registry.tryGet("routing.sticky")).toBeUndefined();
  });

  it("names the missing version and the versions that exist", () => {
    const registry = new RegistryPolicy().register(backoff("1.0.0")).register(backoff("1.2.0"));
    const error = thrown(() => registry.get("retry.backoff", "1.1.0"));
    expect(error.errorCode).toBe(EnumCoreErrorCode.RESOURCE_NOT_FOUND);
    expect(error.message).toBe('policy "retry.backoff" has no version 1.1.0 in RegistryPolicy; registered versions: 1.0.0, 1.2.0');
    expect(error.context).toMatchObject({ policyId: "retry.backoff", version: "1.1.0", registeredVersions: ["1.0.0", "1.2.0"] });
    expect(registry.has("retry.backoff", "1.1.0")).toBe(false);
  });

  it("says 'none' when nothing is registered", () => {
    expect(thrown(() => new RegistryPolicy().get("retry.backoff", "1.0.0")).message).toBe(
      'no policy "retry.backoff" version 1.0.0 in RegistryPolicy; registered policy ids: none',
    );
  });

  it("rejects a version that is not MAJOR.MINOR.PATCH, at registration and at lookup", () => {
    const registry = new RegistryPolicy();
    const bad = thrown(() => registry.register(backoff("1.2")));
    expect(bad.errorCode).toBe(EnumCoreErrorCode.INVALID_CONFIGURATION);
    expect(bad.message).toContain('version "1.2" is not a semantic version');
    expect(bad.cause).toBeInstanceOf(ModelOnexError);
    registry.register(backoff("1.2.0"));
    expect(thrown(() => registry.get("retry.backoff", "latest")).errorCode).toBe(EnumCoreErrorCode.INVALID_INPUT);
  });

  it("rejects a blank policy id and an id registered under two policy types", () => {
    const registry = new RegistryPolicy().register(backoff("1.0.0"));
    expect(thrown(() => registry.register({ ...allowAll, policyId: " " })).errorCode).toBe(EnumCoreErrorCode.INVALID_CONFIGURATION);
    const conflict = thrown(() => registry.register({ ...backoff("2.0.0"), policyType: "routing" }));
    expect(conflict.errorCode).toBe(EnumCoreErrorCode.INVALID_CONFIGURATION);
    expect(conflict.message).toContain('its other versions are of type "retry"');
  });

  it("lists policies by type: every version, or only the latest of each id", () => {
    const registry = new RegistryPolicy()
      .register(backoff("2.0.0"))
      .register(backoff("1.0.0"))
      .register(allowAll)
      .register({ policyId: "retry.fixed", policyType: "retry", version: "1.0.0", evaluate: () => 500 });
    const ids = (policies: readonly ProtocolPolicy[]): string[] => policies.map((p) => `${p.policyId}@${p.version}`);
    expect(ids(registry.listByType("retry"))).toEqual(["retry.backoff@1.0.0", "retry.backoff@2.0.0", "retry.fixed@1.0.0"]);
    expect(ids(registry.listByType("retry", { latestOnly: true }))).toEqual(["retry.backoff@2.0.0", "retry.fixed@1.0.0"]);
    expect(registry.listByType("routing")).toEqual([]);
    expect(registry.list()).toHaveLength(4);
  });

  it("puts the current correlation id into its errors", () => {
    const error = runWithCorrelation("corr-registry-1", () => thrown(() => new RegistryPolicy().get("x")));
    expect(error.correlationId).toBe("corr-registry-1");
  });
});
