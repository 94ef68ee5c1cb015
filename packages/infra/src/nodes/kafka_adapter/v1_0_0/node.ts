// EFFECT node `kafka_adapter`: the contract's kafka.* operations through the `kafka` handler.
import type { ModelContract, ModelONEXContainer } from "@onex/core";
import { AdapterNodeEffect, loadAdapterContract, type AdapterNodeEffectOptions } from "../../../adapters/util-adapter-node.js";
import { EnumInfraTransportType } from "../../../enums/enum-infra-transport-type.js";
import {
  ModelKafkaAdapterInput,
  ModelKafkaAdapterOutput,
  ModelKafkaProducePayload,
  ModelKafkaTopicsCreatePayload,
  ModelKafkaTopicsDescribePayload,
  ModelKafkaTopicsListPayload,
} from "./models/index.js";

const PAYLOADS = {
  "kafka.produce": ModelKafkaProducePayload,
  "kafka.topics.create": ModelKafkaTopicsCreatePayload,
  "kafka.topics.list": ModelKafkaTopicsListPayload,
  "kafka.topics.describe": ModelKafkaTopicsDescribePayload,
} as const;

/** Options of {@link NodeKafkaAdapterEffect}. */
export type NodeKafkaAdapterEffectOptions = AdapterNodeEffectOptions;

/**
 * Service adapter for Kafka, driven by its `contract.yaml`: produce records and create, list and describe topics,
 * validated with the generated models and delegated to the `kafka` handler (HandlerKafka) as envelopes.
 */
export class NodeKafkaAdapterEffect extends AdapterNodeEffect<typeof PAYLOADS, typeof ModelKafkaAdapterOutput> {
  /** The node's validated contract (read once from `contract.yaml` beside this module). */
  static contract(): ModelContract {
    return loadAdapterContract(new URL("./contract.yaml", import.meta.url));
  }

  constructor(container: ModelONEXContainer, options: NodeKafkaAdapterEffectOptions = {}) {
    super(
      container,
      {
        contract: NodeKafkaAdapterEffect.contract(),
        handlerType: "kafka",
        transportType: EnumInfraTransportType.KAFKA,
        inputModel: ModelKafkaAdapterInput,
        payloadModels: PAYLOADS,
        outputModel: ModelKafkaAdapterOutput,
      },
      options,
    );
  }
}
