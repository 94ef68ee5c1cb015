// End to end: the built runtime as a child process on embedded defaults (no external service).
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";

const MAIN = path.join(import.meta.dirname, "..", "dist", "main.js");
const SERVICE_VARS = ["KAFKA_BOOTSTRAP_SERVERS", "DATABASE_URL", "POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD", "CONSUL_HTTP_ADDR", "VAULT_ADDR", "VALKEY_URL", "ONEX_CONFIG"];

let child: ChildProcessWithoutNullStreams | undefined;

afterAll(() => {
  if (child !== undefined && child.exitCode === null) child.kill("SIGKILL");
});

function embeddedEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ONEX_HTTP_PORT: "0", ONEX_DB_IN_MEMORY: "1", ONEX_DATA_DIR: dataDir, ONEX_LOG_LEVEL: "info", ONEX_DRAIN_TIMEOUT: "5000" };
  for (const name of SERVICE_VARS) delete env[name];
  for (const name of Object.keys(env)) if (name.startsWith("ONEX_") && !["ONEX_HTTP_PORT", "ONEX_DB_IN_MEMORY", "ONEX_DATA_DIR", "ONEX_LOG_LEVEL", "ONEX_DRAIN_TIMEOUT"].includes(name)) delete env[name];
  return env;
}

async function waitReady(url: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const response = await fetch(`${url}/ready`).catch(() => null);
    if (response?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url}/ready never answered 200`);
}

describe("onex-runtime process on embedded defaults", () => {
  it("starts, answers db.query through the hub, and exits 0 after SIGTERM", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "onex-e2e-"));
    const proc = spawn(process.execPath, [MAIN], { cwd: dir, env: embeddedEnv(path.join(dir, ".onex-data")) });
    child = proc;
    const lines: Record<string, unknown>[] = [];
    let stderr = "";
    proc.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      const reader = createInterface({ input: proc.stdout });
      reader.on("line", (line) => {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        lines.push(parsed);
        if (typeof parsed.msg === "string" && parsed.msg.includes("listening on") && typeof parsed.url === "string") resolve(parsed.url);
      });
      void exited.then((code) => reject(new Error(`runtime exited with ${String(code)} before listening: ${stderr}`)));
    });
    await waitReady(url);

    const response = await fetch(`${url}/api/v1/envelopes`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ operation: "db.query", payload: { sql: "select 1 as one" }, wait: true }),
    });
    expect(response.status).toBe(200);
    const envelope = (await response.json()) as { event_type: string; correlation_id: string; payload: { rows: unknown } };
    expect(envelope.event_type).toBe("db.query.completed");
    expect(envelope.payload.rows).toEqual([{ one: 1 }]);
    expect(response.headers.get("x-correlation-id")).toBe(envelope.correlation_id);

    const handlers = (await (await fetch(`${url}/api/v1/handlers`)).json()) as { handlers: { handlerType: string; status: string }[] };
    expect(handlers.handlers.filter((h) => h.status === "started").map((h) => h.handlerType)).toEqual(expect.arrayContaining(["db", "http"]));

    proc.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(lines.every((l) => typeof l.correlation_id === "string")).toBe(true);
    const selected = lines.find((l) => l.msg === "backends selected")?.backends as Record<string, string> | undefined;
    expect(selected).toMatchObject({ bus: "inmemory (embedded)", database: "pglite (embedded, in memory)" });
    expect(lines.some((l) => l.msg === "drained cleanly")).toBe(true);
  });
});
