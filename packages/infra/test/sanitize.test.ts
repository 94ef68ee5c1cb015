import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  InfraAuthenticationError,
  InfraConnectionError,
  isSensitiveKey,
  sanitizeError,
  sanitizeFields,
  sanitizeString,
  sanitizeValue,
} from "../src/index.js";

// Every planted secret contains one of these markers, so a single scan proves none survived.
const SECRETS = [
  "s3cr3tPW",
  "TOKENabc123",
  "APIKEY987",
  "hvs.CAESIJlV7ZrRtXfGcH8kQy0abcdefghij",
  "s.AbCdEfGhIjKlMnOpQrStUvWx",
  "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl",
  "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
  "dXNlcjpwYXNzd29yZA==",
  "alice.smith",
  "COOKIEv4l",
  "SESSIONz9",
  "CLIENTs3c",
  "ROLEid77",
  "SECRETid88",
  "NESTEDpw1",
  "AKIAABCDEFGHIJKLMNOP",
];

function leaked(text: string): string[] {
  return SECRETS.filter((secret) => text.includes(secret));
}

describe("sanitizeString", () => {
  const rows: [string, string, string][] = [
    ["URL credentials", "connect postgres://admin:s3cr3tPW@db.example.com:5432/orders failed", "connect postgres://***@db.example.com:5432/orders failed"],
    ["URL user only", "redis://default@cache.internal:6379", "redis://***@cache.internal:6379"],
    ["password containing @", "amqp://u:p@ss@broker:5672", "amqp://***@broker:5672"],
    ["libpq key=value DSN", "host=db.example.com port=5432 user=app password=s3cr3tPW dbname=orders", "host=db.example.com port=5432 user=app password=*** dbname=orders"],
    ["quoted libpq password", "host=db password='s3cr3t PW' dbname=x", "host=db password='***' dbname=x"],
    ["ADO-style pwd", "Server=db;Pwd=s3cr3tPW;Database=x", "Server=db;Pwd=***;Database=x"],
    ["query token", "GET https://api.example.com/v1?token=TOKENabc123&page=2", "GET https://api.example.com/v1?token=***&page=2"],
    ["query password and api_key", "https://h/x?user=a&password=s3cr3tPW&api_key=APIKEY987", "https://h/x?user=a&password=***&api_key=***"],
    ["access_token", "callback?access_token=TOKENabc123", "callback?access_token=***"],
    ["query key=", "https://maps.example.com/api?key=APIKEY987&q=x", "https://maps.example.com/api?key=***&q=x"],
    ["env-style", "DB_PASSWORD=s3cr3tPW PGPORT=5432", "DB_PASSWORD=*** PGPORT=5432"],
    ["JSON password", '{"user":"app","password":"s3cr3tPW"}', '{"user":"app","password":"***"}'],
    ["Vault header", "X-Vault-Token: hvs.CAESIJlV7ZrRtXfGcH8kQy0abcdefghij", "X-Vault-Token: ***"],
    ["Authorization header", "Authorization: Bearer TOKENabc123", "Authorization: Bearer ***"],
    ["bare bearer", "sent Bearer TOKENabc123 to upstream", "sent Bearer *** to upstream"],
    ["basic credentials", "Basic dXNlcjpwYXNzd29yZA== rejected", "Basic *** rejected"],
    ["Basic as prose is kept", "Basic authentication failed", "Basic authentication failed"],
    ["JWT", "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl expired", "token *** expired"],
    ["Vault hvs token", "lookup of hvs.CAESIJlV7ZrRtXfGcH8kQy0abcdefghij failed", "lookup of *** failed"],
    ["legacy Vault token", "renew s.AbCdEfGhIjKlMnOpQrStUvWx", "renew ***"],
    ["AWS key id", "key AKIAABCDEFGHIJKLMNOP", "key ***"],
    ["cookie header", "Cookie: session=SESSIONz9; theme=dark", "Cookie: ***"],
    ["email", "user alice.smith@example.com not found", "user a***@example.com not found"],
    ["SSN", "ssn 123-45-6789", "ssn ***-**-****"],
  ];

  it.each(rows)("%s", (_label, input, expected) => {
    expect(sanitizeString(input)).toBe(expected);
  });

  it("removes PEM private key blocks", () => {
    const pem = "key:\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nabc\n-----END PRIVATE KEY-----\nafter";
    const out = sanitizeString(pem);
    expect(out).toBe("key:\n-----BEGIN PRIVATE KEY-----***-----END PRIVATE KEY-----\nafter");
    expect(sanitizeString("-----BEGIN RSA PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC truncated")).not.toContain("MIIE");
  });

  it("keeps service names, hosts, ports, operations, correlation ids and codes", () => {
    const safe =
      "InfraConnectionError: execute_query on postgresql-primary (db.example.com:5432) failed after 3 retries, " +
      "correlation_id=550e8400-e29b-41d4-a716-446655440000 code=DATABASE_CONNECTION_ERROR timeout=5s topic=dev.onex.evt.registry.node-registered.v1";
    expect(sanitizeString(safe)).toBe(safe);
    expect(sanitizeString("http://db.example.com:8500/v1/kv/app")).toBe("http://db.example.com:8500/v1/kv/app");
  });

  it("is idempotent", () => {
    for (const [, input] of rows) {
      const once = sanitizeString(input);
      expect(sanitizeString(once)).toBe(once);
    }
  });
});

