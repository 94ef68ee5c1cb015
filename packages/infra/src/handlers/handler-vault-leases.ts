// Leases of HandlerVault: explicit renew/revoke, and dynamic credentials (e.g. `database/creds/<role>`) kept valid
// by one CredentialRefreshManager per path: the lease is renewed inside the refresh threshold and new credentials
// are read when it cannot be renewed any more (max TTL reached, revoked, expired).
import { z } from "zod";
import { currentCorrelationId, ensureCorrelationId, runWithCorrelation } from "../correlation/util-correlation.js";
import { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { InfraAuthenticationError } from "../errors/error-infra-authentication.js";
import { RuntimeHostError } from "../errors/error-runtime-host.js";
import { SecretResolutionError } from "../errors/error-secret-resolution.js";
import { CredentialRefreshManager, type IssuedCredential } from "../resilience/credential-refresh-manager.js";
import { encodeVaultPath, type VaultRun } from "./handler-vault-client.js";

const LeaseResponse = z.object({ lease_id: z.string(), lease_duration: z.number(), renewable: z.boolean() });
const DynamicResponse = LeaseResponse.extend({ data: z.record(z.string(), z.unknown()).nullable() });

/** Dynamic credentials with their lease. `data` holds secret values: never log it. */
export interface VaultDynamicCredential {
  readonly path: string;
  readonly leaseId: string;
  /** Seconds granted by the last read or renewal. */
  readonly leaseDuration: number;
  readonly renewable: boolean;
  readonly data: Readonly<Record<string, unknown>>;
  /** Renewals of this lease so far. */
  readonly renewals: number;
}

/** Lease operations of one Vault handler. */
export class VaultLeases {
  readonly #run: (cid?: string) => VaultRun;
  readonly #settings: { readonly thresholdSeconds?: number | undefined; readonly incrementSeconds?: number | undefined };
  readonly #now: () => number;
  readonly #managers = new Map<string, CredentialRefreshManager<VaultDynamicCredential>>();
  readonly #current = new Map<string, VaultDynamicCredential>();

  constructor(run: (cid?: string) => VaultRun, settings: { thresholdSeconds?: number | undefined; incrementSeconds?: number | undefined }, now: () => number) {
    this.#run = run;
    this.#settings = settings;
    this.#now = now;
  }

  /** PUT sys/leases/renew. An unknown or expired lease is a SecretResolutionError naming it. */
  async renew(leaseId: string, incrementSeconds?: number, cid?: string): Promise<{ leaseId: string; leaseDuration: number; renewable: boolean }> {
    const increment = incrementSeconds ?? this.#settings.incrementSeconds;
    const body = await this.#run(cid)(
      "vault.lease.renew",
      ({ client, token }) => client.write("sys/leases/renew", increment === undefined ? { lease_id: leaseId } : { lease_id: leaseId, increment }, { token }),
      { resource: leaseId },
    );
    const lease = LeaseResponse.parse(body);
    return { leaseId: lease.lease_id, leaseDuration: lease.lease_duration, renewable: lease.renewable };
  }

  /** PUT sys/leases/revoke; cached dynamic credentials on that lease are dropped. */
  async revoke(leaseId: string, cid?: string): Promise<{ leaseId: string; revoked: true }> {
    await this.#run(cid)("vault.lease.revoke", ({ client, token }) => client.write("sys/leases/revoke", { lease_id: leaseId }, { token }), { resource: leaseId });
    for (const [path, credential] of this.#current) {
      if (credential.leaseId !== leaseId) continue;
      this.#current.delete(path);
      this.#managers.get(path)?.invalidate();
    }
    return { leaseId, revoked: true };
  }

  /**
   * Credentials from a dynamic-secret path, cached while their lease is valid, the lease renewed once inside the
   * refresh threshold, and new credentials read when it cannot be renewed. `forceNew` reads new ones now.
   */
  readDynamic(path: string, forceNew = false, cid?: string): Promise<VaultDynamicCredential> {
    return runWithCorrelation(ensureCorrelationId(cid ?? currentCorrelationId()), () => this.#readDynamic(path, forceNew));
  }

  async #readDynamic(path: string, forceNew: boolean): Promise<VaultDynamicCredential> {
    let manager = this.#managers.get(path);
    if (manager === undefined) {
      manager = new CredentialRefreshManager<VaultDynamicCredential>({
        provider: () => this.#refresh(path),
        refreshThresholdSeconds: this.#settings.thresholdSeconds,
        now: this.#now,
        context: { transportType: EnumInfraTransportType.VAULT, operation: "vault.dynamic.read", targetName: "vault" },
      });
      this.#managers.set(path, manager);
    }
    if (forceNew) {
      this.#current.delete(path);
      manager.invalidate();
    }
    try {
      return await manager.getValidCredential();
    } catch (error) {
      // The refresh manager reports every provider failure as an authentication error; the cause says what it was.
      if (error instanceof InfraAuthenticationError && error.cause instanceof RuntimeHostError) throw error.cause;
      throw error;
    }
  }

  async #refresh(path: string): Promise<IssuedCredential<VaultDynamicCredential>> {
    const current = this.#current.get(path);
    if (current?.renewable === true) {
      try {
        const renewed = await this.renew(current.leaseId);
        if (renewed.leaseDuration > 0) return this.#keep({ ...current, leaseDuration: renewed.leaseDuration, renewable: renewed.renewable, renewals: current.renewals + 1 });
      } catch (error) {
        if (!(error instanceof SecretResolutionError)) throw error;
      }
    }
    const body = await this.#run()("vault.dynamic.read", ({ client, token }) => client.read(encodeVaultPath(path), { token }), { resource: path });
    const lease = DynamicResponse.parse(body);
    return this.#keep({ path, leaseId: lease.lease_id, leaseDuration: lease.lease_duration, renewable: lease.renewable, data: lease.data ?? {}, renewals: 0 });
  }

  #keep(credential: VaultDynamicCredential): IssuedCredential<VaultDynamicCredential> {
    this.#current.set(credential.path, credential);
    return { credential, ttlSeconds: credential.leaseDuration };
  }
}
