import type { ProtocolHealthCheck } from "./protocol-health-check.js";

/**
 * One version of a secret: a map of string values and its version metadata.
 *
 * @category Protocols
 */
export interface ProtocolSecretStoreSecret {
  /** Path the secret was read from, e.g. `"onex/db"`. */
  readonly path: string;
  /** The secret's key/value pairs. Never log or put in an error. */
  readonly data: Readonly<Record<string, string>>;
  /** Version number of this value (1 for the first write; stores without versions report 1). */
  readonly version: number;
  /** ISO-8601 time this version was written, or `null` when the store does not know. */
  readonly createdTime: string | null;
}

/**
 * Which version of a secret to read.
 *
 * @category Protocols
 */
export interface ProtocolSecretStoreReadOptions {
  /** Version to read; the current one when absent. */
  readonly version?: number | undefined;
}

/**
 * Options of a write.
 *
 * @category Protocols
 */
export interface ProtocolSecretStoreWriteOptions {
  /** Check-and-set: write only if the current version equals this (0 = only if the secret does not exist yet). */
  readonly cas?: number | undefined;
}

/**
 * Options of a delete.
 *
 * @category Protocols
 */
export interface ProtocolSecretStoreDeleteOptions {
  /** Delete only these versions; the current version when absent. */
  readonly versions?: readonly number[] | undefined;
}

/**
 * A secret store (Vault KV v2, or environment/file secrets when no Vault is configured). Paths and keys may appear
 * in errors and logs; values never do.
 *
 * @category Protocols
 */
export interface ProtocolSecretStore extends ProtocolHealthCheck {
  /** Reads the whole secret at `path`. Rejects with a secret-resolution error when the path (or version) is missing. */
  getSecret(path: string, key?: undefined, options?: ProtocolSecretStoreReadOptions): Promise<ProtocolSecretStoreSecret>;
  /** Reads the value of one `key` of the secret at `path`. Rejects when the path, version or key is missing. */
  getSecret(path: string, key: string, options?: ProtocolSecretStoreReadOptions): Promise<string>;

  /** Writes `data` as a new version of the secret at `path`; resolves to the version written. */
  putSecret(
    path: string,
    data: Readonly<Record<string, string>>,
    options?: ProtocolSecretStoreWriteOptions,
  ): Promise<{ readonly version: number }>;

  /** Deletes the current version (or the given versions) of the secret at `path`; resolves when it was absent too. */
  deleteSecret(path: string, options?: ProtocolSecretStoreDeleteOptions): Promise<void>;

  /** Names directly under `prefix`; names of sub-folders end with `/`. An empty list when there are none. */
  listSecrets(prefix: string): Promise<readonly string[]>;
}
