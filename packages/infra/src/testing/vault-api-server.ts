// An in-process HTTP server that follows Vault's documented HTTP API (developer.hashicorp.com/vault/api-docs):
// KV v2 (data, delete, undelete, destroy, metadata, list), token lookup/renew with TTLs on an injectable clock,
// AppRole login, leased database credentials with renew/revoke, and sys/health. OpenBao serves the same API.
// Node's HTTP parser does not accept the LIST verb, so lists use Vault's equivalent `GET ...?list=true`.
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiTestServer, bearerToken, headerValue, parseGoDuration, sendJson, type ApiTestServerOptions, type ApiTestServerRequest } from "./api-test-server.js";
import { VaultApiFailure, VaultApiState, type VaultAppRole, type VaultDatabaseRole, type VaultToken, type VaultTokenOptions, type KvSecret } from "./vault-api-state.js";

/** Options of {@link VaultApiServer}. */
export interface VaultApiServerOptions extends ApiTestServerOptions {
  /** The root token (never expires, not renewable); default a random `hvs.` token. */
  readonly rootToken?: string | undefined;
  /** Mount of the KV v2 engine; default `secret`. */
  readonly kvMount?: string | undefined;
  /** Mount of the database engine; default `database`. */
  readonly databaseMount?: string | undefined;
  /** Mount of the AppRole auth method; default `approle`. */
  readonly appRoleMount?: string | undefined;
  /** Versions kept per KV secret; default 10. */
  readonly maxVersions?: number | undefined;
}

const EMPTY: Record<string, never> = {};

/**
 * Vault HTTP API test double. Start with {@link listen}; create tokens with {@link createToken}, AppRole roles with
 * {@link addAppRole}, database roles with {@link addDatabaseRole}; faults as on every API test server.
 */
export class VaultApiServer extends ApiTestServer {
  readonly state: VaultApiState;
  readonly rootToken: string;
  readonly #kvMount: string;
  readonly #databaseMount: string;
  readonly #appRoleMount: string;

  constructor(options: VaultApiServerOptions = {}) {
    super(options);
    this.state = new VaultApiState(this.now, options.maxVersions);
    this.rootToken = this.state.createToken({ id: options.rootToken, ttlSeconds: 0, renewable: false, policies: ["root"], path: "auth/token/root", displayName: "root" }).id;
    this.#kvMount = options.kvMount ?? "secret";
    this.#databaseMount = options.databaseMount ?? "database";
    this.#appRoleMount = options.appRoleMount ?? "approle";
  }

  /** Creates a token (default: TTL 0 = never expires, renewable when it has a TTL, policy `default`). */
  createToken(options: VaultTokenOptions = {}): string {
    return this.state.createToken(options).id;
  }

  /** Revokes a token: later requests with it get 403. */
  revokeToken(token: string): void {
    const known = this.state.tokens.get(token);
    if (known !== undefined) known.revoked = true;
  }

  /** Adds an AppRole role (login with its role_id and secret_id). */
  addAppRole(role: VaultAppRole): this {
    this.state.appRoles.set(role.roleName, role);
    return this;
  }

  /** Adds a database role whose credentials lease for `ttlSeconds`. */
  addDatabaseRole(name: string, role: VaultDatabaseRole): this {
    this.state.databaseRoles.set(name, role);
    return this;
  }

  protected defaultFailureIsJson(): boolean {
    return true;
  }

  protected hasToken(req: IncomingMessage): boolean {
    return this.#tokenOf(req) !== undefined;
  }

  protected onClose(): void {}

