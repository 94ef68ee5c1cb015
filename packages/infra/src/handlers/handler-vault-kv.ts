// KV v2 operations of HandlerVault: paths go under `<mount>/data/`, `<mount>/metadata/`, `<mount>/delete/`,
// `<mount>/undelete/` and `<mount>/destroy/`, as the KV v2 API requires.
import { z } from "zod";
import { EnvelopeValidationError } from "../errors/error-envelope-validation.js";
import { SecretResolutionError } from "../errors/error-secret-resolution.js";
import { currentCorrelationId } from "../correlation/util-correlation.js";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { encodeVaultPath, type VaultRun } from "./handler-vault-client.js";

const VersionMetadata = z.object({
  created_time: z.string(),
  deletion_time: z.string().default(""),
  destroyed: z.boolean().default(false),
  version: z.number().int(),
  custom_metadata: z.record(z.string(), z.string()).nullable().default(null),
});
const ReadResponse = z.object({ data: z.object({ data: z.record(z.string(), z.unknown()).nullable(), metadata: VersionMetadata }) });
const WriteResponse = z.object({ data: z.object({ version: z.number().int(), created_time: z.string() }) });
const ListResponse = z.object({ data: z.object({ keys: z.array(z.string()) }) });
const MetadataResponse = z.object({
  data: z.object({
    current_version: z.number().int(),
    oldest_version: z.number().int(),
    created_time: z.string(),
    updated_time: z.string(),
    versions: z.record(z.string(), z.object({ created_time: z.string(), deletion_time: z.string(), destroyed: z.boolean() })),
  }),
});

/** One version of a KV v2 secret. `data` holds secret values: never log it. */
export interface VaultKvSecret {
  readonly path: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly version: number;
  readonly createdTime: string;
  readonly customMetadata: Readonly<Record<string, string>> | null;
}

/** KV v2 engine at one mount. */
export class VaultKv {
  readonly #mount: string;
  readonly #run: (cid?: string) => VaultRun;

  constructor(mount: string, run: (cid?: string) => VaultRun) {
    this.#mount = mount;
    this.#run = run;
  }

