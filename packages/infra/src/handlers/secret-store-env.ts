// Secrets from environment variables and a JSON file: the embedded default when no Vault is configured.
// A key of a path maps to the variable `<prefix><PATH>_<KEY>` (upper case, every non-alphanumeric character an
// underscore): path `onex/db`, key `password` -> `ONEX_DB_PASSWORD`. The file holds `{"<path>": {"<key>": "<value>"}}`.
// Writes and deletes live in memory (versioned, with check-and-set) on top of both sources.
import { readFile } from "node:fs/promises";
import type { ProtocolHealthCheckResult, ProtocolSecretStore, ProtocolSecretStoreDeleteOptions, ProtocolSecretStoreReadOptions, ProtocolSecretStoreSecret, ProtocolSecretStoreWriteOptions } from "@onex/spi";
import { z } from "zod";
import { currentCorrelationId } from "../correlation/util-correlation.js";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { ProtocolConfigurationError } from "../errors/error-protocol-configuration.js";
import { SecretResolutionError } from "../errors/error-secret-resolution.js";
import { secretVersionConflict } from "./secret-store-vault.js";

/** Options of {@link SecretStoreEnv}. */
export interface SecretStoreEnvOptions {
  /** Variables to read; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Prefix of every variable name, e.g. `ONEX_SECRET_`; default none. */
  readonly prefix?: string | undefined;
  /** JSON file `{"<path>": {"<key>": "<value>"}}`, read once on first use. */
  readonly filePath?: string | undefined;
  /** Inline secrets in the file's shape (they lose to the file and to variables). */
  readonly data?: Readonly<Record<string, Readonly<Record<string, string>>>> | undefined;
  /** Clock for the created time of in-memory writes; default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

const FileSchema = z.record(z.string(), z.record(z.string(), z.string()));

interface Written {
  readonly versions: Map<number, { data: Readonly<Record<string, string>> | null; createdTime: string }>;
  current: number;
}

const context = (operation: string): { transportType: EnumInfraTransportType; operation: string; targetName: string; correlationId: string | undefined } => ({
  transportType: EnumInfraTransportType.INMEMORY,
  operation,
  targetName: "secret-store-env",
  correlationId: currentCorrelationId(),
});

/** {@link ProtocolSecretStore} over environment variables, a JSON file and in-memory writes. */
export class SecretStoreEnv implements ProtocolSecretStore {
  readonly #env: Readonly<Record<string, string | undefined>>;
  readonly #prefix: string;
  readonly #filePath: string | undefined;
  readonly #inline: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly #now: () => number;
  readonly #written = new Map<string, Written>();
  #file: Promise<Readonly<Record<string, Readonly<Record<string, string>>>>> | undefined;

  constructor(options: SecretStoreEnvOptions = {}) {
    this.#env = options.env ?? process.env;
    this.#prefix = options.prefix ?? "";
    this.#filePath = options.filePath;
    this.#inline = options.data ?? {};
    this.#now = options.now ?? Date.now;
  }

  /** The variable name holding `key` of `path`. */
  variableName(path: string, key?: string): string {
    const name = (text: string): string => text.toUpperCase().replace(/[^A-Z0-9]+/g, "_").replace(/^_+|_+$/g, "");
    return `${this.#prefix}${name(path)}${key === undefined ? "" : `_${name(key)}`}`;
  }

