import type { ProtocolPolicy } from "@onex/spi";
import { VersionedCatalog } from "./util-versioned-catalog.js";

/**
 * Pure policies by id, type and semver. `get(id)` serves the latest version; `get(id, "1.2.0")` an exact one.
 * Registering the same id and version twice, an id under two policy types, or a version that is not
 * MAJOR.MINOR.PATCH throws; a miss names what was asked for and what is registered.
 */
export class RegistryPolicy {
  readonly #catalog = new VersionedCatalog<ProtocolPolicy>({ registry: "RegistryPolicy", item: "policy", idField: "policyId" });
  readonly #typeOf = new Map<string, string>();

  /** Registers `policy` under its `policyId`, `policyType` and `version`. */
  register(policy: ProtocolPolicy): this {
    const known = this.#typeOf.get(policy.policyId);
    if (typeof policy.policyType !== "string" || policy.policyType.trim() === "") {
      throw this.#catalog.configError(`cannot register policy "${policy.policyId}" in RegistryPolicy: policyType must be a non-blank string`, { policyId: policy.policyId });
    }
    if (known !== undefined && known !== policy.policyType) {
      throw this.#catalog.configError(
        `cannot register policy "${policy.policyId}" version ${policy.version} as type "${policy.policyType}": its other versions are of type "${known}"`,
        { policyId: policy.policyId, policyType: policy.policyType, registeredType: known },
      );
    }
    this.#catalog.add(policy.policyId, policy.version, policy);
    this.#typeOf.set(policy.policyId, policy.policyType);
    return this;
  }

  /** The policy `policyId` at `version`, or its latest version when `version` is omitted. Throws RESOURCE_NOT_FOUND on a miss. */
  get(policyId: string, version?: string): ProtocolPolicy {
    return this.#catalog.get(policyId, version);
  }

  /** Like {@link get} but `undefined` on a miss. */
  tryGet(policyId: string, version?: string): ProtocolPolicy | undefined {
    return this.#catalog.tryGet(policyId, version);
  }

  /** Whether `policyId` (at `version`, when given) is registered. */
  has(policyId: string, version?: string): boolean {
    return this.tryGet(policyId, version) !== undefined;
  }

  /** Registered versions of `policyId`, oldest first. */
  versions(policyId: string): string[] {
    return this.#catalog.versions(policyId);
  }

  /** Policies of `policyType`, by id then oldest version first; pass `{ latestOnly: true }` for one per id. */
  listByType(policyType: string, options: { readonly latestOnly?: boolean } = {}): ProtocolPolicy[] {
    const policies = options.latestOnly === true ? this.#catalog.latest() : this.#catalog.all();
    return policies.filter((policy) => policy.policyType === policyType);
  }

  /** Every registered policy, by id then oldest version first. */
  list(): ProtocolPolicy[] {
    return this.#catalog.all();
  }
}
