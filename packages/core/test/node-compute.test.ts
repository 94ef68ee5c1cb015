import { describe, expect, it } from "vitest";
import { ModelONEXContainer, ModelOnexError, NodeCompute, canonicalJson, fnv1a64, stableHash } from "../src/index.js";

function sumNode(calls: { count: number }, maxEntries = 8): NodeCompute {
  return new NodeCompute(new ModelONEXContainer(), undefined, {
    cache: { maxEntries },
    computations: {
      total: (data) => {
        calls.count += 1;
        const { a, b } = data as { a: number; b: number };
        return a + b;
      },
    },
  });
}

describe("NodeCompute", () => {
  it("runs a registered computation and reports the result", async () => {
    const out = await sumNode({ count: 0 }).process({ computation: "total", data: { a: 2, b: 3 }, correlation_id: "c-1" });
    expect(out).toMatchObject({ computation: "total", result: 5, cache_hit: false, correlation_id: "c-1" });
    expect(out.processing_time_ms).toBeGreaterThanOrEqual(0);
  });

  it("answers an equal input with different key order from the cache", async () => {
    const calls = { count: 0 };
    const node = sumNode(calls);
    await node.process({ computation: "total", data: { a: 1, b: 2 } });
    const second = await node.process({ computation: "total", data: { b: 2, a: 1 } });
    expect(second.cache_hit).toBe(true);
    expect(second.result).toBe(3);
    expect(calls.count).toBe(1);
    expect(node.cacheStats).toMatchObject({ hits: 1, misses: 1, size: 1 });
  });

  it("misses the cache on a different input and on a different computation", async () => {
    const calls = { count: 0 };
    const node = sumNode(calls).register("other", () => "x");
    await node.process({ computation: "total", data: { a: 1, b: 2 } });
    const different = await node.process({ computation: "total", data: { a: 1, b: 3 } });
    expect(different.cache_hit).toBe(false);
    expect(different.result).toBe(4);
    expect((await node.process({ computation: "other", data: { a: 1, b: 2 } })).cache_hit).toBe(false);
    expect(node.cacheStats).toMatchObject({ hits: 0, misses: 3 });
  });

  it("bypasses the cache when the input says cache: false", async () => {
    const calls = { count: 0 };
    const node = sumNode(calls);
    await node.process({ computation: "total", data: { a: 1, b: 1 } });
    const out = await node.process({ computation: "total", data: { a: 1, b: 1 }, cache: false });
    expect(out.cache_hit).toBe(false);
    expect(calls.count).toBe(2);
  });

  it("evicts the least recently used entry when the cache is full", async () => {
    const calls = { count: 0 };
    const node = sumNode(calls, 2);
    await node.process({ computation: "total", data: { a: 1, b: 0 } });
    await node.process({ computation: "total", data: { a: 2, b: 0 } });
    await node.process({ computation: "total", data: { a: 1, b: 0 } }); // refreshes a=1
    await node.process({ computation: "total", data: { a: 3, b: 0 } }); // evicts a=2
    expect((await node.process({ computation: "total", data: { a: 1, b: 0 } })).cache_hit).toBe(true);
    expect((await node.process({ computation: "total", data: { a: 2, b: 0 } })).cache_hit).toBe(false);
    expect(node.cacheStats.size).toBe(2);
  });

  it("names the unknown computation and the known ones", async () => {
    const node = sumNode({ count: 0 }).register("average", () => 0);
    const error = await node.process({ computation: "median", data: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelOnexError);
    const onex = error as ModelOnexError;
    expect(onex.errorCode).toBe("RESOURCE_NOT_FOUND");
    expect(onex.message).toContain('"median"');
    expect(onex.message).toContain("average, total");
    expect(onex.context).toMatchObject({ computation: "median", known: ["average", "total"] });
  });

  it("refuses to register a name twice", () => {
    expect(() => sumNode({ count: 0 }).register("total", () => 1)).toThrow(/already registered/);
  });

  it("reports a throwing computation as OPERATION_FAILED naming it, and does not cache the failure", async () => {
    let fail = true;
    const node = new NodeCompute(new ModelONEXContainer(), undefined, {
      computations: {
        flaky: () => {
          if (fail) throw new Error("boom");
          return "ok";
        },
      },
    });
    const error = (await node.process({ computation: "flaky", data: 1 }).catch((e: unknown) => e)) as ModelOnexError;
    expect(error.errorCode).toBe("OPERATION_FAILED");
    expect(error.message).toContain('"flaky"');
    fail = false;
    expect((await node.process({ computation: "flaky", data: 1 })).result).toBe("ok");
  });

  it("rejects a malformed input with VALIDATION_ERROR carrying the caller's correlation id", async () => {
    const error = (await sumNode({ count: 0 })
      .process({ computation: "", data: null, correlation_id: "c-7" })
      .catch((e: unknown) => e)) as ModelOnexError;
    expect(error.errorCode).toBe("VALIDATION_ERROR");
    expect(error.correlationId).toBe("c-7");
    expect(error.message).toContain("computation");
  });
});

describe("stable hash", () => {
  it("serialises objects with sorted keys at every depth", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
  });

  it("follows JSON semantics for undefined, functions and non-finite numbers", () => {
    expect(canonicalJson({ a: undefined, f: () => 1, n: Number.NaN, list: [undefined] })).toBe('{"list":[null],"n":null}');
  });

  it("is deterministic and equal for equal values in any key order", () => {
    const one = stableHash({ computation: "x", data: { a: 1, b: [1, 2] } });
    expect(stableHash({ data: { b: [1, 2], a: 1 }, computation: "x" })).toBe(one);
    expect(one).toMatch(/^[0-9a-f]{16}$/);
    expect(stableHash({ computation: "x", data: { a: 1, b: [2, 1] } })).not.toBe(one);
  });

  it("matches the published FNV-1a 64 test vectors", () => {
    expect(fnv1a64("")).toBe("cbf29ce484222325");
    expect(fnv1a64("a")).toBe("af63dc4c8601ec8c");
    expect(fnv1a64("foobar")).toBe("85944171f73967e8");
  });

  it("hashes non-ASCII text by its UTF-8 bytes", () => {
    expect(fnv1a64("é")).not.toBe(fnv1a64("e"));
    expect(fnv1a64("😀")).toBe(fnv1a64("\u{1F600}"));
  });

  it("rejects cycles", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => stableHash(cyclic)).toThrow(/cycle/);
  });
});
