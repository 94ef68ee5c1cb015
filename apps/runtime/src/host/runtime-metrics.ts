// Prometheus metrics of one runtime, in a registry the runtime owns (never prom-client's global one, so two
// runtimes in one process, e.g. in tests, do not collide).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** Outcome label of `onex_envelopes_total`. */
export type EnvelopeOutcome = "success" | "error" | "invalid" | "unknown_operation" | "duplicate" | "publish_failed";

/** A circuit as the metrics see it. */
export interface CircuitStateSample {
  readonly name: string;
  readonly state: "closed" | "open" | "half_open";
}

/** Live values read at scrape time. */
export interface RuntimeMetricsProviders {
  readonly circuits?: (() => Promise<readonly CircuitStateSample[]>) | undefined;
  readonly dlqSize?: (() => number) | undefined;
  readonly consumerLag?: (() => Promise<number>) | undefined;
}

const CIRCUIT_VALUE = { closed: 0, half_open: 1, open: 2 } as const;

export class RuntimeMetrics {
  readonly registry = new Registry();
  readonly envelopes: Counter<"operation" | "outcome">;
  readonly handlerDuration: Histogram<"operation">;
  readonly duplicates: Counter;
  private providers: RuntimeMetricsProviders = {};

  constructor(options: { readonly defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.envelopes = new Counter({
      name: "onex_envelopes_total",
      help: "Envelopes processed by the runtime, by operation and outcome",
      labelNames: ["operation", "outcome"],
      registers,
    });
    this.handlerDuration = new Histogram({
      name: "onex_handler_duration_seconds",
      help: "Time handlers took to execute an operation",
      labelNames: ["operation"],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.duplicates = new Counter({ name: "onex_duplicates_total", help: "Envelopes skipped because their envelope_id was already processed", registers });
    const providers = (): RuntimeMetricsProviders => this.providers;
    new Gauge({
      name: "onex_circuit_state",
      help: "Circuit breaker state by name: 0 closed, 1 half_open, 2 open",
      labelNames: ["name"],
      registers,
      async collect() {
        this.reset();
        for (const circuit of (await providers().circuits?.()) ?? []) this.set({ name: circuit.name }, CIRCUIT_VALUE[circuit.state]);
      },
    });
    new Gauge({
      name: "onex_dlq_size",
      help: "Dead-letter entries of the runtime's input topic held by the hub",
      registers,
      collect() {
        this.set(providers().dlqSize?.() ?? 0);
      },
    });
    new Gauge({
      name: "onex_consumer_lag",
      help: "Messages of the input topic not yet consumed by the runtime's consumer group",
      registers,
      async collect() {
        this.set((await providers().consumerLag?.()) ?? 0);
      },
    });
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: "onex_runtime_" });
  }

  /** Connects the scrape-time values (circuits, DLQ size, consumer lag). */
  bind(providers: RuntimeMetricsProviders): void {
    this.providers = { ...this.providers, ...providers };
  }

  /** The Prometheus text exposition. */
  expose(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
