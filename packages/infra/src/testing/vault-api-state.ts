// The data behind VaultApiServer: tokens with TTLs on an injectable clock, AppRole roles, a KV v2 engine and
// leased dynamic database credentials, with the semantics of Vault's documented HTTP API.
import { randomBytes, randomUUID } from "node:crypto";

/** A rejected request: status and Vault's `errors` list. */
export class VaultApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly errors: readonly string[],
  ) {
    super(errors[0] ?? `status ${status}`);
  }
}

/** A token known to the server. */
export interface VaultToken {
  readonly id: string;
  readonly accessor: string;
  readonly policies: readonly string[];
  readonly path: string;
  readonly displayName: string;
  readonly meta: Readonly<Record<string, string>> | null;
  readonly renewable: boolean;
  /** Seconds; 0 = never expires (root). */
  readonly creationTtl: number;
  /** Seconds; 0 = no cap. */
  readonly explicitMaxTtl: number;
  readonly issuedAt: number;
  expiresAt: number | null;
  revoked: boolean;
}

/** Options of a token created by a test. */
export interface VaultTokenOptions {
  readonly ttlSeconds?: number | undefined;
  readonly renewable?: boolean | undefined;
  readonly policies?: readonly string[] | undefined;
  readonly explicitMaxTtlSeconds?: number | undefined;
  /** Use this id instead of a random `hvs.` token. */
  readonly id?: string | undefined;
}

/** An AppRole role. */
export interface VaultAppRole {
  readonly roleName: string;
  readonly roleId: string;
  readonly secretId: string;
  readonly tokenTtlSeconds?: number | undefined;
  readonly tokenMaxTtlSeconds?: number | undefined;
  readonly policies?: readonly string[] | undefined;
}

/** A database role issuing leased credentials. */
export interface VaultDatabaseRole {
  readonly ttlSeconds: number;
  readonly maxTtlSeconds?: number | undefined;
}

/** A lease on dynamic credentials. */
export interface VaultLease {
  readonly leaseId: string;
  readonly issuedAt: number;
  readonly maxExpiresAt: number | null;
  readonly defaultTtlSeconds: number;
  expiresAt: number;
  lastRenewal: number | null;
  revoked: boolean;
  renewals: number;
}

/** One version of a KV v2 secret. */
export interface KvVersion {
  readonly data: Readonly<Record<string, unknown>>;
  readonly createdTime: string;
  deletionTime: string;
  destroyed: boolean;
}

/** A KV v2 secret with its versions and metadata. */
export interface KvSecret {
  readonly versions: Map<number, KvVersion>;
  currentVersion: number;
  oldestVersion: number;
  readonly createdTime: string;
  updatedTime: string;
}

const BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Random base62 text, as Vault's token ids are. */
export function randomBase62(length: number): string {
  const bytes = randomBytes(length);
  return [...bytes].map((byte) => BASE62[byte % BASE62.length]).join("");
}

/** Tokens, AppRole, KV v2 secrets (one mount) and leases. */
export class VaultApiState {
  readonly tokens = new Map<string, VaultToken>();
  readonly appRoles = new Map<string, VaultAppRole>();
  readonly databaseRoles = new Map<string, VaultDatabaseRole>();
  readonly leases = new Map<string, VaultLease>();
  readonly kv = new Map<string, KvSecret>();
  readonly maxVersions: number;

  constructor(
    private readonly now: () => number,
    maxVersions = 10,
  ) {
    this.maxVersions = maxVersions;
  }

