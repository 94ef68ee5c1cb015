import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import {
  CORRELATION_ID_HEADER,
  InfraTimeoutError,
  correlationHeaders,
  correlationIdFromHeaders,
  currentCorrelationId,
  ensureCorrelationId,
  isValidCorrelationId,
  runWithCorrelation,
} from "../src/index.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ID = "3f0e9d8c-7b6a-4594-8382-716a5b4c3d2e";

describe("correlation scope", () => {
  it("is absent outside any scope", () => {
    expect(currentCorrelationId()).toBeUndefined();
  });

  it("propagates the given id through setTimeout, awaits and Promise.all", async () => {
    const seen = await runWithCorrelation(ID, async () => {
      const viaTimer = await new Promise<string | undefined>((resolve) => setTimeout(() => resolve(currentCorrelationId()), 1));
      await sleep(1);
      const afterAwait = currentCorrelationId();
      const parallel = await Promise.all(
        [1, 2, 3].map(async (n) => {
          await sleep(n);
          return currentCorrelationId();
        }),
      );
      const queued = await new Promise<string | undefined>((resolve) => queueMicrotask(() => resolve(currentCorrelationId())));
      return [viaTimer, afterAwait, ...parallel, queued];
    });
    expect(seen).toEqual([ID, ID, ID, ID, ID, ID]);
    expect(currentCorrelationId()).toBeUndefined();
  });

  it("keeps concurrent scopes apart", async () => {
    const ids = ["a-1", "b-2", "c-3"];
    const seen = await Promise.all(
      ids.map((id, index) =>
        runWithCorrelation(id, async () => {
          await sleep(5 - index);
          return currentCorrelationId();
        }),
      ),
    );
    expect(seen).toEqual(ids);
  });

  it("nested scopes shadow and restore the outer id", () => {
    runWithCorrelation("outer", () => {
      runWithCorrelation("inner", () => expect(currentCorrelationId()).toBe("inner"));
      expect(currentCorrelationId()).toBe("outer");
    });
  });

  it("creates a new UUIDv4 when no id (or an unusable one) is given", () => {
    const generated = runWithCorrelation(undefined, () => currentCorrelationId());
    expect(generated).toMatch(UUID_V4);
    expect(runWithCorrelation("has spaces in it", () => currentCorrelationId())).toMatch(UUID_V4);
  });

  it("errors created inside the scope carry its id", async () => {
    const error = await runWithCorrelation(ID, async () => {
      await sleep(1);
      return new InfraTimeoutError("slow");
    });
    expect(error.correlationId).toBe(ID);
    expect(error.toJSON().context.correlationId).toBe(ID);
  });
});

describe("ensureCorrelationId", () => {
  it("keeps UUIDs and short safe ids, decodes Buffers, trims", () => {
    expect(ensureCorrelationId(ID)).toBe(ID);
    expect(ensureCorrelationId(ID.toUpperCase())).toBe(ID.toUpperCase());
    expect(ensureCorrelationId("req-42.abc:1")).toBe("req-42.abc:1");
    expect(ensureCorrelationId(Buffer.from(ID))).toBe(ID);
    expect(ensureCorrelationId(`  ${ID} `)).toBe(ID);
  });

  it.each([undefined, null, "", "   ", 42, {}, "line\nbreak", "x".repeat(200), "<script>", "-leading-dash"])("replaces %j with a new UUIDv4", (candidate) => {
    expect(ensureCorrelationId(candidate)).toMatch(UUID_V4);
  });

  it("isValidCorrelationId agrees", () => {
    expect(isValidCorrelationId(ID)).toBe(true);
    expect(isValidCorrelationId("a b")).toBe(false);
  });
});

describe("headers", () => {
  it("correlationHeaders uses the explicit id, else the scope, else a new one", () => {
    expect(correlationHeaders(ID)).toEqual({ [CORRELATION_ID_HEADER]: ID });
    expect(runWithCorrelation("scoped-1", () => correlationHeaders())).toEqual({ "x-correlation-id": "scoped-1" });
    expect(correlationHeaders()[CORRELATION_ID_HEADER]).toMatch(UUID_V4);
  });

  it("correlationIdFromHeaders reads any case, Buffers and arrays, else generates", () => {
    expect(correlationIdFromHeaders({ "X-Correlation-ID": ID })).toBe(ID);
    expect(correlationIdFromHeaders({ "x-correlation-id": Buffer.from(ID) })).toBe(ID);
    expect(correlationIdFromHeaders({ "x-correlation-id": [ID, "other"] })).toBe(ID);
    expect(correlationIdFromHeaders({})).toMatch(UUID_V4);
    expect(correlationIdFromHeaders(undefined)).toMatch(UUID_V4);
  });
});
