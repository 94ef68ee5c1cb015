// EFFECT node `node_registration_storage_effect`: the registration projection (RegistrationProjectionStore from the
// container, PostgreSQL in production) behind the shared registration:postgres breaker and the contract's retries.
import { type ModelContract, type ModelONEXContainer, type NodeEffectHandlerContext, type NodeEffectOptions } from "@onex/core";
import type { ProtocolEffectNode } from "@onex/spi";
import { EnumInfraTransportType } from "../../../enums/enum-infra-transport-type.js";
import { EnvelopeValidationError } from "../../../errors/error-envelope-validation.js";
import { RegistrationEffectNode } from "../../../registration/registration-effect-node.js";
import { parseRegistrationPayload } from "../../../registration/util-registration-payload.js";
import { loadRegistrationContract } from "../../../registration/util-registration-contract.js";
import { RegistrationServiceTokens } from "../../../registration/util-registration-tokens.js";
import {
  ModelRegistrationExpirePayload,
  ModelRegistrationExpireResult,
  ModelRegistrationGetPayload,
  ModelRegistrationGetResult,
  ModelRegistrationListPayload,
  ModelRegistrationListResult,
  ModelRegistrationStorePayload,
  ModelRegistrationStoreResult,
} from "./models/index.js";

/** Options of {@link NodeRegistrationStorageEffect} (tests inject `sleep` and `random` to skip real backoff). */
export type NodeRegistrationStorageEffectOptions = Pick<NodeEffectOptions, "sleep" | "random" | "now">;

/** Stores and reads the registration projection: `registration.store`, `.get`, `.list`, `.expire`. */
export class NodeRegistrationStorageEffect extends RegistrationEffectNode implements ProtocolEffectNode {
  /** The node's validated contract (read once from `contract.yaml` beside this module). */
  static contract(): ModelContract {
    return loadRegistrationContract(new URL("./contract.yaml", import.meta.url));
  }

  constructor(container: ModelONEXContainer, options: NodeRegistrationStorageEffectOptions = {}) {
    super(container, NodeRegistrationStorageEffect.contract(), options);
    this.register("postgres", (payload, context) => this.#handle(payload, context));
  }

  async #handle(payload: Readonly<Record<string, unknown>>, context: NodeEffectHandlerContext): Promise<unknown> {
    const store = this.container.resolveService(RegistrationServiceTokens.projectionStore);
    const { operation, correlationId } = context;
    switch (operation) {
      case "registration.store": {
        const { projection } = parseRegistrationPayload(ModelRegistrationStorePayload, payload, operation, correlationId);
        const stored = await store.store(projection);
        return ModelRegistrationStoreResult.parse({ node_id: projection.node_id, ...stored });
      }
      case "registration.get": {
        const { node_id } = parseRegistrationPayload(ModelRegistrationGetPayload, payload, operation, correlationId);
        return ModelRegistrationGetResult.parse({ projection: await store.get(node_id) });
      }
      case "registration.list": {
        const filter = parseRegistrationPayload(ModelRegistrationListPayload, payload, operation, correlationId);
        return ModelRegistrationListResult.parse({ projections: await store.list(filter) });
      }
      case "registration.expire": {
        const { projection, heartbeat_before } = parseRegistrationPayload(ModelRegistrationExpirePayload, payload, operation, correlationId);
        if (projection.registration_state !== "expired") {
          throw new EnvelopeValidationError(`${operation}: the projection must be in state "expired"`, {
            context: { transportType: EnumInfraTransportType.DATABASE, operation, correlationId },
          });
        }
        return ModelRegistrationExpireResult.parse({ node_id: projection.node_id, applied: await store.expire(projection, heartbeat_before) });
      }
      default:
        throw new EnvelopeValidationError(`${this.name}: unknown operation "${operation}"`, {
          context: { transportType: EnumInfraTransportType.DATABASE, operation, correlationId },
        });
    }
  }
}
