import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli/cli-program.js";
import type { CliIo } from "../src/cli/util-cli-io.js";
import type { FetchLike } from "../src/cli/util-hub-client.js";

const FIXTURES = path.join(import.meta.dirname, "fixtures", "contracts");

interface Captured {
  readonly io: CliIo;
  readonly out: () => string;
  readonly err: () => string;
  readonly requests: { url: string; method: string; body: unknown }[];
}

function capture(fetchImpl?: FetchLike, cwd = process.cwd()): Captured {
  let out = "";
  let err = "";
  const requests: Captured["requests"] = [];
  const refused: FetchLike = () => Promise.reject(new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } }));
  const io: CliIo = {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: {},
    cwd,
    fetch: (url, init) => {
      requests.push({ url, method: init.method, body: init.body === undefined ? undefined : (JSON.parse(init.body) as unknown) });
      return (fetchImpl ?? refused)(url, init);
    },
  };
  return { io, out: () => out, err: () => err, requests };
}

function answer(status: number, body: unknown): FetchLike {
  return () => Promise.resolve({ status, text: () => Promise.resolve(JSON.stringify(body)) });
}

describe("onex CLI", () => {
  it("prints help for every command and exits 0", async () => {
    for (const argv of [["--help"], ["runtime", "start", "--help"], ["contracts", "lint", "--help"], ["codegen", "--help"], ["send", "--help"], ["nodes", "--help"], ["dlq", "list", "--help"], ["dlq", "replay", "--help"]]) {
      const run = capture();
      expect(await runCli(argv, run.io)).toBe(0);
      expect(run.out()).toContain("Usage: onex");
    }
    const top = capture();
    await runCli(["--help"], top.io);
    for (const command of ["runtime", "contracts", "codegen", "send", "nodes", "dlq"]) expect(top.out()).toContain(command);
    const start = capture();
    await runCli(["runtime", "start", "--help"], start.io);
    expect(start.out()).toContain("ONEX_DRAIN_TIMEOUT");
  });

  it("exits 64 on usage errors", async () => {
    for (const argv of [["frobnicate"], ["send"], ["contracts", "lint"], ["send", "db.query"], [], ["runtime"]]) {
      expect(await runCli(argv, capture().io)).toBe(64);
    }
    const badJson = capture();
    expect(await runCli(["send", "db.query", "--payload", "{nope"], badJson.io)).toBe(64);
    expect(badJson.err()).toContain("--payload is not valid JSON");
  });

  it("lints contracts: problems as file:line:col path: message, exit 65 on errors", async () => {
    const bad = capture(undefined, FIXTURES);
    expect(await runCli(["contracts", "lint", "bad"], bad.io)).toBe(65);
    expect(bad.out()).toMatch(/^bad\/broken\/contract\.yaml:3:15 node_version: .+$/m);
    expect(bad.err()).toContain("1 contract(s) checked: 1 error(s)");
    const good = capture(undefined, FIXTURES);
    expect(await runCli(["contracts", "lint", "good"], good.io)).toBe(0);
    expect(await runCli(["contracts", "lint", "missing-dir"], capture(undefined, FIXTURES).io)).toBe(64);
  });

  it("generates models next to each contract and checks that they are current", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "onex-codegen-"));
    cpSync(path.join(FIXTURES, "good"), dir, { recursive: true });
    const check = capture(undefined, dir);
    expect(await runCli(["codegen", "--check", "."], check.io)).toBe(65);
    expect(check.out()).toContain("missing: normalizer/models/model-normalizer-input.ts");
    const generate = capture(undefined, dir);
    expect(await runCli(["codegen", "."], generate.io)).toBe(0);
    expect(readdirSync(path.join(dir, "normalizer", "models")).sort()).toEqual(["index.ts", "model-normalizer-input.ts", "model-normalizer-output.ts"]);
    expect(await runCli(["codegen", "--check"], capture(undefined, dir).io)).toBe(0);
    const file = path.join(dir, "normalizer", "models", "model-normalizer-input.ts");
    writeFileSync(file, `${readFileSync(file, "utf8")}// edited\n`);
    const stale = capture(undefined, dir);
    expect(await runCli(["codegen", "--check", "."], stale.io)).toBe(65);
    expect(stale.out()).toContain("stale: normalizer/models/model-normalizer-input.ts");
  });

  it("exits 69 when the hub cannot be reached", async () => {
    const run = capture();
    expect(await runCli(["send", "db.query", "--payload", "{}", "--url", "http://127.0.0.1:1"], run.io)).toBe(69);
    expect(run.err()).toContain("cannot reach the hub at http://127.0.0.1:1: ECONNREFUSED");
    expect(await runCli(["nodes"], capture().io)).toBe(69);
    expect(await runCli(["dlq", "list"], capture().io)).toBe(69);
  });

  it("sends a command, prints the response envelope and exits with the error's code when it failed", async () => {
    const ok = capture(answer(200, { event_type: "db.query.completed", payload: { rows: [{ one: 1 }] } }));
    expect(await runCli(["send", "db.query", "--payload", '{"sql":"select 1 as one"}', "--wait", "--url", "http://hub:1"], ok.io)).toBe(0);
    expect(JSON.parse(ok.out())).toMatchObject({ payload: { rows: [{ one: 1 }] } });
    expect(ok.requests[0]).toEqual({ url: "http://hub:1/api/v1/envelopes", method: "POST", body: { operation: "db.query", payload: { sql: "select 1 as one" }, wait: true } });
    const failed = capture(answer(200, { event_type: "db.query.failed", payload: { errorCode: "DATABASE_QUERY_ERROR" } }));
    expect(await runCli(["send", "db.query", "--payload", "{}", "--wait"], failed.io)).toBe(70);
    const rejected = capture(answer(400, { error: { errorCode: "VALIDATION_ERROR", message: "bad operation", correlationId: "c" } }));
    expect(await runCli(["send", "Bad", "--payload", "{}"], rejected.io)).toBe(65);
    expect(rejected.err()).toContain("VALIDATION_ERROR: bad operation");
  });

  it("lists nodes and dead letters and replays an entry through the hub", async () => {
    const nodes = capture(answer(200, { nodes: [] }));
    expect(await runCli(["nodes", "--url", "http://hub:2"], nodes.io)).toBe(0);
    expect(nodes.requests[0]?.url).toBe("http://hub:2/api/v1/nodes");
    const list = capture(answer(200, { entries: [] }));
    expect(await runCli(["dlq", "list", "--limit", "5"], list.io)).toBe(0);
    expect(list.requests[0]?.url).toBe("http://127.0.0.1:8085/api/v1/dlq?limit=5");
    const replay = capture(answer(404, { error: { errorCode: "RESOURCE_NOT_FOUND", message: "no entry", correlationId: "c" } }));
    expect(await runCli(["dlq", "replay", "abc"], replay.io)).toBe(69);
    expect(replay.requests[0]).toMatchObject({ url: "http://127.0.0.1:8085/api/v1/dlq/abc/replay", method: "POST" });
  });
});
