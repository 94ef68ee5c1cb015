// The built runtime (`node dist/main.js`) as a child process, for end-to-end tests: start it with an environment,
// wait until its hub says ready, talk to the hub, stop it with a signal. Every child started here is remembered, so
// `killAllChildren()` in `afterAll` leaves no process behind whatever a test did.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

export const RUNTIME_MAIN = path.join(import.meta.dirname, "..", "..", "dist", "main.js");

const SERVICE_VARS = [
  "KAFKA_BOOTSTRAP_SERVERS",
  "DATABASE_URL",
  "POSTGRES_HOST",
  "POSTGRES_PORT",
  "POSTGRES_DB",
  "POSTGRES_USER",
  "POSTGRES_PASSWORD",
  "CONSUL_HTTP_ADDR",
  "CONSUL_HTTP_TOKEN",
  "VAULT_ADDR",
  "VAULT_TOKEN",
  "VALKEY_URL",
];

/** The test process's environment without any backend or `ONEX_*` variable, plus `vars` (hub on a free port). */
export function runtimeEnv(vars: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith("ONEX_") || SERVICE_VARS.includes(name)) delete env[name];
  return { ...env, ONEX_HTTP_PORT: "0", ONEX_LOG_LEVEL: "info", ...vars };
}

const running = new Set<RuntimeChild>();

/** SIGKILLs every child still running (for `afterAll`). */
export function killAllChildren(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}

export class RuntimeChild {
  readonly lines: Record<string, unknown>[] = [];
  readonly exited: Promise<number | null>;
  private stderrText = "";
  private urlValue = "";

  private constructor(private readonly proc: ChildProcessWithoutNullStreams) {
    this.exited = new Promise((resolve) => proc.on("exit", (code, signal) => resolve(code ?? (signal === null ? null : -1))));
    proc.stderr.on("data", (chunk: Buffer) => (this.stderrText += chunk.toString("utf8")));
  }

  /** Starts the runtime and resolves once `GET /ready` answers 200. */
  static async start(env: NodeJS.ProcessEnv, cwd: string, readyTimeoutMs = 60_000): Promise<RuntimeChild> {
    const child = new RuntimeChild(spawn(process.execPath, [RUNTIME_MAIN], { cwd, env }));
    running.add(child);
    void child.exited.then(() => running.delete(child));
    child.urlValue = await new Promise<string>((resolve, reject) => {
      const reader = createInterface({ input: child.proc.stdout });
      reader.on("line", (line) => {
        let parsed: Record<string, unknown>;
        try {
          parsed = JSON.parse(line) as Record<string, unknown>;
        } catch {
          parsed = { msg: line };
        }
        child.lines.push(parsed);
        if (typeof parsed.msg === "string" && parsed.msg.includes("listening on") && typeof parsed.url === "string") resolve(parsed.url);
      });
      void child.exited.then((code) => reject(new Error(`runtime exited with ${String(code)} before listening: ${child.stderrText}${child.tail()}`)));
    });
    const deadline = Date.now() + readyTimeoutMs;
    while (Date.now() < deadline) {
      const response = await fetch(`${child.url}/ready`).catch(() => null);
      if (response?.status === 200) return child;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${child.url}/ready never answered 200${child.tail()}`);
  }

  get url(): string {
    return this.urlValue;
  }

  /** True until the process exited. */
  get running(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  /** The last log lines, for failure messages. */
  tail(count = 15): string {
    return `\n${this.lines
      .slice(-count)
      .map((l) => JSON.stringify(l))
      .join("\n")}`;
  }

  kill(signal: NodeJS.Signals): void {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill(signal);
  }

  /** Sends `signal` and resolves with the exit code (-1 when killed by a signal). */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
    this.kill(signal);
    return this.exited;
  }

  /** `POST` to the hub; resolves with status and JSON body. */
  async post(route: string, body: unknown, timeoutMs = 30_000): Promise<{ readonly status: number; readonly body: Record<string, unknown> }> {
    const response = await fetch(`${this.url}${route}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** `GET` from the hub. */
  async get(route: string): Promise<{ readonly status: number; readonly body: Record<string, unknown> }> {
    const response = await fetch(`${this.url}${route}`, { signal: AbortSignal.timeout(10_000) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** Submits a command through the hub and waits for its answer envelope. */
  async command(operation: string, payload: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<{ readonly event_type: string; readonly correlation_id: string; readonly payload: Record<string, unknown> }> {
    const { status, body } = await this.post("/api/v1/envelopes", { operation, payload, wait: true, timeout_ms: 20_000, ...extra });
    if (status !== 200) throw new Error(`${operation} answered HTTP ${status}: ${JSON.stringify(body)}`);
    return body as { event_type: string; correlation_id: string; payload: Record<string, unknown> };
  }
}
