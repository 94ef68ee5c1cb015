// ProtocolSecretStore on Vault/OpenBao KV v2 through an initialised HandlerVault (its breaker, token renewal and
// sanitised errors). Values are returned as strings; non-string KV values are JSON-encoded.
import { EnumCoreErrorCode } from "@onex/core";
import type { ProtocolHealthCheckResult, ProtocolSecretStore, ProtocolSecretStoreDeleteOptions, ProtocolSecretStoreReadOptions, ProtocolSecretStoreSecret, ProtocolSecretStoreWriteOptions } from "@onex/spi";
import { currentCorrelationId } from "../correlation/util-correlation.js";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { RuntimeHostError } from "../errors/error-runtime-host.js";
import type { HandlerVault } from "./handler-vault.js";

/**
 * A check-and-set write whose expected version is not the current one: a RuntimeHostError with code
 * INVALID_STATE_TRANSITION (HTTP-equivalent 409), not retryable. Shared by the secret stores.
 */
export function secretVersionConflict(path: string, expected: number, transportType: EnumInfraTransportType): RuntimeHostError {
  return new RuntimeHostError(`check-and-set failed for secret "${path}": the current version is not ${expected}`, {
    errorCode: EnumCoreErrorCode.INVALID_STATE_TRANSITION,
    status: 409,
    context: { transportType, operation: "put_secret", targetName: transportType, correlationId: currentCorrelationId() },
    path,
    cas: expected,
  });
}

/** {@link ProtocolSecretStore} backed by Vault KV v2 (OpenBao alike). */
export class SecretStoreVault implements ProtocolSecretStore {
  readonly #handler: HandlerVault;

  constructor(handler: HandlerVault) {
    this.#handler = handler;
  }

  getSecret(path: string, key?: undefined, options?: ProtocolSecretStoreReadOptions): Promise<ProtocolSecretStoreSecret>;
  getSecret(path: string, key: string, options?: ProtocolSecretStoreReadOptions): Promise<string>;
  async getSecret(path: string, key?: string, options: ProtocolSecretStoreReadOptions = {}): Promise<ProtocolSecretStoreSecret | string> {
    if (key !== undefined) return (await this.#handler.kv.readKey(path, key, options.version)).value;
    const secret = await this.#handler.kv.read(path, options.version);
    const data = Object.fromEntries(Object.entries(secret.data).map(([name, value]) => [name, typeof value === "string" ? value : JSON.stringify(value)]));
    return { path, data, version: secret.version, createdTime: secret.createdTime };
  }

  async putSecret(path: string, data: Readonly<Record<string, string>>, options: ProtocolSecretStoreWriteOptions = {}): Promise<{ readonly version: number }> {
    const written = await this.#handler.kv.write(path, data, options.cas);
    if (!written.applied || written.version === null) throw secretVersionConflict(path, options.cas ?? 0, EnumInfraTransportType.VAULT);
    return { version: written.version };
  }

  async deleteSecret(path: string, options: ProtocolSecretStoreDeleteOptions = {}): Promise<void> {
    await this.#handler.kv.delete({ path, versions: options.versions });
  }

  async listSecrets(prefix: string): Promise<readonly string[]> {
    return (await this.#handler.kv.list(prefix)).keys;
  }

  health(): Promise<ProtocolHealthCheckResult> {
    return this.#handler.health();
  }
}