  #tokenOf(req: IncomingMessage): string | undefined {
    return headerValue(req, "x-vault-token") ?? bearerToken(req);
  }

  #response(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
    return { request_id: this.state.newRequestId(), lease_id: "", renewable: false, lease_duration: 0, data: null, wrap_info: null, warnings: null, auth: null, mount_type: "", ...fields };
  }

  protected handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer, _record: ApiTestServerRequest): Promise<void> {
    this.#route(req, res, url, body);
    return Promise.resolve();
  }

  #route(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): void {
    const method = req.method ?? "GET";
    const path = url.pathname.replace(/^\/v1\//, "");
    const write = method === "POST" || method === "PUT";
    try {
      if (!url.pathname.startsWith("/v1/")) throw new VaultApiFailure(404, []);
      if (path === "sys/health" && (method === "GET" || method === "HEAD")) return this.#health(res);
      if (path === `auth/${this.#appRoleMount}/login` && write) {
        const input = parseObject(body);
        return sendJson(res, 200, this.#response({ auth: this.#authJson(this.state.appRoleLogin(input.role_id, input.secret_id)) }));
      }
      const token = this.state.authenticate(this.#tokenOf(req));
      if (path.startsWith(`${this.#kvMount}/`)) return this.#kv(res, url, method, body, path.slice(this.#kvMount.length + 1));
      if (path.startsWith(`${this.#databaseMount}/creds/`) && method === "GET") return this.#dynamic(res, path.slice(`${this.#databaseMount}/creds/`.length));
      if (path.startsWith("auth/token/")) return this.#token(res, method, body, token, path.slice("auth/token/".length));
      if (path.startsWith("sys/leases/") && write) return this.#lease(res, body, path.slice("sys/leases/".length));
      throw new VaultApiFailure(404, [`no handler for route "${path}". route entry not found.`]);
    } catch (error) {
      if (error instanceof VaultApiFailure) return sendJson(res, error.status, { errors: error.errors });
      throw error;
    }
  }

  #health(res: ServerResponse): void {
    sendJson(res, 200, {
      initialized: true,
      sealed: false,
      standby: false,
      performance_standby: false,
      replication_performance_mode: "disabled",
      replication_dr_mode: "disabled",
      server_time_utc: Math.floor(this.now() / 1000),
      version: "1.17.0+onex-test",
      cluster_name: "vault-cluster-onex-test",
      cluster_id: "00000000-0000-0000-0000-000000000002",
    });
  }

  #authJson(token: VaultToken): Record<string, unknown> {
    return {
      client_token: token.id,
      accessor: token.accessor,
      policies: token.policies,
      token_policies: token.policies,
      metadata: token.meta,
      lease_duration: this.state.ttlOf(token),
      renewable: token.renewable,
      entity_id: "",
      token_type: "service",
      orphan: true,
      mfa_requirement: null,
      num_uses: 0,
    };
  }

  #token(res: ServerResponse, method: string, body: Buffer, token: VaultToken, action: string): void {
    if (action === "lookup-self" && method === "GET") {
      const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
      return sendJson(res, 200, this.#response({
        data: {
          accessor: token.accessor,
          creation_time: Math.floor(token.issuedAt / 1000),
          creation_ttl: token.creationTtl,
          display_name: token.displayName,
          entity_id: "",
          expire_time: iso(token.expiresAt),
          explicit_max_ttl: token.explicitMaxTtl,
          id: token.id,
          issue_time: iso(token.issuedAt),
          meta: token.meta,
          num_uses: 0,
          orphan: true,
          path: token.path,
          policies: token.policies,
          renewable: token.renewable,
          ttl: this.state.ttlOf(token),
          type: "service",
        },
      }));
    }
    if (action === "renew-self" && (method === "POST" || method === "PUT")) {
      this.state.renewToken(token, seconds(parseObject(body).increment));
      return sendJson(res, 200, this.#response({ auth: this.#authJson(token) }));
    }
    if (action === "revoke-self" && (method === "POST" || method === "PUT")) {
      token.revoked = true;
      res.writeHead(204).end();
      return;
    }
    if (action === "create" && (method === "POST" || method === "PUT")) {
      const input = parseObject(body);
      const created = this.state.createToken({
        ttlSeconds: seconds(input.ttl) ?? 2_764_800,
        renewable: typeof input.renewable === "boolean" ? input.renewable : true,
        policies: Array.isArray(input.policies) ? input.policies.filter((p): p is string => typeof p === "string") : token.policies,
        explicitMaxTtlSeconds: seconds(input.explicit_max_ttl),
      });
      return sendJson(res, 200, this.#response({ auth: this.#authJson(created) }));
    }
    throw new VaultApiFailure(405, []);
  }

  #dynamic(res: ServerResponse, role: string): void {
    const { lease, username, password } = this.state.issueDatabaseCredentials(this.#databaseMount, role);
    sendJson(res, 200, this.#response({ lease_id: lease.leaseId, lease_duration: this.state.leaseTtl(lease), renewable: true, data: { username, password }, mount_type: "database" }));
  }

  #lease(res: ServerResponse, body: Buffer, action: string): void {
    const input = parseObject(body);
    if (action === "renew") {
      const lease = this.state.renewLease(input.lease_id, seconds(input.increment));
      return sendJson(res, 200, this.#response({ lease_id: lease.leaseId, renewable: true, lease_duration: this.state.leaseTtl(lease) }));
    }
    if (action === "revoke") {
      const lease = typeof input.lease_id === "string" ? this.state.leases.get(input.lease_id) : undefined;
      if (lease !== undefined) lease.revoked = true;
      res.writeHead(204).end();
      return;
    }
    if (action === "lookup") {
      const lease = this.state.liveLease(input.lease_id);
      const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
      return sendJson(res, 200, this.#response({
        data: { id: lease.leaseId, issue_time: iso(lease.issuedAt), expire_time: iso(lease.expiresAt), last_renewal: iso(lease.lastRenewal), renewable: true, ttl: this.state.leaseTtl(lease) },
      }));
    }
    throw new VaultApiFailure(404, [`no handler for route "sys/leases/${action}". route entry not found.`]);
  }

  // ---- KV v2

  #kv(res: ServerResponse, url: URL, method: string, body: Buffer, rest: string): void {
    const slash = rest.indexOf("/");
    const area = slash === -1 ? rest : rest.slice(0, slash);
    const path = slash === -1 ? "" : decodeURIComponent(rest.slice(slash + 1));
    const write = method === "POST" || method === "PUT";
    const noContent = (): void => void res.writeHead(204).end();
    if (area === "data" && method === "GET") return this.#kvRead(res, path, url.searchParams.get("version"));
    if (area === "data" && write) {
      const input = parseObject(body);
      if (typeof input.data !== "object" || input.data === null || Array.isArray(input.data)) throw new VaultApiFailure(400, ["no data provided"]);
      const options = typeof input.options === "object" && input.options !== null ? (input.options as Record<string, unknown>) : EMPTY;
      const cas = options.cas === undefined ? undefined : Number(options.cas);
      if (cas !== undefined && !Number.isInteger(cas)) throw new VaultApiFailure(400, ["invalid cas parameter"]);
      const written = this.state.kvWrite(path, input.data as Record<string, unknown>, cas);
      return sendJson(res, 200, this.#response({ data: { created_time: written.createdTime, custom_metadata: null, deletion_time: "", destroyed: false, version: written.version }, mount_type: "kv" }));
    }
    if (area === "data" && method === "DELETE") {
      this.state.kvSoftDelete(path, undefined);
      return noContent();
    }
    if ((area === "delete" || area === "undelete" || area === "destroy") && write) {
      const versions = parseObject(body).versions;
      const list = Array.isArray(versions) ? versions.map(Number).filter(Number.isInteger) : [];
      if (list.length === 0) throw new VaultApiFailure(400, ["no version number provided"]);
      if (area === "delete") this.state.kvSoftDelete(path, list);
      else if (area === "undelete") this.state.kvUndelete(path, list);
      else this.state.kvDestroy(path, list);
      return noContent();
    }
    if (area === "metadata" && method === "GET") {
      const list = url.searchParams.get("list");
      if (list === "true" || list === "1") {
        const keys = this.state.kvList(path);
        if (keys.length === 0) throw new VaultApiFailure(404, []);
        return sendJson(res, 200, this.#response({ data: { keys }, mount_type: "kv" }));
      }
      const secret = this.state.kv.get(path);
      if (secret === undefined) throw new VaultApiFailure(404, []);
      return sendJson(res, 200, this.#response({ data: metadataJson(secret), mount_type: "kv" }));
    }
    if (area === "metadata" && method === "DELETE") {
      this.state.kv.delete(path);
      return noContent();
    }
    throw new VaultApiFailure(405, []);
  }

  #kvRead(res: ServerResponse, path: string, versionParam: string | null): void {
    const secret = this.state.kv.get(path);
    const requested = versionParam === null || versionParam === "" ? 0 : Number(versionParam);
    const number = requested === 0 ? (secret?.currentVersion ?? 0) : requested;
    const version = secret?.versions.get(number);
    if (secret === undefined || version === undefined) throw new VaultApiFailure(404, []);
    const metadata = { created_time: version.createdTime, custom_metadata: null, deletion_time: version.deletionTime, destroyed: version.destroyed, version: number };
    // A deleted or destroyed version answers 404 with its metadata and null data, as Vault does.
    const gone = version.destroyed || version.deletionTime !== "";
    sendJson(res, gone ? 404 : 200, this.#response({ data: { data: gone ? null : version.data, metadata }, mount_type: "kv" }));
  }
}

function metadataJson(secret: KvSecret): Record<string, unknown> {
  const versions: Record<string, unknown> = {};
  for (const [number, version] of secret.versions) {
    versions[String(number)] = { created_time: version.createdTime, deletion_time: version.deletionTime, destroyed: version.destroyed };
  }
  return {
    cas_required: false,
    created_time: secret.createdTime,
    current_version: secret.currentVersion,
    custom_metadata: null,
    delete_version_after: "0s",
    max_versions: 0,
    oldest_version: secret.oldestVersion,
    updated_time: secret.updatedTime,
    versions,
  };
}

/** Vault accepts durations as integer seconds or Go duration strings. */
function seconds(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value !== "string" || value === "") return undefined;
  const ms = parseGoDuration(value);
  return ms === undefined ? undefined : Math.floor(ms / 1000);
}

function parseObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    throw new VaultApiFailure(400, ["error parsing JSON"]);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new VaultApiFailure(400, ["error parsing JSON"]);
  return value as Record<string, unknown>;
}