  #path(area: "data" | "metadata" | "delete" | "undelete" | "destroy", path: string): string {
    return `${this.#mount}/${area}/${encodeVaultPath(path)}`;
  }

  /** Reads the current (or the given) version; a missing, deleted or destroyed one is a SecretResolutionError naming the path. */
  async read(path: string, version?: number, cid?: string): Promise<VaultKvSecret> {
    const suffix = version === undefined ? "" : `?version=${version}`;
    const body = await this.#run(cid)("vault.kv.read", ({ client, token }) => client.read(`${this.#path("data", path)}${suffix}`, { token }), { resource: path, version });
    const { data, metadata } = ReadResponse.parse(body).data;
    if (data === null) {
      throw new SecretResolutionError(`Vault vault.kv.read: "${path}" (version ${metadata.version}) is deleted`, {
        context: { transportType: EnumInfraTransportType.VAULT, operation: "vault.kv.read", targetName: "vault", correlationId: cid ?? currentCorrelationId() },
        path,
        version: metadata.version,
      });
    }
    return { path, data, version: metadata.version, createdTime: metadata.created_time, customMetadata: metadata.custom_metadata };
  }

  /** Reads one key of a secret as a string; a missing key is a SecretResolutionError naming path and key. */
  async readKey(path: string, key: string, version?: number, cid?: string): Promise<{ path: string; key: string; value: string; version: number }> {
    const secret = await this.read(path, version, cid);
    const value = secret.data[key];
    if (value === undefined || value === null) {
      throw new SecretResolutionError(`Vault secret "${path}" has no key "${key}"`, {
        context: { transportType: EnumInfraTransportType.VAULT, operation: "vault.kv.read", targetName: "vault", correlationId: cid ?? currentCorrelationId() },
        path,
        key,
      });
    }
    return { path, key, value: typeof value === "string" ? value : JSON.stringify(value), version: secret.version };
  }

  /** Writes a new version; with `cas`, `applied` is false when the current version is not `cas`. */
  async write(path: string, data: Readonly<Record<string, unknown>>, cas?: number, cid?: string): Promise<{ path: string; applied: boolean; version: number | null; createdTime: string | null }> {
    const body = cas === undefined ? { data } : { data, options: { cas } };
    try {
      const response = await this.#run(cid)("vault.kv.write", ({ client, token }) => client.write(this.#path("data", path), body, { token }), { resource: path });
      const written = WriteResponse.parse(response).data;
      return { path, applied: true, version: written.version, createdTime: written.created_time };
    } catch (error) {
      if (cas !== undefined && error instanceof EnvelopeValidationError && /check-and-set/i.test(error.message)) {
        return { path, applied: false, version: null, createdTime: null };
      }
      throw error;
    }
  }

  /** Soft-deletes the latest version (or `versions`), destroys `versions`, or with `allVersions` removes the metadata too. */
  async delete(
    input: { path: string; versions?: readonly number[] | undefined; destroy?: boolean | undefined; allVersions?: boolean | undefined },
    cid?: string,
  ): Promise<{ path: string; deleted: true; versions: readonly number[] | "latest" | "all"; destroyed: boolean }> {
    const run = this.#run(cid);
    const { path, versions } = input;
    if (input.allVersions === true) {
      await run("vault.kv.delete", ({ client, token }) => client.delete(this.#path("metadata", path), { token }), { resource: path });
      return { path, deleted: true, versions: "all", destroyed: true };
    }
    if (input.destroy === true) {
      if (versions === undefined) throw new EnvelopeValidationError("vault.kv.delete with destroy needs versions", { context: { transportType: EnumInfraTransportType.VAULT, operation: "vault.kv.delete", correlationId: cid } });
      await run("vault.kv.delete", ({ client, token }) => client.write(this.#path("destroy", path), { versions }, { token }), { resource: path });
      return { path, deleted: true, versions, destroyed: true };
    }
    if (versions === undefined) {
      await run("vault.kv.delete", ({ client, token }) => client.delete(this.#path("data", path), { token }), { resource: path });
      return { path, deleted: true, versions: "latest", destroyed: false };
    }
    await run("vault.kv.delete", ({ client, token }) => client.write(this.#path("delete", path), { versions }, { token }), { resource: path });
    return { path, deleted: true, versions, destroyed: false };
  }

  async undelete(path: string, versions: readonly number[], cid?: string): Promise<{ path: string; versions: readonly number[] }> {
    await this.#run(cid)("vault.kv.undelete", ({ client, token }) => client.write(this.#path("undelete", path), { versions }, { token }), { resource: path });
    return { path, versions };
  }

  /** Version history of a secret (no values). */
  async metadata(path: string, cid?: string): Promise<Record<string, unknown>> {
    const body = await this.#run(cid)("vault.kv.metadata", ({ client, token }) => client.read(this.#path("metadata", path), { token }), { resource: path });
    const data = MetadataResponse.parse(body).data;
    return {
      path,
      currentVersion: data.current_version,
      oldestVersion: data.oldest_version,
      createdTime: data.created_time,
      updatedTime: data.updated_time,
      versions: Object.entries(data.versions)
        .map(([version, meta]) => ({ version: Number(version), createdTime: meta.created_time, deletionTime: meta.deletion_time === "" ? null : meta.deletion_time, destroyed: meta.destroyed }))
        .sort((a, b) => a.version - b.version),
    };
  }

  /** Names directly under `prefix` (folders end with `/`); an empty list when there are none. */
  async list(prefix: string, cid?: string): Promise<{ prefix: string; keys: string[] }> {
    const folder = prefix.replace(/^\/+/, "");
    try {
      const body = await this.#run(cid)("vault.kv.list", ({ client, token }) => client.list(`${this.#mount}/metadata/${encodeVaultPath(folder)}`, { token }), { resource: prefix });
      return { prefix, keys: ListResponse.parse(body).data.keys };
    } catch (error) {
      if (error instanceof SecretResolutionError) return { prefix, keys: [] };
      throw error;
    }
  }
}