describe("isSensitiveKey", () => {
  it.each([
    "password",
    "PASSWORD",
    "dbPassword",
    "db_password",
    "passwd",
    "pwd",
    "secret",
    "clientSecret",
    "client_secret",
    "token",
    "accessToken",
    "refresh-token",
    "X-Vault-Token",
    "api_key",
    "apiKey",
    "x-api-key",
    "Authorization",
    "auth",
    "privateKey",
    "private_key",
    "credentials",
    "cookie",
    "Set-Cookie",
    "session",
    "sessionId",
    "secret_id",
    "role_id",
  ])("%s is sensitive", (key) => {
    expect(isSensitiveKey(key)).toBe(true);
  });

  it.each(["host", "port", "operation", "serviceName", "targetName", "correlationId", "retryCount", "timeoutSeconds", "key", "topic", "authMethod", "maxTokens"])(
    "%s is not sensitive",
    (key) => {
      expect(isSensitiveKey(key)).toBe(false);
    },
  );
});

describe("sanitizeValue", () => {
  it("masks secret keys at any depth, URL-sanitises strings, keeps safe fields", () => {
    const value = {
      service: "vault",
      host: "vault.internal",
      port: 8200,
      correlationId: "550e8400-e29b-41d4-a716-446655440000",
      auth: { role_id: "ROLEid77", secret_id: "SECRETid88" },
      headers: { "X-Vault-Token": "hvs.CAESIJlV7ZrRtXfGcH8kQy0abcdefghij", Accept: "application/json", Cookie: "COOKIEv4l" },
      dsn: "postgres://app:s3cr3tPW@db:5432/x",
      connectionString: "host=db password=s3cr3tPW",
      nested: [{ deep: { deeper: { clientSecret: "CLIENTs3c", note: "password=NESTEDpw1" } } }],
      session: "SESSIONz9",
      when: new Date("2024-01-02T03:04:05.000Z"),
      empty: null,
      password: null,
    };
    const out = sanitizeValue(value) as Record<string, unknown>;
    expect(leaked(JSON.stringify(out))).toEqual([]);
    expect(out).toMatchObject({
      service: "vault",
      host: "vault.internal",
      port: 8200,
      correlationId: "550e8400-e29b-41d4-a716-446655440000",
      auth: "***",
      headers: { "X-Vault-Token": "***", Accept: "application/json", Cookie: "***" },
      dsn: "postgres://***@db:5432/x",
      connectionString: "host=db password=***",
      session: "***",
      when: "2024-01-02T03:04:05.000Z",
      empty: null,
      password: null,
    });
  });

  it("is safe with cycles and bounds depth and array length", () => {
    const cyclic: Record<string, unknown> = { name: "a" };
    cyclic.self = cyclic;
    expect(sanitizeValue(cyclic)).toEqual({ name: "a", self: "[Circular]" });
    const deep = { a: { b: { c: { d: 1 } } } };
    expect(sanitizeValue(deep, 2)).toEqual({ a: { b: "[Truncated]" } });
    const long = sanitizeValue(Array.from({ length: 150 }, (_, i) => i)) as unknown[];
    expect(long).toHaveLength(101);
    expect(long[100]).toBe("[50 more]");
  });

  it("turns Maps, Sets, Buffers, bigints and functions into JSON-safe values", () => {
    const out = sanitizeValue({
      map: new Map([["token", "TOKENabc123"], ["region", "eu"]]),
      set: new Set(["a"]),
      buf: Buffer.from("s3cr3tPW"),
      big: 10n,
      fn: function named() {},
    });
    expect(out).toEqual({ map: { token: "***", region: "eu" }, set: ["a"], buf: "[Binary 8 bytes]", big: "10", fn: "[Function named]" });
  });

  it("sanitizeFields drops undefined values", () => {
    expect(sanitizeFields({ a: undefined, b: 1, apiKey: "APIKEY987" })).toEqual({ b: 1, apiKey: "***" });
  });
});

