// End to end on embedded defaults: the built runtime as a child process with no service variable (in-memory bus,
// PGlite on disk, in-process discovery). The in-memory bus lives inside the child, so everything goes through the hub.
// The scenarios run in order on one data directory; the last one stops and restarts the runtime on it.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killAllChildren, RuntimeChild, runtimeEnv } from "./support/runtime-child.js";

const CLI = path.join(import.meta.dirname, "..", "dist", "cli.js");
const dir = mkdtempSync(path.join(tmpdir(), "onex-e2e-embedded-"));
const env = runtimeEnv({ ONEX_DATA_DIR: path.join(dir, ".onex-data"), ONEX_ENV: "e2e", ONEX_DRAIN_TIMEOUT: "30000" });
let runtime: RuntimeChild;

beforeAll(async () => {
  runtime = await RuntimeChild.start(env, dir);
}, 90_000);

afterAll(() => {
  killAllChildren();
  rmSync(dir, { recursive: true, force: true });
});

describe("runtime on embedded defaults, as a process", () => {
  it("(a) registers a node from its introspection event: active in the projection and in discovery", async () => {
    const node = { node_id: "node-e2e-embedded", node_name: "e2e_effect", node_type: "EFFECT_GENERIC", node_version: "1.0.0", endpoint: "http://127.0.0.1:18085", capabilities: ["db.query"] };
    expect((await runtime.post("/api/v1/nodes/introspection", node)).status).toBe(202);
    await expect.poll(async () => ((await runtime.get("/api/v1/nodes")).body.nodes as { registrationState: string }[]).map((n) => n.registrationState), { timeout: 15_000 }).toEqual(["active"]);
    const row = await runtime.command("db.query", { sql: "select node_id, registration_state from onex_node_registrations where node_id = $1", params: [node.node_id] });
    expect(row.payload.rows).toEqual([{ node_id: node.node_id, registration_state: "active" }]);
    const discovered = await runtime.get("/api/v1/discovery/e2e_effect?all=1");
    expect(discovered.body).toMatchObject({ instances: [{ serviceId: node.node_id, address: "127.0.0.1", port: 18085 }] });
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, "nodes", "--url", runtime.url]);
    expect(stdout).toContain('"registrationState": "active"');
  });

  it("(b) answers a db.query command with its correlation id", async () => {
    const correlationId = randomUUID();
    const answer = await runtime.command("db.query", { sql: "select 1 as one" }, { correlation_id: correlationId });
    expect(answer).toMatchObject({ event_type: "db.query.completed", correlation_id: correlationId, payload: { rows: [{ one: 1 }] } });
  });

  it("(c) answers malformed input with an error carrying its correlation id and keeps serving", async () => {
    const notJson = await fetch(`${runtime.url}/api/v1/envelopes`, { method: "POST", headers: { "content-type": "application/json", "x-correlation-id": "bad-json-1" }, body: "{not json" });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: { errorCode: "INVALID_INPUT", correlationId: "bad-json-1" } });
    const invalid = await fetch(`${runtime.url}/api/v1/envelopes`, { method: "POST", headers: { "content-type": "application/json", "x-correlation-id": "bad-envelope-1" }, body: JSON.stringify({ payload: [] }) });
    expect(invalid.status).toBe(400);
    const body = JSON.stringify(await invalid.json());
    expect(body).toContain('"correlationId":"bad-envelope-1"');
    expect(body).toContain("operation");
    const failed = await runtime.command("db.query", { statement: "select 1" }, { correlation_id: "bad-payload-1" });
    expect(failed).toMatchObject({ event_type: "db.query.failed", correlation_id: "bad-payload-1", payload: { errorCode: "VALIDATION_ERROR", correlationId: "bad-payload-1" } });
    expect((await runtime.command("db.query", { sql: "select 2 as two" })).payload.rows).toEqual([{ two: 2 }]);
  });

  it("(d) loses no accepted command on SIGTERM and runs none twice after a restart", async () => {
    const table = `e2e_rows_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
    await runtime.command("db.execute", { sql: `create table ${table} (msg_id text not null, n int not null)` });
    const messages = Array.from({ length: 200 }, (_, n) => ({ n, id: randomUUID() }));
    // The first insert holds the database for half a second: the others queue up behind it.
    const insert = (m: { n: number; id: string }): Promise<number> =>
      runtime
        .post("/api/v1/envelopes", {
          operation: "db.execute",
          envelope_id: m.id,
          payload: { sql: `insert into ${table} (msg_id, n) select $1, $2 from pg_sleep(${m.n === 0 ? 0.5 : 0.002})`, params: [m.id, m.n] },
        })
        .then((r) => r.status)
        .catch(() => 0);
    const [first, ...rest] = messages;
    if (first === undefined) throw new Error("no messages");
    expect(await insert(first)).toBe(202);
    let acceptedSoFar = 1;
    const statuses = rest.map((m) =>
      insert(m).then((status) => {
        if (status === 202 && ++acceptedSoFar === 50) runtime.kill("SIGTERM");
        return status;
      }),
    );
    const settled = [202, ...(await Promise.all(statuses))];
    expect(await runtime.exited).toBe(0);
    const accepted = messages.filter((_, i) => settled[i] === 202);
    expect(accepted.length).toBeGreaterThanOrEqual(50);
    // The signal came while accepted commands were still running or queued.
    const draining = runtime.lines.find((l) => l.msg === "draining") as { inFlight: number; backlog: number } | undefined;
    expect((draining?.inFlight ?? 0) + (draining?.backlog ?? 0)).toBeGreaterThan(0);

    runtime = await RuntimeChild.start(env, dir);
    const count = `select count(*)::int as rows, count(distinct msg_id)::int as ids from ${table}`;
    // Every command the hub accepted before the signal was executed before the process exited.
    expect((await runtime.command("db.query", { sql: count })).payload.rows).toEqual([{ rows: accepted.length, ids: accepted.length }]);

    // The client sends everything again with the same envelope ids: the processed ones are recognised (the idempotency
    // records are on disk with the data) and not sent again, the rest run now. The in-memory bus has one partition:
    // the final query runs after them.
    const again = await Promise.all(messages.map(insert));
    expect(again.filter((status) => status === 200)).toHaveLength(accepted.length);
    expect(again.filter((status) => status === 202)).toHaveLength(200 - accepted.length);
    expect((await runtime.command("db.query", { sql: count })).payload.rows).toEqual([{ rows: 200, ids: 200 }]);
    expect(await runtime.stop("SIGTERM")).toBe(0);
  });
});
