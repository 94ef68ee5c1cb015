// EFFECT node `vault_adapter`: the contract's vault.* operations through the `vault` handler.
import type { ModelContract, ModelONEXContainer } from "@onex/core";
import { AdapterNodeEffect, loadAdapterContract, type AdapterNodeEffectOptions } from "../../../adapters/util-adapter-node.js";
import { EnumInfraTransportType } from "../../../enums/enum-infra-transport-type.js";
import {
  ModelVaultAdapterInput,
  ModelVaultAdapterOutput,
  ModelVaultDynamicReadPayload,
  ModelVaultKvDeletePayload,
  ModelVaultKvListPayload,
  ModelVaultKvPathPayload,
  ModelVaultKvReadPayload,
  ModelVaultKvUndeletePayload,
  ModelVaultKvWritePayload,
  ModelVaultLeaseRenewPayload,
  ModelVaultLeaseRevokePayload,
  ModelVaultTokenLookupPayload,
} from "./models/index.js";

const PAYLOADS = {
  "vault.kv.read": ModelVaultKvReadPayload,
  "vault.kv.write": ModelVaultKvWritePayload,
  "vault.kv.delete": ModelVaultKvDeletePayload,
  "vault.kv.undelete": ModelVaultKvUndeletePayload,
  "vault.kv.metadata": ModelVaultKvPathPayload,
  "vault.kv.list": ModelVaultKvListPayload,
  "vault.token.lookup": ModelVaultTokenLookupPayload,
  "vault.lease.renew": ModelVaultLeaseRenewPayload,
  "vault.lease.revoke": ModelVaultLeaseRevokePayload,
  "vault.dynamic.read": ModelVaultDynamicReadPayload,
} as const;

/** Options of {@link NodeVaultAdapterEffect}. */
export type NodeVaultAdapterEffectOptions = AdapterNodeEffectOptions;

/**
 * Service adapter for Vault/OpenBao, driven by its `contract.yaml`: KV v2, token lookup, leases and dynamic
 * credentials, validated with the generated models and delegated to the `vault` handler (HandlerVault) as envelopes.
 */
export class NodeVaultAdapterEffect extends AdapterNodeEffect<typeof PAYLOADS, typeof ModelVaultAdapterOutput> {
  /** The node's validated contract (read once from `contract.yaml` beside this module). */
  static contract(): ModelContract {
    return loadAdapterContract(new URL("./contract.yaml", import.meta.url));
  }

  constructor(container: ModelONEXContainer, options: NodeVaultAdapterEffectOptions = {}) {
    super(
      container,
      {
        contract: NodeVaultAdapterEffect.contract(),
        handlerType: "vault",
        transportType: EnumInfraTransportType.VAULT,
        inputModel: ModelVaultAdapterInput,
        payloadModels: PAYLOADS,
        outputModel: ModelVaultAdapterOutput,
      },
      options,
    );
  }
}