describe("sanitizeError", () => {
  it("sanitises message, stack, own fields, a 3-level cause chain and AggregateError members", () => {
    const level3 = Object.assign(new Error("auth failed for alice.smith@example.com with password=NESTEDpw1"), { token: "TOKENabc123" });
    const level2 = new Error("vault login with hvs.CAESIJlV7ZrRtXfGcH8kQy0abcdefghij", { cause: level3 });
    const level1 = new AggregateError([new Error("redis://:s3cr3tPW@cache:6379 refused")], "all failed: Bearer TOKENabc123", { cause: level2 });
    const out = sanitizeError(level1);
    const text = JSON.stringify(out);
    expect(leaked(text)).toEqual([]);
    expect(out.message).toBe("all failed: Bearer ***");
    expect(text).toContain("cache:6379");
    expect(text).toContain("a***@example.com");
    expect((out.cause as { cause: { token: string } }).cause.token).toBe("***");
  });

  it("describes non-errors", () => {
    expect(sanitizeError("password=s3cr3tPW")).toMatchObject({ name: "NonError", message: "password=***" });
    expect(sanitizeError({ apiKey: "APIKEY987" })).toMatchObject({ name: "NonError", value: { apiKey: "***" } });
  });
});

describe("infrastructure errors cannot leak planted secrets", () => {
  function plantedError(): InfraConnectionError {
    const root = Object.assign(new Error("FATAL: password authentication failed, password=NESTEDpw1 for alice.smith@example.com"), {
      code: "28P01",
      connectionString: "postgres://app:s3cr3tPW@db:5432/x",
    });
    const middle = new InfraAuthenticationError("login with token=TOKENabc123 rejected", {
      cause: root,
      context: { transportType: "db", targetName: "postgres://app:s3cr3tPW@db:5432/x" },
      apiKey: "APIKEY987",
    });
    const top = new Error("pool error, Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl", { cause: middle });
    return new InfraConnectionError("Connection failed: postgres://admin:s3cr3tPW@db.example.com:5432/orders (X-Vault-Token: hvs.CAESIJlV7ZrRtXfGcH8kQy0abcdefghij)", {
      context: {
        transportType: "db",
        operation: "connect",
        targetName: "postgres://admin:s3cr3tPW@db.example.com:5432/orders",
        correlationId: "550e8400-e29b-41d4-a716-446655440000",
      },
      cause: top,
      host: "db.example.com",
      port: 5432,
      password: "s3cr3tPW",
      headers: { authorization: "Basic dXNlcjpwYXNzd29yZA==", cookie: "COOKIEv4l" },
      credentials: { role_id: "ROLEid77", secret_id: "SECRETid88" },
      hosts: ["postgres://u:s3cr3tPW@replica-1:5432", "postgres://u:s3cr3tPW@replica-2:5432"],
      privateKey: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----",
      session: "SESSIONz9",
      clientSecret: "CLIENTs3c",
      awsKey: "AKIAABCDEFGHIJKLMNOP",
    });
  }

  it("not in toJSON, String(), stack, message, context, util.inspect or sanitizeError", () => {
    const error = plantedError();
    const forms = {
      json: JSON.stringify(error.toJSON()),
      stringify: JSON.stringify(error),
      string: String(error),
      stack: error.stack ?? "",
      message: error.message,
      context: JSON.stringify(error.context),
      inspect: inspect(error, { depth: 10 }),
      sanitized: JSON.stringify(sanitizeError(error)),
    };
    for (const [form, text] of Object.entries(forms)) {
      expect({ form, leaked: leaked(text) }).toEqual({ form, leaked: [] });
    }
  });

  it("keeps the safe facts: service, host, port, operation, correlation id", () => {
    const json = JSON.stringify(plantedError().toJSON());
    for (const safe of ["db.example.com", "5432", "connect", "550e8400-e29b-41d4-a716-446655440000", "DATABASE_CONNECTION_ERROR", "replica-1"]) {
      expect(json).toContain(safe);
    }
    const error = plantedError();
    expect(error.targetName).toBe("postgres://***@db.example.com:5432/orders");
    expect(error.message.startsWith("Connection failed: postgres://***@db.example.com:5432/orders")).toBe(true);
  });

  it("the cause chain in JSON is three levels deep and sanitised", () => {
    const json = plantedError().toJSON();
    expect(json.cause?.message).toContain("Bearer ***");
    expect(json.cause?.cause?.name).toBe("InfraAuthenticationError");
    expect(json.cause?.cause?.message).toBe("login with token=*** rejected");
    expect(json.cause?.cause?.cause?.context).toMatchObject({ code: "28P01", connectionString: "postgres://***@db:5432/x" });
  });
});
