import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { startFixture, type RuntimeFixture } from "./support/runtime-fixture.js";

let fixture: RuntimeFixture | undefined;

afterEach(async () => {
  await fixture?.host.stop();
  fixture = undefined;
});

describe("runtime dispatch pipeline", () => {
  it("answers a good command on the output topic with the same correlation id", async () => {
    fixture = await startFixture();
    const command = fixture.command("fake.echo", { hello: "world" });
    await fixture.bus.publishEnvelope(fixture.host.topics.input, command);
    const [response] = await fixture.waitForResponses(1);
    expect(response).toMatchObject({
      event_type: "fake.echo.completed",
      correlation_id: command.correlation_id,
      causation_id: command.envelope_id,
      payload: { hello: "world" },
      metadata: { backend: "fake", calls: "1" },
    });
    expect(fixture.handler.initialized).toEqual({ answer: 42 });
  });

  it("answers a malformed envelope with an error envelope carrying its correlation id, and keeps serving", async () => {
    fixture = await startFixture();
    const correlationId = randomUUID();
    await fixture.bus.publish(fixture.host.topics.input, { key: correlationId, value: JSON.stringify({ correlation_id: correlationId, operation: "fake.echo" }) });
    const good = fixture.command("fake.echo", { n: 1 });
    await fixture.bus.publishEnvelope(fixture.host.topics.input, good);
    const responses = await fixture.waitForResponses(2);
    const error = responses.find((r) => r.correlation_id === correlationId);
    expect(error?.event_type).toBe("runtime.error");
    expect(error?.payload).toMatchObject({ errorCode: "VALIDATION_ERROR", status: 400, correlationId });
    expect(String(error?.payload.message)).toContain("event_type");
    expect(responses.find((r) => r.correlation_id === good.correlation_id)?.event_type).toBe("fake.echo.completed");
    expect(fixture.host.dlq?.list()).toHaveLength(1);
  });

  it("answers a message that is not JSON using the correlation id of its header", async () => {
    fixture = await startFixture();
    const correlationId = randomUUID();
    await fixture.bus.publish(fixture.host.topics.input, { value: "{not json", headers: { "x-correlation-id": correlationId } });
    const [error] = await fixture.waitForResponses(1);
    expect(error).toMatchObject({ event_type: "runtime.error", correlation_id: correlationId, payload: { errorCode: "VALIDATION_ERROR" } });
  });

  it("answers an unknown operation with UNKNOWN_HANDLER_TYPE", async () => {
    fixture = await startFixture();
    const command = fixture.command("nope.run");
    await fixture.bus.publishEnvelope(fixture.host.topics.input, command);
    const [error] = await fixture.waitForResponses(1);
    expect(error).toMatchObject({ event_type: "nope.run.failed", correlation_id: command.correlation_id, payload: { errorCode: "UNKNOWN_HANDLER_TYPE", status: 400 } });
    expect(String(error?.payload.message)).toContain("registered handler types: fake");
  });

  it("answers an envelope without operation with a runtime.error", async () => {
    fixture = await startFixture();
    const event = fixture.command(null);
    await fixture.bus.publishEnvelope(fixture.host.topics.input, event);
    const [error] = await fixture.waitForResponses(1);
    expect(error).toMatchObject({ event_type: "runtime.error", correlation_id: event.correlation_id, payload: { errorCode: "VALIDATION_ERROR" } });
  });

  it("turns a handler failure into a sanitised error envelope", async () => {
    fixture = await startFixture();
    const command = fixture.command("fake.fail");
    await fixture.bus.publishEnvelope(fixture.host.topics.input, command);
    const [error] = await fixture.waitForResponses(1);
    expect(error).toMatchObject({ event_type: "fake.fail.failed", payload: { errorCode: "SERVICE_UNAVAILABLE", status: 503, retryable: true, correlationId: command.correlation_id } });
    expect(JSON.stringify(error)).not.toContain("hunter2");
  });

  it("processes a duplicate envelope_id once", async () => {
    fixture = await startFixture();
    const command = fixture.command("fake.echo", { once: true });
    await fixture.bus.publishEnvelope(fixture.host.topics.input, command);
    await fixture.bus.publishEnvelope(fixture.host.topics.input, command);
    const marker = fixture.command("fake.echo", { marker: true });
    await fixture.bus.publishEnvelope(fixture.host.topics.input, marker, command.correlation_id);
    const responses = await fixture.waitForResponses(2);
    expect(fixture.handler.calls.map((c) => c.envelope_id)).toEqual([command.envelope_id, marker.envelope_id]);
    expect(responses.filter((r) => r.causation_id === command.envelope_id)).toHaveLength(1);
    expect(await fixture.host.metrics.expose()).toMatch(/onex_duplicates_total 1/);
    expect(fixture.logs.lines.some((l) => l.msg === "duplicate envelope skipped" && l.correlation_id === command.correlation_id)).toBe(true);
  });

  it("acknowledges an envelope only after it was processed, one at a time and in order on a partition", async () => {
    fixture = await startFixture({ config: { concurrency: 4 } });
    const { bus, host } = fixture;
    for (let seq = 0; seq < 5; seq += 1) await bus.publishEnvelope(host.topics.input, fixture.command("fake.slow", { key: `k${seq % 2}`, seq, delayMs: 3 }));
    await fixture.waitForResponses(5);
    const starts = fixture.handler.recorder.filter((r) => r.phase === "start");
    expect(starts.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(Math.max(...starts.map((r) => r.active))).toBe(1);
    await expect.poll(() => bus.committedOffset(host.topics.input, host.config.bus.group_id)).toBe(5);
  });

  it("drains in-flight envelopes before stopping and reports a clean drain", async () => {
    fixture = await startFixture();
    for (let seq = 0; seq < 3; seq += 1) await fixture.bus.publishEnvelope(fixture.host.topics.input, fixture.command("fake.slow", { key: "k", seq, delayMs: 20 }, "k"));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await fixture.host.stop()).toBe(true);
    expect(fixture.host.state).toBe("stopped");
    const ends = fixture.handler.recorder.filter((r) => r.phase === "end").length;
    expect(ends).toBeGreaterThan(0);
    expect(ends).toBe(fixture.handler.recorder.filter((r) => r.phase === "start").length);
    expect(fixture.handler.shutDown).toBe(true);
  });
});
