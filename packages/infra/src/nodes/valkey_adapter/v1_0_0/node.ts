// EFFECT node `valkey_adapter`: the contract's valkey.* operations through the `valkey` handler.
import type { ModelContract, ModelONEXContainer } from "@onex/core";
import { AdapterNodeEffect, loadAdapterContract, type AdapterNodeEffectOptions } from "../../../adapters/util-adapter-node.js";
import { EnumInfraTransportType } from "../../../enums/enum-infra-transport-type.js";
import {
  ModelValkeyAdapterInput,
  ModelValkeyAdapterOutput,
  ModelValkeyDeletePayload,
  ModelValkeyExpirePayload,
  ModelValkeyGetPayload,
  ModelValkeyIncrPayload,
  ModelValkeyLockAcquirePayload,
  ModelValkeyLockReleasePayload,
  ModelValkeyPublishPayload,
  ModelValkeySetPayload,
} from "./models/index.js";

const PAYLOADS = {
  "valkey.get": ModelValkeyGetPayload,
  "valkey.set": ModelValkeySetPayload,
  "valkey.delete": ModelValkeyDeletePayload,
  "valkey.incr": ModelValkeyIncrPayload,
  "valkey.expire": ModelValkeyExpirePayload,
  "valkey.publish": ModelValkeyPublishPayload,
  "valkey.lock.acquire": ModelValkeyLockAcquirePayload,
  "valkey.lock.release": ModelValkeyLockReleasePayload,
} as const;

/** Options of {@link NodeValkeyAdapterEffect}. */
export type NodeValkeyAdapterEffectOptions = AdapterNodeEffectOptions;

/**
 * Service adapter for Valkey/Redis, driven by its `contract.yaml`: keys with TTLs, counters, publish and locks,
 * validated with the generated models and delegated to the `valkey` handler (HandlerValkey) as envelopes.
 */
export class NodeValkeyAdapterEffect extends AdapterNodeEffect<typeof PAYLOADS, typeof ModelValkeyAdapterOutput> {
  /** The node's validated contract (read once from `contract.yaml` beside this module). */
  static contract(): ModelContract {
    return loadAdapterContract(new URL("./contract.yaml", import.meta.url));
  }

  constructor(container: ModelONEXContainer, options: NodeValkeyAdapterEffectOptions = {}) {
    super(
      container,
      {
        contract: NodeValkeyAdapterEffect.contract(),
        handlerType: "valkey",
        transportType: EnumInfraTransportType.VALKEY,
        inputModel: ModelValkeyAdapterInput,
        payloadModels: PAYLOADS,
        outputModel: ModelValkeyAdapterOutput,
      },
      options,
    );
  }
}
