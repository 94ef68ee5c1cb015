// A handler for tests: `fake.echo` returns its payload, `fake.fail` throws a retryable infra error, `fake.slow`
// records when each call starts and ends (per key) and waits a little, so ordering and concurrency can be checked;
// `fake.block` waits until `release()` is called (a handler that has not finished when the process crashes).
import type { ModelEventEnvelope } from "@onex/core";
import { InfraUnavailableError } from "@onex/infra";
import type { ProtocolHandler, ProtocolHandlerDescription, ProtocolHandlerResult, ProtocolHealthCheckResult } from "@onex/spi";

export interface RecordedCall {
  readonly key: string;
  readonly seq: number;
  readonly phase: "start" | "end";
  readonly active: number;
}

export class FakeHandler implements ProtocolHandler {
  readonly calls: ModelEventEnvelope[] = [];
  readonly recorder: RecordedCall[] = [];
  initialized: unknown = null;
  shutDown = false;
  private active = 0;
  private gate: Promise<void>;
  private open: () => void = () => undefined;

  constructor(
    readonly handlerType = "fake",
    private readonly failInitialize = false,
  ) {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  /** Lets every `fake.block` call (running or future) finish. */
  release(): void {
    this.open();
  }

  initialize(config: unknown): Promise<void> {
    if (this.failInitialize) return Promise.reject(new InfraUnavailableError(`${this.handlerType} backend is down`));
    this.initialized = config;
    return Promise.resolve();
  }

  async execute(envelope: ModelEventEnvelope): Promise<ProtocolHandlerResult> {
    this.calls.push(envelope);
    switch (envelope.operation ?? "") {
      case `${this.handlerType}.echo`:
        return { payload: envelope.payload, metadata: { backend: "fake", calls: this.calls.length } };
      case `${this.handlerType}.fail`:
        throw new InfraUnavailableError("fake backend refused password=hunter2", { correlationId: envelope.correlation_id });
      case `${this.handlerType}.slow`: {
        const key = String(envelope.payload.key);
        const seq = Number(envelope.payload.seq);
        this.active += 1;
        this.recorder.push({ key, seq, phase: "start", active: this.active });
        await new Promise((resolve) => setTimeout(resolve, Number(envelope.payload.delayMs ?? 5)));
        this.active -= 1;
        this.recorder.push({ key, seq, phase: "end", active: this.active });
        return { payload: { key, seq } };
      }
      case `${this.handlerType}.block`:
        await this.gate;
        return { payload: { released: true } };
      default:
        throw new InfraUnavailableError(`unknown fake operation ${String(envelope.operation)}`);
    }
  }

  describe(): ProtocolHandlerDescription {
    return {
      handlerType: this.handlerType,
      operations: [`${this.handlerType}.echo`, `${this.handlerType}.fail`, `${this.handlerType}.slow`, `${this.handlerType}.block`],
      version: "1.0.0",
      description: "test handler",
    };
  }

  health(): Promise<ProtocolHealthCheckResult> {
    return Promise.resolve({ healthy: !this.shutDown, details: { circuitState: "closed" } });
  }

  shutdown(): Promise<void> {
    this.shutDown = true;
    return Promise.resolve();
  }
}
