// EFFECT node `consul_adapter`: the contract's consul.* operations through the `consul` handler.
import type { ModelContract, ModelONEXContainer } from "@onex/core";
import { AdapterNodeEffect, loadAdapterContract, type AdapterNodeEffectOptions } from "../../../adapters/util-adapter-node.js";
import { EnumInfraTransportType } from "../../../enums/enum-infra-transport-type.js";
import {
  ModelConsulAdapterInput,
  ModelConsulAdapterOutput,
  ModelConsulCheckPayload,
  ModelConsulDeregisterPayload,
  ModelConsulDiscoverPayload,
  ModelConsulKvDeletePayload,
  ModelConsulKvGetPayload,
  ModelConsulKvListPayload,
  ModelConsulKvPutPayload,
  ModelConsulRegisterPayload,
} from "./models/index.js";

const PAYLOADS = {
  "consul.register": ModelConsulRegisterPayload,
  "consul.deregister": ModelConsulDeregisterPayload,
  "consul.discover": ModelConsulDiscoverPayload,
  "consul.kv.get": ModelConsulKvGetPayload,
  "consul.kv.put": ModelConsulKvPutPayload,
  "consul.kv.delete": ModelConsulKvDeletePayload,
  "consul.kv.list": ModelConsulKvListPayload,
  "consul.check.pass": ModelConsulCheckPayload,
  "consul.check.warn": ModelConsulCheckPayload,
  "consul.check.fail": ModelConsulCheckPayload,
} as const;

/** Options of {@link NodeConsulAdapterEffect}. */
export type NodeConsulAdapterEffectOptions = AdapterNodeEffectOptions;

/**
 * Service adapter for Consul, driven by its `contract.yaml`: registration, discovery, TTL check updates and KV,
 * validated with the generated models and delegated to the `consul` handler (HandlerConsul) as envelopes.
 */
export class NodeConsulAdapterEffect extends AdapterNodeEffect<typeof PAYLOADS, typeof ModelConsulAdapterOutput> {
  /** The node's validated contract (read once from `contract.yaml` beside this module). */
  static contract(): ModelContract {
    return loadAdapterContract(new URL("./contract.yaml", import.meta.url));
  }

  constructor(container: ModelONEXContainer, options: NodeConsulAdapterEffectOptions = {}) {
    super(
      container,
      {
        contract: NodeConsulAdapterEffect.contract(),
        handlerType: "consul",
        transportType: EnumInfraTransportType.CONSUL,
        inputModel: ModelConsulAdapterInput,
        payloadModels: PAYLOADS,
        outputModel: ModelConsulAdapterOutput,
      },
      options,
    );
  }
}