  #loadFile(): Promise<Readonly<Record<string, Readonly<Record<string, string>>>>> {
    const filePath = this.#filePath;
    if (filePath === undefined) return Promise.resolve({});
    this.#file ??= readFile(filePath, "utf8").then(
      (text) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          // JSON.parse quotes the offending text, which may be a secret: report the file only.
          throw new ProtocolConfigurationError(`Secrets file ${filePath} is not valid JSON`, { context: context("load_secrets_file") });
        }
        const result = FileSchema.safeParse(parsed);
        if (!result.success) throw new ProtocolConfigurationError(`Secrets file ${filePath} must map each path to an object of string values`, { context: context("load_secrets_file") });
        return result.data;
      },
      (error: unknown) => {
        throw new ProtocolConfigurationError(`Cannot read secrets file ${filePath}`, { context: context("load_secrets_file"), code: (error as { code?: unknown }).code });
      },
    );
    return this.#file;
  }

  async #base(path: string): Promise<Record<string, string> | undefined> {
    const file = await this.#loadFile();
    const merged: Record<string, string> = { ...this.#inline[path], ...file[path] };
    const head = `${this.variableName(path)}_`;
    for (const [name, value] of Object.entries(this.#env)) {
      if (value !== undefined && name.startsWith(head) && name.length > head.length) merged[name.slice(head.length).toLowerCase()] = value;
    }
    return Object.keys(merged).length === 0 ? undefined : merged;
  }

  getSecret(path: string, key?: undefined, options?: ProtocolSecretStoreReadOptions): Promise<ProtocolSecretStoreSecret>;
  getSecret(path: string, key: string, options?: ProtocolSecretStoreReadOptions): Promise<string>;
  async getSecret(path: string, key?: string, options: ProtocolSecretStoreReadOptions = {}): Promise<ProtocolSecretStoreSecret | string> {
    const secret = await this.#read(path, options.version);
    if (key === undefined) return secret;
    const value = secret.data[key] ?? (options.version === undefined && this.#written.get(path) === undefined ? this.#env[this.variableName(path, key)] : undefined);
    if (value === undefined) throw new SecretResolutionError(`Secret "${path}" has no key "${key}"`, { context: context("get_secret"), path, key });
    return value;
  }

  async #read(path: string, version: number | undefined): Promise<ProtocolSecretStoreSecret> {
    const written = this.#written.get(path);
    if (written !== undefined) {
      const number = version ?? written.current;
      const entry = written.versions.get(number);
      if (entry?.data === null || entry === undefined) throw new SecretResolutionError(`Secret "${path}" (version ${number}) not found`, { context: context("get_secret"), path, version: number });
      return { path, data: entry.data, version: number, createdTime: entry.createdTime };
    }
    const base = version === undefined || version === 1 ? await this.#base(path) : undefined;
    if (base === undefined) throw new SecretResolutionError(`Secret "${path}"${version === undefined ? "" : ` (version ${version})`} not found`, { context: context("get_secret"), path });
    return { path, data: base, version: 1, createdTime: null };
  }

  async putSecret(path: string, data: Readonly<Record<string, string>>, options: ProtocolSecretStoreWriteOptions = {}): Promise<{ readonly version: number }> {
    let written = this.#written.get(path);
    const current = written?.current ?? ((await this.#base(path)) === undefined ? 0 : 1);
    if (options.cas !== undefined && options.cas !== current) {
      throw secretVersionConflict(path, options.cas, EnumInfraTransportType.INMEMORY);
    }
    if (written === undefined) {
      written = { versions: new Map(), current };
      this.#written.set(path, written);
    }
    written.current = current + 1;
    written.versions.set(written.current, { data: { ...data }, createdTime: new Date(this.#now()).toISOString() });
    return { version: written.current };
  }

  async deleteSecret(path: string, options: ProtocolSecretStoreDeleteOptions = {}): Promise<void> {
    let written = this.#written.get(path);
    if (written === undefined) {
      const base = await this.#base(path);
      if (base === undefined) return;
      written = { versions: new Map([[1, { data: base, createdTime: new Date(this.#now()).toISOString() }]]), current: 1 };
      this.#written.set(path, written);
    }
    for (const number of options.versions ?? [written.current]) {
      const entry = written.versions.get(number);
      if (entry !== undefined) written.versions.set(number, { ...entry, data: null });
    }
  }

  async listSecrets(prefix: string): Promise<readonly string[]> {
    const folder = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
    const paths = new Set([...Object.keys(this.#inline), ...Object.keys(await this.#loadFile()), ...this.#written.keys()]);
    const out = new Set<string>();
    for (const path of paths) {
      if (!path.startsWith(folder)) continue;
      const rest = path.slice(folder.length);
      const slash = rest.indexOf("/");
      out.add(slash === -1 ? rest : rest.slice(0, slash + 1));
    }
    return [...out].sort();
  }

  async health(): Promise<ProtocolHealthCheckResult> {
    try {
      await this.#loadFile();
      return { healthy: true, details: { backend: "env", file: this.#filePath !== undefined } };
    } catch (error) {
      return { healthy: false, details: { backend: "env", reason: error instanceof Error ? error.message : "unreadable secrets file" } };
    }
  }
}