  #iso(): string {
    return new Date(this.now()).toISOString();
  }

  // ---- tokens

  createToken(options: VaultTokenOptions & { path?: string; displayName?: string; meta?: Record<string, string> | null } = {}): VaultToken {
    const ttl = options.ttlSeconds ?? 0;
    const token: VaultToken = {
      id: options.id ?? `hvs.${randomBase62(24)}`,
      accessor: randomBase62(24),
      policies: [...(options.policies ?? ["default"])],
      path: options.path ?? "auth/token/create",
      displayName: options.displayName ?? "token",
      meta: options.meta ?? null,
      renewable: options.renewable ?? ttl > 0,
      creationTtl: ttl,
      explicitMaxTtl: options.explicitMaxTtlSeconds ?? 0,
      issuedAt: this.now(),
      expiresAt: ttl > 0 ? this.now() + ttl * 1000 : null,
      revoked: false,
    };
    this.tokens.set(token.id, token);
    return token;
  }

  /** The token if it exists, is not revoked and has not expired; else a 403 "permission denied". */
  authenticate(id: string | undefined): VaultToken {
    const token = id === undefined ? undefined : this.tokens.get(id);
    if (token === undefined || token.revoked || (token.expiresAt !== null && this.now() >= token.expiresAt)) {
      throw new VaultApiFailure(403, ["permission denied"]);
    }
    return token;
  }

  ttlOf(token: VaultToken): number {
    return token.expiresAt === null ? 0 : Math.max(0, Math.floor((token.expiresAt - this.now()) / 1000));
  }

  /** renew-self: extends by `increment` (default the creation TTL), capped by the explicit max TTL. */
  renewToken(token: VaultToken, increment: number | undefined): void {
    if (!token.renewable || token.expiresAt === null) throw new VaultApiFailure(400, ["lease is not renewable"]);
    let expiresAt = this.now() + (increment ?? token.creationTtl) * 1000;
    if (token.explicitMaxTtl > 0) expiresAt = Math.min(expiresAt, token.issuedAt + token.explicitMaxTtl * 1000);
    token.expiresAt = expiresAt;
  }

  appRoleLogin(roleId: unknown, secretId: unknown): VaultToken {
    const role = [...this.appRoles.values()].find((candidate) => candidate.roleId === roleId);
    if (role === undefined || role.secretId !== secretId) throw new VaultApiFailure(400, ["invalid role or secret ID"]);
    return this.createToken({
      ttlSeconds: role.tokenTtlSeconds ?? 3600,
      explicitMaxTtlSeconds: role.tokenMaxTtlSeconds,
      renewable: true,
      policies: role.policies ?? ["default"],
      path: "auth/approle/login",
      displayName: "approle",
      meta: { role_name: role.roleName },
    });
  }

  // ---- dynamic credentials and leases

  issueDatabaseCredentials(mount: string, roleName: string): { lease: VaultLease; username: string; password: string } {
    const role = this.databaseRoles.get(roleName);
    if (role === undefined) throw new VaultApiFailure(400, [`unknown role: ${roleName}`]);
    const now = this.now();
    const lease: VaultLease = {
      leaseId: `${mount}/creds/${roleName}/${randomBase62(24)}`,
      issuedAt: now,
      maxExpiresAt: role.maxTtlSeconds === undefined ? null : now + role.maxTtlSeconds * 1000,
      defaultTtlSeconds: role.ttlSeconds,
      expiresAt: now + role.ttlSeconds * 1000,
      lastRenewal: null,
      revoked: false,
      renewals: 0,
    };
    this.leases.set(lease.leaseId, lease);
    return { lease, username: `v-token-${roleName}-${randomBase62(20)}-${Math.floor(now / 1000)}`, password: randomBase62(20) };
  }

  liveLease(leaseId: unknown): VaultLease {
    const lease = typeof leaseId === "string" ? this.leases.get(leaseId) : undefined;
    if (lease === undefined || lease.revoked || this.now() >= lease.expiresAt) throw new VaultApiFailure(400, ["lease not found"]);
    return lease;
  }

  renewLease(leaseId: unknown, increment: number | undefined): VaultLease {
    const lease = this.liveLease(leaseId);
    let expiresAt = this.now() + (increment ?? lease.defaultTtlSeconds) * 1000;
    if (lease.maxExpiresAt !== null) expiresAt = Math.min(expiresAt, lease.maxExpiresAt);
    lease.expiresAt = expiresAt;
    lease.lastRenewal = this.now();
    lease.renewals++;
    return lease;
  }

  leaseTtl(lease: VaultLease): number {
    return Math.max(0, Math.floor((lease.expiresAt - this.now()) / 1000));
  }

  // ---- KV v2

  kvWrite(path: string, data: Record<string, unknown>, cas: number | undefined): { version: number; createdTime: string } {
    const existing = this.kv.get(path);
    if (cas !== undefined && cas !== (existing?.currentVersion ?? 0)) {
      throw new VaultApiFailure(400, ["check-and-set parameter did not match the current version"]);
    }
    const createdTime = this.#iso();
    const secret: KvSecret = existing ?? { versions: new Map(), currentVersion: 0, oldestVersion: 0, createdTime, updatedTime: createdTime };
    const version = secret.currentVersion + 1;
    secret.versions.set(version, { data: { ...data }, createdTime, deletionTime: "", destroyed: false });
    secret.currentVersion = version;
    secret.updatedTime = createdTime;
    if (secret.oldestVersion === 0) secret.oldestVersion = 1;
    while (secret.versions.size > this.maxVersions) {
      secret.versions.delete(secret.oldestVersion);
      secret.oldestVersion++;
    }
    this.kv.set(path, secret);
    return { version, createdTime };
  }

  /** Marks versions deleted (the latest when `versions` is undefined). */
  kvSoftDelete(path: string, versions: readonly number[] | undefined): void {
    const secret = this.kv.get(path);
    if (secret === undefined) return;
    const deletionTime = this.#iso();
    for (const number of versions ?? [secret.currentVersion]) {
      const version = secret.versions.get(number);
      if (version !== undefined && version.deletionTime === "" && !version.destroyed) version.deletionTime = deletionTime;
    }
    secret.updatedTime = deletionTime;
  }

  kvUndelete(path: string, versions: readonly number[]): void {
    const secret = this.kv.get(path);
    for (const number of versions) {
      const version = secret?.versions.get(number);
      if (version !== undefined && !version.destroyed) version.deletionTime = "";
    }
  }

  kvDestroy(path: string, versions: readonly number[]): void {
    const secret = this.kv.get(path);
    for (const number of versions) {
      const version = secret?.versions.get(number);
      if (version !== undefined) version.destroyed = true;
    }
  }

  /** Names directly under `prefix` (folders end with `/`), sorted; an empty list when nothing is there. */
  kvList(prefix: string): string[] {
    const folder = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
    const out = new Set<string>();
    for (const path of this.kv.keys()) {
      if (!path.startsWith(folder)) continue;
      const rest = path.slice(folder.length);
      const slash = rest.indexOf("/");
      out.add(slash === -1 ? rest : rest.slice(0, slash + 1));
    }
    return [...out].sort();
  }

  newRequestId(): string {
    return randomUUID();
  }
}
