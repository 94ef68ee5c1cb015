// A runtime host on the in-memory bus with fake handlers, plus a collector of everything on the output topic.
import { createEventEnvelope, type ModelEventEnvelope } from "@onex/core";
import { EventBusInmemory, IdempotencyStoreInmemory } from "@onex/infra";
import { Writable } from "node:stream";
import { ModelRuntimeConfig, type ModelRuntimeConfigInput } from "../../src/config/model-runtime-config.js";
import { RuntimeHost } from "../../src/host/runtime-host.js";
import { createRuntimeLogger, type RuntimeLogger } from "../../src/logging/util-logger.js";
import type { RuntimeHandlerSpec } from "../../src/host/util-start-handlers.js";
import { FakeHandler } from "./fake-handler.js";

export interface LogCapture {
  readonly logger: RuntimeLogger;
  readonly lines: Record<string, unknown>[];
}

/** A logger whose JSON lines are kept in memory. */
export function captureLogger(level: "debug" | "info" = "info"): LogCapture {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim() !== "") lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: createRuntimeLogger({ level, destination: stream, fallbackCorrelationId: "boot" }), lines };
}

export interface RuntimeFixture {
  readonly host: RuntimeHost;
  readonly bus: EventBusInmemory;
  readonly handler: FakeHandler;
  readonly responses: ModelEventEnvelope[];
  readonly logs: LogCapture;
  /** Resolves once `count` responses were collected. */
  waitForResponses(count: number): Promise<ModelEventEnvelope[]>;
  command(operation: string | null, payload?: Record<string, unknown>, correlationId?: string): ModelEventEnvelope;
}

export function testConfig(overrides: ModelRuntimeConfigInput = {}): ModelRuntimeConfig {
  return ModelRuntimeConfig.parse({ env: "test", concurrency: 4, drain_timeout_ms: 2_000, ...overrides });
}

export async function startFixture(
  options: { config?: ModelRuntimeConfigInput; handlers?: RuntimeHandlerSpec[]; start?: boolean } = {},
): Promise<RuntimeFixture> {
  const bus = new EventBusInmemory();
  const handler = new FakeHandler();
  const logs = captureLogger();
  const config = testConfig(options.config);
  const host = new RuntimeHost({
    config,
    logger: logs.logger,
    instanceId: "test",
    components: {
      bus,
      idempotency: new IdempotencyStoreInmemory(),
      handlers: options.handlers ?? [{ handler, config: { answer: 42 }, backend: "fake (memory)" }],
    },
  });
  const responses: ModelEventEnvelope[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  if (options.start !== false) await host.start();
  const collect = async (): Promise<void> => {
    await bus.subscribe(host.topics.output, "test-collector", (envelope) => {
      responses.push(envelope);
      for (const w of waiting) if (responses.length >= w.count) w.resolve();
      return Promise.resolve();
    });
  };
  if (options.start !== false) await collect();
  return {
    host,
    bus,
    handler,
    responses,
    logs,
    waitForResponses(count) {
      if (responses.length >= count) return Promise.resolve(responses);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${responses.length} of ${count} responses arrived`)), 5_000);
        waiting.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(responses);
          },
        });
      });
    },
    command(operation, payload = {}, correlationId) {
      return createEventEnvelope({ event_type: "test.requested", source: "test", operation, payload, correlation_id: correlationId });
    },
  };
}
