import { inspect } from "node:util";
import { EnumCoreErrorCode, ModelONEXContainer, ModelOnexError } from "@onex/core";
import { afterEach, describe, expect, it } from "vitest";
import { HandlerVault } from "../src/handlers/handler-vault.js";
import type { NodeVaultAdapterEffect } from "../src/nodes/vault_adapter/v1_0_0/node.js";
import { RegistryInfraVaultAdapter } from "../src/nodes/vault_adapter/v1_0_0/registry/registry-infra-vault-adapter.js";
import { InfraServiceTokens, wireInfrastructureServices } from "../src/wiring/util-wire-infrastructure-services.js";
import { uniqueName } from "./support/test-services.js";
import { realVault, vaultTarget, type VaultTarget } from "./support/vault-target.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(): Promise<{ target: VaultTarget; node: NodeVaultAdapterEffect }> {
  const target = await vaultTarget();
  cleanups.push(() => target.close());
  const container = new ModelONEXContainer();
  wireInfrastructureServices(container);
  const handler = new HandlerVault({ circuitBreakerFactory: container.resolveService(InfraServiceTokens.circuitBreakerFactory) });
  await handler.initialize({ address: target.address, token: target.token });
  cleanups.push(() => container.dispose());
  cleanups.push(() => handler.shutdown());
  RegistryInfraVaultAdapter.register(container, { handler });
  return { target, node: RegistryInfraVaultAdapter.resolve(container) };
}

describe("NodeVaultAdapterEffect against the Vault API test server", () => {
  it("writes, reads, versions, lists, deletes and undeletes KV v2 secrets through the contract", async () => {
    const { node } = await setup();
    const base = uniqueName("onex");
    const path = `${base}/db`;
    cleanups.push(async () => void (await node.process({ operation: "vault.kv.delete", payload: { path, allVersions: true } })));

    expect((await node.process({ operation: "vault.kv.write", payload: { path, data: { password: "p1", port: 5432 }, cas: 0 } })).result).toMatchObject({ path, applied: true, version: 1 });
    expect((await node.process({ operation: "vault.kv.write", payload: { path, data: { password: "secret-value-2" }, cas: 1 } })).result).toMatchObject({ applied: true, version: 2 });
    expect((await node.process({ operation: "vault.kv.write", payload: { path, data: { password: "lost" }, cas: 1 } })).result).toMatchObject({ applied: false, version: null });

    const read = await node.process({ operation: "vault.kv.read", payload: { path } });
    expect(read).toMatchObject({ success: true, result: { path, data: { password: "secret-value-2" }, version: 2 } });
    expect((await node.process({ operation: "vault.kv.read", payload: { path, version: 1, key: "port" } })).result).toMatchObject({ key: "port", value: "5432", version: 1 });

    expect((await node.process({ operation: "vault.kv.metadata", payload: { path } })).result).toMatchObject({ currentVersion: 2, oldestVersion: 1 });
    expect((await node.process({ operation: "vault.kv.list", payload: { prefix: base } })).result?.keys).toEqual(["db"]);

    expect((await node.process({ operation: "vault.kv.delete", payload: { path } })).result).toMatchObject({ deleted: true, versions: "latest" });
    const gone = await node.process({ operation: "vault.kv.read", payload: { path } });
    expect(gone.success).toBe(false);
    expect(gone.retry_count).toBe(0);
    expect(gone.error?.name).toBe("ModelOnexError");
    expect(gone.error?.cause).toMatchObject({ name: "SecretResolutionError" });
    expect(JSON.stringify(gone.error)).not.toContain("secret-value-2");

    expect((await node.process({ operation: "vault.kv.undelete", payload: { path, versions: [2] } })).success).toBe(true);
    expect((await node.process({ operation: "vault.kv.read", payload: { path } })).result?.data).toEqual({ password: "secret-value-2" });
  });

  it("looks the token up without returning it, and reads, renews and revokes dynamic credentials", async () => {
    if (realVault) return;
    const { node, target } = await setup();
    const lookup = await node.process({ operation: "vault.token.lookup", payload: {} });
    expect(lookup.success).toBe(true);
    expect(JSON.stringify(lookup)).not.toContain(target.token);

    target.server?.addDatabaseRole("readonly", { ttlSeconds: 60, maxTtlSeconds: 600 });
    const issued = await node.process({ operation: "vault.dynamic.read", payload: { path: "database/creds/readonly" } });
    const leaseId = issued.result?.leaseId ?? "";
    expect(issued.result).toMatchObject({ path: "database/creds/readonly", renewable: true });
    // The server counts whole seconds left on the lease: 60 or, across a second boundary, 59.
    expect(issued.result?.leaseDuration).toBeGreaterThanOrEqual(59);
    const renewed = await node.process({ operation: "vault.lease.renew", payload: { leaseId, incrementSeconds: 120 } });
    expect(renewed.result).toMatchObject({ leaseId, renewable: true });
    expect(renewed.result?.leaseDuration).toBeGreaterThanOrEqual(119);
    expect((await node.process({ operation: "vault.lease.revoke", payload: { leaseId } })).result).toEqual({ leaseId, revoked: true });
  });

  it("retries a sealed/unavailable answer under the contract's policy and reports the retry", async () => {
    if (realVault) return;
    const { node, target } = await setup();
    target.server?.failNext(1, 503);
    const out = await node.process({ operation: "vault.kv.list", payload: { prefix: uniqueName("empty") } });
    expect(out).toMatchObject({ success: true, retry_count: 1, result: { keys: [] } });
  });

  it("rejects a payload with a wrong field type without echoing the secret value", async () => {
    const { node } = await setup();
    const error = await node.process({ operation: "vault.kv.write", payload: { path: "a/b", data: "hunter2-secret" as never } }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ModelOnexError);
    expect((error as ModelOnexError).errorCode).toBe(EnumCoreErrorCode.VALIDATION_ERROR);
    expect((error as ModelOnexError).message).toContain("data");
    expect(inspect(error)).not.toContain("hunter2-secret");
  });
});
