import { EnumCoreErrorCode, ModelOnexError } from "@onex/core";
import type { ProtocolPluginCompute } from "@onex/spi";
import { describe, expect, it } from "vitest";
import { RegistryCompute } from "../src/registries/registry-compute.js";

function upper(version: string, suffix = ""): ProtocolPluginCompute<string, string> {
  return { pluginId: "text.upper", version, compute: (input) => `${input.toUpperCase()}${suffix}` };
}

function thrown(fn: () => unknown): ModelOnexError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ModelOnexError) return error;
    throw error;
  }
  throw new Error("expected a ModelOnexError, nothing was thrown");
}

describe("RegistryCompute", () => {
  it("returns a registered plugin by id and computes with it", () => {
    const registry = new RegistryCompute().register(upper("1.0.0"));
    expect(registry.get("text.upper").compute("abc")).toBe("ABC");
  });

  it("serves the latest semver by default and an exact version on request", () => {
    const registry = new RegistryCompute().register(upper("2.0.0", "!")).register(upper("10.0.0", "!!")).register(upper("1.0.0"));
    expect(registry.get("text.upper").version).toBe("10.0.0");
    expect(registry.get("text.upper", "2.0.0").compute("a")).toBe("A!");
    expect(registry.get("text.upper", "1.0.0").compute("a")).toBe("A");
  });

  it("rejects a duplicate id and version with DUPLICATE_REGISTRATION", () => {
    const registry = new RegistryCompute().register(upper("1.0.0"));
    const error = thrown(() => registry.register(upper("1.0.0", "?")));
    expect(error.errorCode).toBe(EnumCoreErrorCode.DUPLICATE_REGISTRATION);
    expect(error.message).toBe('compute plugin "text.upper" version 1.0.0 is already registered in RegistryCompute; registered versions: 1.0.0');
    expect(registry.get("text.upper").compute("a")).toBe("A");
  });

  it("names the unknown plugin, or the missing version, and what is registered", () => {
    const registry = new RegistryCompute().register(upper("1.0.0")).register({ pluginId: "hash.fnv", version: "0.1.0", compute: (s: string) => s.length });
    const unknown = thrown(() => registry.get("text.lower"));
    expect(unknown.errorCode).toBe(EnumCoreErrorCode.RESOURCE_NOT_FOUND);
    expect(unknown.message).toBe('no compute plugin "text.lower" in RegistryCompute; registered compute plugin ids: hash.fnv, text.upper');
    const version = thrown(() => registry.get("text.upper", "3.0.0"));
    expect(version.message).toBe('compute plugin "text.upper" has no version 3.0.0 in RegistryCompute; registered versions: 1.0.0');
    expect(version.context).toMatchObject({ registry: "RegistryCompute", pluginId: "text.upper", version: "3.0.0" });
  });

  it("rejects versions that are not MAJOR.MINOR.PATCH", () => {
    expect(thrown(() => new RegistryCompute().register(upper("v1.0.0"))).errorCode).toBe(EnumCoreErrorCode.INVALID_CONFIGURATION);
  });

  it("lists every version or only the latest of each plugin", () => {
    const registry = new RegistryCompute().register(upper("1.0.0")).register(upper("1.1.0")).register({ pluginId: "a.first", version: "1.0.0", compute: () => 1 });
    const ids = (plugins: readonly ProtocolPluginCompute[]): string[] => plugins.map((p) => `${p.pluginId}@${p.version}`);
    expect(ids(registry.list())).toEqual(["a.first@1.0.0", "text.upper@1.0.0", "text.upper@1.1.0"]);
    expect(ids(registry.list({ latestOnly: true }))).toEqual(["a.first@1.0.0", "text.upper@1.1.0"]);
    expect(registry.has("text.upper", "1.1.0")).toBe(true);
    expect(registry.versions("missing")).toEqual([]);
  });
});
