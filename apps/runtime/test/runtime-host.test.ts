import { Writable } from "node:stream";
import { currentCorrelationId, runWithCorrelation } from "@onex/infra";
import { afterEach, describe, expect, it } from "vitest";
import { createRuntimeLogger } from "../src/logging/util-logger.js";
import { FakeHandler } from "./support/fake-handler.js";
import { startFixture, type RuntimeFixture } from "./support/runtime-fixture.js";

let fixture: RuntimeFixture | undefined;

afterEach(async () => {
  await fixture?.host.stop();
  fixture = undefined;
});

describe("runtime host start-up", () => {
  it("leaves out a handler that fails to start and reports it", async () => {
    const broken = new FakeHandler("broken", true);
    const good = new FakeHandler("good");
    fixture = await startFixture({ handlers: [{ handler: broken }, { handler: good }] });
    expect(fixture.host.ready).toBe(true);
    expect(fixture.host.handlers().map((h) => [h.handlerType, h.status])).toEqual([
      ["good", "started"],
      ["broken", "failed"],
    ]);
    expect(broken.shutDown).toBe(true);
    const health = await fixture.host.health();
    expect(health.status).toBe("degraded");
    expect(health.components["handler:broken"]).toMatchObject({ healthy: false, details: { reason: "broken backend is down" } });
    expect(fixture.logs.lines.some((l) => l.msg === "handler failed to start; it is left out" && l.handlerType === "broken")).toBe(true);
  });

  it("fails fast with SERVICE_UNAVAILABLE when no handler starts", async () => {
    fixture = await startFixture({ start: false, handlers: [{ handler: new FakeHandler("a", true) }, { handler: new FakeHandler("b", true) }] });
    await expect(fixture.host.start()).rejects.toMatchObject({ errorCode: "SERVICE_UNAVAILABLE", message: expect.stringContaining("no handler started (a: a backend is down; b: b backend is down)") as unknown });
    expect(fixture.host.state).toBe("failed");
    expect(fixture.host.ready).toBe(false);
  });

  it("loads valid contracts and skips invalid ones with file and line, unless strict", async () => {
    const dir = `${import.meta.dirname}/fixtures/contracts`;
    fixture = await startFixture({ config: { contracts_dir: dir } });
    expect(fixture.host.contracts.loaded.map((c) => c.contract.name)).toEqual(["node_payload_normalizer_compute"]);
    expect(fixture.host.contracts.failed).toHaveLength(1);
    expect(fixture.logs.lines.some((l) => typeof l.msg === "string" && l.msg.includes("invalid contract skipped") && l.msg.includes("contract.yaml:3:15 node_version"))).toBe(true);
    await fixture.host.stop();
    fixture = await startFixture({ start: false, config: { contracts_dir: dir, strict: true } });
    await expect(fixture.host.start()).rejects.toMatchObject({ errorCode: "CONTRACT_VALIDATION_ERROR" });
  });
});

describe("runtime logger", () => {
  it("writes JSON lines with the correlation id of the scope and no secrets", () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(JSON.parse(chunk.toString("utf8")) as Record<string, unknown>);
        callback();
      },
    });
    const logger = createRuntimeLogger({ destination, fallbackCorrelationId: "boot-id" });
    logger.info({ dsn: "postgresql://admin:s3cret@db:5432/app", password: "hunter2" }, "connecting with token=abc123");
    runWithCorrelation("req-42", () => {
      expect(currentCorrelationId()).toBe("req-42");
      logger.warn("inside a request");
    });
    expect(lines[0]).toMatchObject({ level: "info", correlation_id: "boot-id", password: "***", msg: "connecting with token=***" });
    expect(String(lines[0]?.dsn)).not.toContain("s3cret");
    expect(lines[1]).toMatchObject({ level: "warn", correlation_id: "req-42", msg: "inside a request" });
  });
});
