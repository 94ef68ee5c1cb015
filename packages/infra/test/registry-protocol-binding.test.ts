import { EnumCoreErrorCode, ModelOnexError, type ModelEventEnvelope } from "@onex/core";
import type { ProtocolHandler, ProtocolHandlerResult } from "@onex/spi";
import { describe, expect, it } from "vitest";
import { runWithCorrelation } from "../src/correlation/util-correlation.js";
import { ProtocolConfigurationError } from "../src/errors/error-protocol-configuration.js";
import { UnknownHandlerTypeError } from "../src/errors/error-unknown-handler-type.js";
import { RegistryProtocolBinding } from "../src/registries/registry-protocol-binding.js";

class FakeHandler implements ProtocolHandler {
  shutdowns = 0;
  constructor(
    readonly handlerType: string,
    private readonly failShutdown = false,
  ) {}
  initialize(): Promise<void> {
    return Promise.resolve();
  }
  execute(envelope: ModelEventEnvelope): Promise<ProtocolHandlerResult> {
    return Promise.resolve({ payload: { handledBy: this.handlerType, operation: envelope.operation } });
  }
  describe(): { handlerType: string; operations: string[]; version: string; description: string } {
    return { handlerType: this.handlerType, operations: [`${this.handlerType}.query`], version: "1.0.0", description: "fake" };
  }
  health(): Promise<{ healthy: boolean; details: Record<string, unknown> }> {
    return Promise.resolve({ healthy: true, details: {} });
  }
  shutdown(): Promise<void> {
    this.shutdowns++;
    return this.failShutdown ? Promise.reject(new Error(`${this.handlerType} would not stop`)) : Promise.resolve();
  }
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error("expected an error, nothing was thrown");
}

describe("RegistryProtocolBinding", () => {
  it("returns the handler registered under its own handler type", () => {
    const db = new FakeHandler("db");
    const registry = new RegistryProtocolBinding().register(db).register(new FakeHandler("consul"));
    expect(registry.get("db")).toBe(db);
    expect(registry.has("consul")).toBe(true);
    expect(registry.tryGet("vault")).toBeUndefined();
  });

  it("routes an operation to the handler of its prefix", () => {
    const db = new FakeHandler("db");
    const consul = new FakeHandler("consul");
    const registry = new RegistryProtocolBinding().register(db).register(consul);
    expect(registry.resolveForOperation("db.query")).toBe(db);
    expect(registry.resolveForOperation("consul.kv.put")).toBe(consul);
  });

  it("binds a handler under an explicit type, e.g. an alias", () => {
    const db = new FakeHandler("db");
    const registry = new RegistryProtocolBinding().register(db).bind("postgres", db);
    expect(registry.resolveForOperation("postgres.query")).toBe(db);
    expect(registry.handlerTypes()).toEqual(["db", "postgres"]);
  });

  it("throws UnknownHandlerTypeError naming the type and the registered types on a miss", () => {
    const registry = new RegistryProtocolBinding().register(new FakeHandler("db")).register(new FakeHandler("consul"));
    const error = thrown(() => registry.get("vault"));
    expect(error).toBeInstanceOf(UnknownHandlerTypeError);
    expect(error.message).toBe('no handler registered for handler type "vault"; registered handler types: consul, db');
    const routed = thrown(() => registry.resolveForOperation("vault.read", "corr-42")) as UnknownHandlerTypeError;
    expect(routed.message).toBe('no handler registered for operation "vault.read" (handler type "vault"); registered handler types: consul, db');
    expect(routed.errorCode).toBe(EnumCoreErrorCode.UNKNOWN_HANDLER_TYPE);
    expect(routed.correlationId).toBe("corr-42");
    expect(routed.isRetryable).toBe(false);
    expect(routed.context).toMatchObject({ handlerType: "vault", registered: ["consul", "db"], operation: "vault.read" });
  });

  it("says 'none' when no handler is registered and takes the correlation id of the current scope", () => {
    const error = runWithCorrelation("corr-scope-7", () => thrown(() => new RegistryProtocolBinding().resolveForOperation("db.query"))) as UnknownHandlerTypeError;
    expect(error.message).toContain("registered handler types: none");
    expect(error.correlationId).toBe("corr-scope-7");
  });

  it("rejects a second handler for a bound type with DUPLICATE_REGISTRATION and keeps the first", () => {
    const first = new FakeHandler("db");
    const registry = new RegistryProtocolBinding().register(first);
    const error = thrown(() => registry.register(new FakeHandler("db")));
    expect(error).toBeInstanceOf(ModelOnexError);
    expect((error as ModelOnexError).errorCode).toBe(EnumCoreErrorCode.DUPLICATE_REGISTRATION);
    expect(error.message).toBe('handler type "db" is already bound in RegistryProtocolBinding (to handler "db" 1.0.0); unbind it first to replace it');
    expect(registry.get("db")).toBe(first);
  });

  it("treats re-binding the same instance as a no-op, and allows replacing after unbind", () => {
    const first = new FakeHandler("db");
    const second = new FakeHandler("db");
    const registry = new RegistryProtocolBinding().register(first).register(first);
    expect(registry.unbind("db")).toBe(true);
    expect(registry.unbind("db")).toBe(false);
    expect(registry.register(second).get("db")).toBe(second);
  });

  it("rejects handler types that can never match an operation prefix", () => {
    const registry = new RegistryProtocolBinding();
    for (const bad of ["", "DB", "db.query", "1db", " db"]) {
      expect(thrown(() => registry.bind(bad, new FakeHandler("db")))).toBeInstanceOf(ProtocolConfigurationError);
    }
  });

  it("lists bindings sorted by handler type", () => {
    const registry = new RegistryProtocolBinding().register(new FakeHandler("vault")).register(new FakeHandler("db"));
    expect(registry.list().map((entry) => [entry.handlerType, entry.handler.handlerType])).toEqual([
      ["db", "db"],
      ["vault", "vault"],
    ]);
  });

  it("shuts every distinct handler down once and reports failures together", async () => {
    const db = new FakeHandler("db");
    const vault = new FakeHandler("vault", true);
    const registry = new RegistryProtocolBinding().register(db).bind("postgres", db).register(vault);
    const error = await registry.shutdownAll().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(db.shutdowns).toBe(1);
    expect(vault.shutdowns).toBe(1);
    expect(error).toBeInstanceOf(ModelOnexError);
    expect((error as ModelOnexError).message).toBe("failed to shut down 1 handler(s): vault");
  });
});
