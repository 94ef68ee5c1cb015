import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeBackends, safeHostPort, selectBackends } from "../src/config/util-select-backends.js";

const embedded = { data_dir: "/srv/.onex-data", db_in_memory: false };

describe("backend selection", () => {
  it("chooses every embedded default when no service variable is set", () => {
    const backends = selectBackends({}, embedded);
    expect(backends).toEqual({
      bus: { kind: "inmemory" },
      database: { kind: "pglite", dataDir: path.resolve("/srv/.onex-data", "pglite") },
      discovery: { kind: "inprocess" },
      secrets: { kind: "env" },
      cache: { kind: "inprocess" },
    });
    expect(selectBackends({}, { ...embedded, db_in_memory: true }).database).toEqual({ kind: "pglite", dataDir: null });
  });

  it.each([
    ["KAFKA_BOOTSTRAP_SERVERS", "k1:9092, k2:9093", "bus", "kafka"],
    ["DATABASE_URL", "postgresql://u:p@db:5432/app", "database", "postgres"],
    ["POSTGRES_HOST", "db.internal", "database", "postgres"],
    ["POSTGRES_PASSWORD", "secret", "database", "postgres"],
    ["CONSUL_HTTP_ADDR", "127.0.0.1:8500", "discovery", "consul"],
    ["VAULT_ADDR", "http://vault:8200", "secrets", "vault"],
    ["VALKEY_URL", "redis://cache:6379", "cache", "valkey"],
  ] as const)("selects the real service when %s is set", (name, value, role, kind) => {
    const backends = selectBackends({ [name]: value }, embedded);
    expect(backends[role].kind).toBe(kind);
    const others = (["bus", "database", "discovery", "secrets", "cache"] as const).filter((r) => r !== role);
    for (const other of others) expect(["inmemory", "pglite", "inprocess", "env"]).toContain(backends[other].kind);
  });

  it("builds the PostgreSQL URL from POSTGRES_* parts, DATABASE_URL winning", () => {
    const parts = selectBackends({ POSTGRES_HOST: "db", POSTGRES_PORT: "6543", POSTGRES_DB: "app", POSTGRES_USER: "svc", POSTGRES_PASSWORD: "p@ss" }, embedded);
    expect(parts.database).toEqual({ kind: "postgres", connectionString: "postgresql://svc:p%40ss@db:6543/app", source: "POSTGRES_*" });
    const url = selectBackends({ DATABASE_URL: "postgresql://a@x/y", POSTGRES_HOST: "db" }, embedded);
    expect(url.database).toMatchObject({ source: "DATABASE_URL", connectionString: "postgresql://a@x/y" });
  });

  it("describes the chosen backends with host and port only, never credentials", () => {
    const described = describeBackends(
      selectBackends(
        {
          KAFKA_BOOTSTRAP_SERVERS: "k1:9092,k2",
          DATABASE_URL: "postgresql://admin:s3cr3t@db.example.com:5433/orders?sslmode=require&password=x",
          CONSUL_HTTP_ADDR: "https://consul.example.com",
          CONSUL_HTTP_TOKEN: "consul-token-value",
          VAULT_ADDR: "http://vault:8200",
          VAULT_TOKEN: "hvs.abcdefghijklmnopqrstuvwxyz",
          VALKEY_URL: "redis://:valkeypass@cache:6380/0",
        },
        embedded,
      ),
    );
    expect(described).toEqual({
      bus: "kafka (k1:9092, k2:9092)",
      database: "postgres (db.example.com:5433/orders, from DATABASE_URL)",
      discovery: "consul (consul.example.com:8500)",
      secrets: "vault (vault:8200)",
      cache: "valkey (cache:6380)",
    });
    const text = JSON.stringify(described);
    for (const secret of ["s3cr3t", "admin", "consul-token-value", "hvs.", "valkeypass", "sslmode"]) expect(text).not.toContain(secret);
    expect(describeBackends(selectBackends({}, embedded)).database).toContain("pglite");
  });

  it("keeps only host and port of an address", () => {
    expect(safeHostPort("user:pw@host:1234")).toBe("host:1234");
    expect(safeHostPort("https://h.example/path?token=x", 443)).toBe("h.example:443");
    expect(safeHostPort("::::")).toBe("(unparseable address)");
  });
});
