// EFFECT node `postgres_adapter`: the contract's db.* operations through the `db` handler (pg or PGlite).
import type { ModelContract, ModelONEXContainer } from "@onex/core";
import { AdapterNodeEffect, loadAdapterContract, type AdapterNodeEffectOptions } from "../../../adapters/util-adapter-node.js";
import { EnumInfraTransportType } from "../../../enums/enum-infra-transport-type.js";
import {
  ModelPostgresAdapterInput,
  ModelPostgresAdapterOutput,
  ModelPostgresQueryPayload,
  ModelPostgresStatement,
  ModelPostgresTransactionPayload,
} from "./models/index.js";

const PAYLOADS = {
  "db.query": ModelPostgresQueryPayload,
  "db.execute": ModelPostgresStatement,
  "db.transaction": ModelPostgresTransactionPayload,
} as const;

/** Options of {@link NodePostgresAdapterEffect}. */
export type NodePostgresAdapterEffectOptions = AdapterNodeEffectOptions;

/**
 * Service adapter for PostgreSQL, driven by its `contract.yaml`: `db.query`, `db.execute` and `db.transaction`
 * validated with the generated models and delegated to the `db` handler (HandlerDb) as envelopes.
 */
export class NodePostgresAdapterEffect extends AdapterNodeEffect<typeof PAYLOADS, typeof ModelPostgresAdapterOutput> {
  /** The node's validated contract (read once from `contract.yaml` beside this module). */
  static contract(): ModelContract {
    return loadAdapterContract(new URL("./contract.yaml", import.meta.url));
  }

  constructor(container: ModelONEXContainer, options: NodePostgresAdapterEffectOptions = {}) {
    super(
      container,
      {
        contract: NodePostgresAdapterEffect.contract(),
        handlerType: "db",
        transportType: EnumInfraTransportType.DATABASE,
        inputModel: ModelPostgresAdapterInput,
        payloadModels: PAYLOADS,
        outputModel: ModelPostgresAdapterOutput,
      },
      options,
    );
  }
}
