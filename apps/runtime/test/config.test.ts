import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ModelOnexError } from "@onex/core";
import { describe, expect, it } from "vitest";
import { loadRuntimeConfig, parseRuntimeConfig } from "../src/config/util-load-config.js";
import { runtimeTopics } from "../src/config/util-runtime-topics.js";

function problemsOf(run: () => unknown): { message: string; errorCode: string; exitCode: number } {
  try {
    run();
  } catch (error) {
    if (error instanceof ModelOnexError) return { message: error.message, errorCode: error.errorCode, exitCode: error.exitCode };
    throw error;
  }
  throw new Error("expected a configuration error");
}

describe("runtime configuration", () => {
  it("uses the embedded defaults with no file and no environment", () => {
    const { config, file } = parseRuntimeConfig(null, null, {}, "/srv");
    expect(file).toBeNull();
    expect(config).toMatchObject({ env: "dev", http: { host: "127.0.0.1", port: 8085 }, concurrency: 8, drain_timeout_ms: 10_000, data_dir: path.resolve("/srv", ".onex-data") });
    expect(runtimeTopics(config)).toEqual({
      input: "dev.onex.cmd.runtime.requests.v1",
      output: "dev.onex.evt.runtime.responses.v1",
      dlq: "dev.onex.dlq.runtime.requests.v1",
    });
  });

  it("lets ONEX_* variables win over the file", () => {
    const text = "env: staging\nhttp:\n  port: 9000\nconcurrency: 2\ndrain_timeout_ms: 500\ndata_dir: data\n";
    const { config, fromEnv } = parseRuntimeConfig(text, "/etc/onex/runtime_config.yaml", { ONEX_HTTP_PORT: "0", ONEX_CONCURRENCY: "16", ONEX_DB_IN_MEMORY: "1", ONEX_INPUT_TOPIC: "in.topic" }, "/srv");
    expect(config.env).toBe("staging");
    expect(config.http.port).toBe(0);
    expect(config.concurrency).toBe(16);
    expect(config.drain_timeout_ms).toBe(500);
    expect(config.db_in_memory).toBe(true);
    expect(config.data_dir).toBe(path.resolve("/etc/onex", "data"));
    expect(runtimeTopics(config).input).toBe("in.topic");
    expect(runtimeTopics(config).output).toBe("staging.onex.evt.runtime.responses.v1");
    expect(fromEnv).toContain("http.port <- ONEX_HTTP_PORT");
  });

  it("names the key, the file, its line and column for a bad value in the file", () => {
    const text = "env: dev\nhttp:\n  port: 70000\n";
    const error = problemsOf(() => parseRuntimeConfig(text, "/etc/onex/runtime_config.yaml", {}, "/srv"));
    expect(error.errorCode).toBe("INVALID_CONFIGURATION");
    expect(error.exitCode).toBe(78);
    expect(error.message).toContain("/etc/onex/runtime_config.yaml:3:9 http.port:");
  });

  it("names an unknown key of the file with its position", () => {
    const error = problemsOf(() => parseRuntimeConfig("concurency: 4\n", "cfg.yaml", {}, "/srv"));
    expect(error.message).toContain("cfg.yaml:1:1 concurency:");
  });

  it("names the environment variable for a bad value from the environment", () => {
    const error = problemsOf(() => parseRuntimeConfig("http:\n  port: 8085\n", "cfg.yaml", { ONEX_HTTP_PORT: "eighty" }, "/srv"));
    expect(error.message).toContain("ONEX_HTTP_PORT http.port:");
    expect(error.message).not.toContain("cfg.yaml:");
  });

  it("reports YAML syntax errors with their position", () => {
    const error = problemsOf(() => parseRuntimeConfig("http:\n  port: [1,\n", "cfg.yaml", {}, "/srv"));
    expect(error.message).toMatch(/cfg\.yaml:\d+:\d+ \(root\): YAML/);
  });

  it("reads the file named by --config, else ONEX_CONFIG, else ./runtime_config.yaml", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "onex-config-"));
    writeFileSync(path.join(dir, "runtime_config.yaml"), "env: local\n");
    writeFileSync(path.join(dir, "other.yaml"), "env: other\n");
    expect(loadRuntimeConfig({ cwd: dir, env: {} }).config.env).toBe("local");
    expect(loadRuntimeConfig({ cwd: dir, env: { ONEX_CONFIG: "other.yaml" } }).config.env).toBe("other");
    expect(loadRuntimeConfig({ cwd: dir, env: { ONEX_CONFIG: "other.yaml" }, configPath: "runtime_config.yaml" }).config.env).toBe("local");
    const missing = problemsOf(() => loadRuntimeConfig({ cwd: dir, env: {}, configPath: "absent.yaml" }));
    expect(missing.errorCode).toBe("MISSING_CONFIGURATION");
    expect(missing.message).toContain("absent.yaml");
  });
});
