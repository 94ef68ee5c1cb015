// Storage shared by RegistryPolicy and RegistryCompute: items keyed by id and semver (MAJOR.MINOR.PATCH), the latest
// version served when none is asked for, and errors that name what was asked for and what exists.
import { compareSemVer, EnumCoreErrorCode, formatSemVer, ModelOnexError, parseSemVer, type ModelSemVer } from "@onex/core";
import { currentCorrelationId } from "../correlation/util-correlation.js";
import { ProtocolConfigurationError } from "../errors/error-protocol-configuration.js";

interface Entry<T> {
  readonly version: string;
  readonly semver: ModelSemVer;
  readonly item: T;
}

/** How a catalog names itself and its items in error messages, e.g. `{ registry: "RegistryPolicy", item: "policy", idField: "policyId" }`. */
export interface VersionedCatalogLabels {
  readonly registry: string;
  readonly item: string;
  readonly idField: string;
}

const LISTED = 20;

/** `a, b, c` (at most 20 names, then `... (n more)`), or `none`. */
export function describeNames(names: readonly string[]): string {
  if (names.length === 0) return "none";
  const shown = names.slice(0, LISTED).join(", ");
  return names.length > LISTED ? `${shown}, ... (${names.length - LISTED} more)` : shown;
}

export class VersionedCatalog<T> {
  readonly #entries = new Map<string, Entry<T>[]>();

  constructor(private readonly labels: VersionedCatalogLabels) {}

  /** Adds `item` as `id`@`version`; throws INVALID_CONFIGURATION for a blank id or a non-semver version, DUPLICATE_REGISTRATION when taken. */
  add(id: unknown, version: unknown, item: T): void {
    const { registry, item: kind, idField } = this.labels;
    if (typeof id !== "string" || id.trim() === "" || id !== id.trim()) {
      throw this.configError(`cannot register ${kind} in ${registry}: ${idField} must be a non-blank string without surrounding spaces, got ${JSON.stringify(id)}`, { [idField]: String(id) });
    }
    const semver = this.parseVersion(id, version, "register");
    const entries = this.#entries.get(id) ?? [];
    const taken = entries.find((entry) => compareSemVer(entry.semver, semver) === 0);
    if (taken !== undefined) {
      throw this.error(
        `${kind} "${id}" version ${taken.version} is already registered in ${registry}; registered versions: ${describeNames(entries.map((entry) => entry.version))}`,
        EnumCoreErrorCode.DUPLICATE_REGISTRATION,
        { [idField]: id, version: taken.version, registeredVersions: entries.map((entry) => entry.version) },
      );
    }
    entries.push({ version: formatSemVer(semver), semver, item });
    entries.sort((a, b) => compareSemVer(a.semver, b.semver));
    this.#entries.set(id, entries);
  }

  /** The item `id`@`version`, or the latest version of `id` when `version` is undefined; throws RESOURCE_NOT_FOUND naming what exists. */
  get(id: string, version?: string): T {
    const entries = this.#entries.get(id);
    const { registry, item: kind, idField } = this.labels;
    if (entries === undefined) {
      const wanted = version === undefined ? "" : ` version ${version}`;
      throw this.error(`no ${kind} "${id}"${wanted} in ${registry}; registered ${kind} ids: ${describeNames(this.ids())}`, EnumCoreErrorCode.RESOURCE_NOT_FOUND, {
        [idField]: id,
        ...(version === undefined ? {} : { version }),
        registered: this.ids(),
      });
    }
    const found = this.find(entries, id, version);
    if (found === undefined) {
      const versions = entries.map((entry) => entry.version);
      throw this.error(`${kind} "${id}" has no version ${version} in ${registry}; registered versions: ${describeNames(versions)}`, EnumCoreErrorCode.RESOURCE_NOT_FOUND, {
        [idField]: id,
        version,
        registeredVersions: versions,
      });
    }
    return found.item;
  }

  /** Like {@link get} but `undefined` on a miss (an invalid version string still throws). */
  tryGet(id: string, version?: string): T | undefined {
    const entries = this.#entries.get(id);
    return entries === undefined ? undefined : this.find(entries, id, version)?.item;
  }

  /** Registered versions of `id`, oldest first; empty when unknown. */
  versions(id: string): string[] {
    return (this.#entries.get(id) ?? []).map((entry) => entry.version);
  }

  /** Registered ids, sorted. */
  ids(): string[] {
    return [...this.#entries.keys()].sort();
  }

  /** Every item, by id then oldest version first. */
  all(): T[] {
    return this.ids().flatMap((id) => (this.#entries.get(id) ?? []).map((entry) => entry.item));
  }

  /** The latest item of every id, sorted by id. */
  latest(): T[] {
    return this.ids().flatMap((id) => {
      const last = this.#entries.get(id)?.at(-1);
      return last === undefined ? [] : [last.item];
    });
  }

  private find(entries: readonly Entry<T>[], id: string, version: string | undefined): Entry<T> | undefined {
    if (version === undefined) return entries.at(-1);
    const semver = this.parseVersion(id, version, "look up");
    return entries.find((entry) => compareSemVer(entry.semver, semver) === 0);
  }

  private parseVersion(id: string, version: unknown, action: string): ModelSemVer {
    const { registry, item: kind, idField } = this.labels;
    try {
      if (typeof version !== "string") throw new TypeError(`version must be a string, got ${typeof version}`);
      return parseSemVer(version);
    } catch (cause) {
      const shown = typeof version === "string" ? JSON.stringify(version.slice(0, 64)) : String(typeof version);
      const message = `cannot ${action} ${kind} "${id}" in ${registry}: version ${shown} is not a semantic version MAJOR.MINOR.PATCH (e.g. 1.2.0)`;
      throw action === "register" ? this.configError(message, { [idField]: id }, cause) : this.error(message, EnumCoreErrorCode.INVALID_INPUT, { [idField]: id }, cause);
    }
  }

  /** A registration that can never be served: a ProtocolConfigurationError (INVALID_CONFIGURATION). */
  configError(message: string, fields: Readonly<Record<string, unknown>>, cause?: unknown): ProtocolConfigurationError {
    return new ProtocolConfigurationError(message, { context: { operation: "register", targetName: this.labels.registry }, cause, registry: this.labels.registry, ...fields });
  }

  private error(message: string, errorCode: EnumCoreErrorCode, context: Readonly<Record<string, unknown>>, cause?: unknown): ModelOnexError {
    return new ModelOnexError(message, {
      errorCode,
      correlationId: currentCorrelationId(),
      context: { registry: this.labels.registry, ...context },
      ...(cause === undefined ? {} : { cause }),
    });
  }
}
