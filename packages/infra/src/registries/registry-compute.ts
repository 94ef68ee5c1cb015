import type { ProtocolPluginCompute } from "@onex/spi";
import { VersionedCatalog } from "./util-versioned-catalog.js";

/**
 * Deterministic compute plugins by id and semver. `get(id)` serves the latest version; `get(id, "1.0.0")` an exact
 * one. Registering the same id and version twice, or a version that is not MAJOR.MINOR.PATCH, throws; a miss names
 * what was asked for and what is registered.
 */
export class RegistryCompute {
  readonly #catalog = new VersionedCatalog<ProtocolPluginCompute>({ registry: "RegistryCompute", item: "compute plugin", idField: "pluginId" });

  /** Registers `plugin` under its `pluginId` and `version`. */
  register(plugin: ProtocolPluginCompute): this {
    this.#catalog.add(plugin.pluginId, plugin.version, plugin);
    return this;
  }

  /** The plugin `pluginId` at `version`, or its latest version when `version` is omitted. Throws RESOURCE_NOT_FOUND on a miss. */
  get(pluginId: string, version?: string): ProtocolPluginCompute {
    return this.#catalog.get(pluginId, version);
  }

  /** Like {@link get} but `undefined` on a miss. */
  tryGet(pluginId: string, version?: string): ProtocolPluginCompute | undefined {
    return this.#catalog.tryGet(pluginId, version);
  }

  /** Whether `pluginId` (at `version`, when given) is registered. */
  has(pluginId: string, version?: string): boolean {
    return this.tryGet(pluginId, version) !== undefined;
  }

  /** Registered versions of `pluginId`, oldest first. */
  versions(pluginId: string): string[] {
    return this.#catalog.versions(pluginId);
  }

  /** Every registered plugin, by id then oldest version first; pass `{ latestOnly: true }` for one per id. */
  list(options: { readonly latestOnly?: boolean } = {}): ProtocolPluginCompute[] {
    return options.latestOnly === true ? this.#catalog.latest() : this.#catalog.all();
  }
}
