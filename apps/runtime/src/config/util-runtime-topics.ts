import { dlqTopicFor } from "@onex/infra";
import type { ModelRuntimeConfig } from "./model-runtime-config.js";

export interface RuntimeTopics {
  /** Commands the runtime consumes. */
  readonly input: string;
  /** Responses and error envelopes the runtime publishes. */
  readonly output: string;
  /** Dead-letter topic of the input topic. */
  readonly dlq: string;
}

/** The runtime's topics: configured, else `{env}.onex.cmd.runtime.requests.v1`, `{env}.onex.evt.runtime.responses.v1`, `{env}.onex.dlq.runtime.requests.v1`. */
export function runtimeTopics(config: Pick<ModelRuntimeConfig, "env" | "bus">): RuntimeTopics {
  const input = config.bus.input_topic ?? `${config.env}.onex.cmd.runtime.requests.v1`;
  const output = config.bus.output_topic ?? `${config.env}.onex.evt.runtime.responses.v1`;
  return { input, output, dlq: config.bus.dlq_topic ?? dlqTopicFor(input) };
}
