import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EnumCoreErrorCode } from "@onex/core";
import type { ProtocolSecretStore } from "@onex/spi";
import { afterEach, describe, expect, it } from "vitest";
import { HandlerVault } from "../src/handlers/handler-vault.js";
import { SecretStoreEnv } from "../src/handlers/secret-store-env.js";
import { SecretStoreVault } from "../src/handlers/secret-store-vault.js";
import { ProtocolConfigurationError } from "../src/errors/error-protocol-configuration.js";
import { RuntimeHostError } from "../src/errors/error-runtime-host.js";
import { SecretResolutionError } from "../src/errors/error-secret-resolution.js";
import { vaultTarget } from "./support/vault-target.js";
import { uniqueName } from "./support/test-services.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function rejection(promise: Promise<unknown>): Promise<RuntimeHostError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(RuntimeHostError);
  return error as RuntimeHostError;
}

const stores: Record<string, () => Promise<ProtocolSecretStore>> = {
  vault: async () => {
    const target = await vaultTarget();
    cleanups.push(() => target.close());
    const handler = new HandlerVault();
    await handler.initialize({ address: target.address, token: target.token });
    cleanups.push(() => handler.shutdown());
    return new SecretStoreVault(handler);
  },
  env: () => Promise.resolve(new SecretStoreEnv({ env: {} })),
};

for (const [name, create] of Object.entries(stores)) {
  describe(`ProtocolSecretStore (${name})`, () => {
    it("writes versions, reads whole secrets, single keys and older versions, and lists names", async () => {
      const store = await create();
      const base = uniqueName("store");
      cleanups.push(async () => {
        await store.deleteSecret(`${base}/db`, { versions: [1, 2] });
        await store.deleteSecret(`${base}/sub/x`);
      });
      expect(await store.putSecret(`${base}/db`, { user: "app", password: "s3cret-1" })).toEqual({ version: 1 });
      expect(await store.putSecret(`${base}/db`, { user: "app", password: "s3cret-2" }, { cas: 1 })).toEqual({ version: 2 });
      await store.putSecret(`${base}/sub/x`, { k: "v" });
      const secret = await store.getSecret(`${base}/db`);
      expect(secret).toMatchObject({ path: `${base}/db`, data: { user: "app", password: "s3cret-2" }, version: 2 });
      expect(typeof secret.createdTime).toBe("string");
      expect(await store.getSecret(`${base}/db`, "password")).toBe("s3cret-2");
      expect(await store.getSecret(`${base}/db`, "password", { version: 1 })).toBe("s3cret-1");
      expect(await store.listSecrets(base)).toEqual(["db", "sub/"]);
    });

    it("refuses a stale check-and-set with a 409 conflict and reports missing paths and keys by name only", async () => {
      const store = await create();
      const path = uniqueName("conflict");
      cleanups.push(() => store.deleteSecret(path));
      await store.putSecret(path, { password: "hunter2-value" });
      const conflict = await rejection(store.putSecret(path, { password: "x" }, { cas: 0 }));
      expect(conflict.errorCode).toBe(EnumCoreErrorCode.INVALID_STATE_TRANSITION);
      expect(conflict.status).toBe(409);
      const missingKey = await rejection(store.getSecret(path, "token"));
      expect(missingKey).toBeInstanceOf(SecretResolutionError);
      expect(missingKey.message).toContain(path);
      expect(JSON.stringify(missingKey)).not.toContain("hunter2-value");
      await store.deleteSecret(path);
      expect(await rejection(store.getSecret(path))).toBeInstanceOf(SecretResolutionError);
      expect(await rejection(store.getSecret(uniqueName("never")))).toBeInstanceOf(SecretResolutionError);
      expect((await store.health()).healthy).toBe(true);
    });
  });
}

describe("SecretStoreEnv sources", () => {
  it("maps path and key to an environment variable, and merges a JSON file underneath", async () => {
    const dir = await mkdtemp(join(tmpdir(), "onex-secrets-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, "secrets.json");
    await writeFile(file, JSON.stringify({ "onex/db": { user: "from-file", password: "file-pass" }, "onex/kafka": { sasl: "k" } }));
    const store = new SecretStoreEnv({ env: { ONEX_SECRET_ONEX_DB_PASSWORD: "env-pass", OTHER: "x" }, prefix: "ONEX_SECRET_", filePath: file });
    expect(store.variableName("onex/db", "password")).toBe("ONEX_SECRET_ONEX_DB_PASSWORD");
    expect(await store.getSecret("onex/db", "password")).toBe("env-pass");
    expect(await store.getSecret("onex/db")).toMatchObject({ data: { user: "from-file", password: "env-pass" }, version: 1, createdTime: null });
    expect(await store.listSecrets("onex")).toEqual(["db", "kafka"]);
  });

  it("reports an unreadable or malformed secrets file as a configuration error that never quotes its content", async () => {
    const dir = await mkdtemp(join(tmpdir(), "onex-secrets-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, "broken.json");
    await writeFile(file, '{"onex/db": {"password": "leaky-value-31" ');
    const broken = await rejection(new SecretStoreEnv({ filePath: file }).getSecret("onex/db"));
    expect(broken).toBeInstanceOf(ProtocolConfigurationError);
    expect(JSON.stringify(broken)).not.toContain("leaky-value-31");
    expect(await rejection(new SecretStoreEnv({ filePath: join(dir, "absent.json") }).getSecret("a"))).toBeInstanceOf(ProtocolConfigurationError);
    expect((await new SecretStoreEnv({ filePath: file }).health()).healthy).toBe(false);
  });
});
