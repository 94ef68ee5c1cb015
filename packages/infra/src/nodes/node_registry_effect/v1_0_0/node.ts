// EFFECT node `node_registry_effect`: dual registration of a node in Consul and PostgreSQL. `registry.register` fans
// out to one NodeEffect operation per backend, run in parallel; each has its own breaker (registration:consul,
// registration:postgres) and its own retry loop, so a backend that fails is retried alone and the other backend's
// call is never repeated. The result says which backends acknowledged.
import {
  ModelEffectInput,
  ModelOnexError,
  parseModel,
  type ModelContract,
  type ModelEffectOutput,
  type ModelONEXContainer,
  type NodeEffectHandlerContext,
  type NodeEffectOptions,
  type NodeEffectProcessOptions,
} from "@onex/core";
import type { ProtocolEffectNode, ProtocolServiceDiscoveryRegistration } from "@onex/spi";
import type { z } from "zod";
import { EnumInfraTransportType } from "../../../enums/enum-infra-transport-type.js";
import { EnvelopeValidationError } from "../../../errors/error-envelope-validation.js";
import { RegistrationEffectNode } from "../../../registration/registration-effect-node.js";
import { parseRegistrationPayload } from "../../../registration/util-registration-payload.js";
import { loadRegistrationContract } from "../../../registration/util-registration-contract.js";
import { RegistrationServiceTokens } from "../../../registration/util-registration-tokens.js";
import {
  ModelRegistryDeregisterPayload,
  ModelRegistryRegisterPayload,
  type ModelNodeDescription,
  type ModelRegistrationBackend,
  type ModelRegistryBackendOutcome,
  type ModelRegistryEffectResult,
} from "./models/index.js";

/** Options of {@link NodeRegistryEffect} (tests inject `sleep` and `random` to skip real backoff). */
export type NodeRegistryEffectOptions = Pick<NodeEffectOptions, "sleep" | "random" | "now">;

const DEFAULT_PORTS: Readonly<Record<string, number>> = { "http:": 80, "https:": 443 };
const CONSUL_META_KEY = /^[A-Za-z0-9_-]{1,128}$/;
const CONSUL_META_MAX = 64;

interface BackendCall {
  readonly backend: ModelRegistrationBackend;
  readonly operation: string;
  readonly payload: Record<string, unknown>;
}

/** The Consul registration of a node: service id = node id, service name = node name, host and port of its endpoint. */
export function consulRegistrationOf(node: ModelNodeDescription, correlationId: string): ProtocolServiceDiscoveryRegistration {
  const url = new URL(node.endpoint);
  const address = url.hostname.replace(/^\[|\]$/g, "");
  const port = url.port === "" ? DEFAULT_PORTS[url.protocol] : Number(url.port);
  if (address === "" || port === undefined) {
    throw new EnvelopeValidationError("registry.consul.register: the node's endpoint has no host and port", {
      context: { transportType: EnumInfraTransportType.CONSUL, operation: "registry.consul.register", correlationId },
      nodeId: node.node_id,
    });
  }
  const metadata: Record<string, string> = { onex_node_type: node.node_type, onex_node_version: node.node_version, onex_endpoint: node.endpoint };
  for (const [key, value] of Object.entries(node.metadata)) {
    if (Object.keys(metadata).length >= CONSUL_META_MAX) break;
    if (!CONSUL_META_KEY.test(key) || key.startsWith("consul") || key in metadata) continue;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") metadata[key] = String(value).slice(0, 512);
  }
  return {
    serviceId: node.node_id,
    serviceName: node.node_name,
    address,
    port,
    tags: [node.node_type, `version:${node.node_version}`, ...node.capabilities.map((capability) => `capability:${capability}`)],
    metadata,
  };
}

/** Registers nodes in Consul and PostgreSQL with per-backend breakers and retries. */
export class NodeRegistryEffect extends RegistrationEffectNode implements ProtocolEffectNode {
  /** The node's validated contract (read once from `contract.yaml` beside this module). */
  static contract(): ModelContract {
    return loadRegistrationContract(new URL("./contract.yaml", import.meta.url));
  }

  readonly #now: () => number;

  constructor(container: ModelONEXContainer, options: NodeRegistryEffectOptions = {}) {
    super(container, NodeRegistryEffect.contract(), options);
    this.#now = options.now ?? Date.now;
    this.register("consul", (payload, context) => this.#consul(payload, context));
    this.register("postgres", (payload, context) => this.#postgres(payload, context));
  }

  /**
   * `registry.register` / `registry.deregister` fan out per backend (see the module comment); every other
   * operation (`registry.consul.*`, `registry.postgres.*`) runs as a plain NodeEffect operation.
   */
  override async process(input: z.input<typeof ModelEffectInput>, options: NodeEffectProcessOptions = {}): Promise<ModelEffectOutput> {
    const parsed = parseModel(ModelEffectInput, input, `${this.name} ModelEffectInput`, input.correlation_id);
    if (parsed.operation !== "registry.register" && parsed.operation !== "registry.deregister") return super.process(input, options);
    const operation = parsed.operation;
    const correlationId = parsed.correlation_id ?? crypto.randomUUID();
    const started = this.#now();
    let nodeId: string;
    let calls: BackendCall[];
    try {
      if (operation === "registry.register") {
        const payload = parseRegistrationPayload(ModelRegistryRegisterPayload, parsed.payload, operation, correlationId);
        nodeId = payload.node.node_id;
        calls = [...new Set(payload.backends)].map((backend) => ({
          backend,
          operation: backend === "consul" ? "registry.consul.register" : "registry.postgres.upsert",
          payload: { node: payload.node, ...(payload.at === undefined ? {} : { at: payload.at }) },
        }));
      } else {
        const payload = parseRegistrationPayload(ModelRegistryDeregisterPayload, parsed.payload, operation, correlationId);
        nodeId = payload.node_id;
        calls = [{ backend: "consul", operation: "registry.consul.deregister", payload: { node_id: payload.node_id } }];
      }
    } catch (error) {
      const failure = ModelOnexError.fromUnknown(error, correlationId);
      return { operation, result: null, success: false, retry_count: 0, processing_time_ms: 0, correlation_id: correlationId, error: failure.toJSON() };
    }
    const outputs = await Promise.all(
      calls.map((call) =>
        super.process(
          {
            operation: call.operation,
            payload: call.payload,
            correlation_id: correlationId,
            ...(parsed.timeout_ms === undefined ? {} : { timeout_ms: parsed.timeout_ms }),
            ...(parsed.metadata === undefined ? {} : { metadata: parsed.metadata }),
          },
          options,
        ),
      ),
    );
    const outcomes = calls.map((call, index): ModelRegistryBackendOutcome => {
      const output = outputs[index];
      return {
        backend: call.backend,
        success: output?.success === true,
        retry_count: output?.retry_count ?? 0,
        error_code: output?.error?.errorCode ?? null,
        error_message: output?.error?.message ?? null,
      };
    });
    const success = outcomes.every((outcome) => outcome.success);
    const result: ModelRegistryEffectResult = { operation, node_id: nodeId, success, outcomes };
    const firstError = outputs.find((output) => !output.success)?.error;
    return {
      operation,
      result,
      success,
      retry_count: Math.max(0, ...outcomes.map((outcome) => outcome.retry_count)),
      processing_time_ms: Math.max(0, this.#now() - started),
      correlation_id: correlationId,
      ...(firstError === undefined ? {} : { error: firstError }),
    };
  }

  async #consul(payload: Readonly<Record<string, unknown>>, context: NodeEffectHandlerContext): Promise<unknown> {
    const discovery = this.container.resolveService(RegistrationServiceTokens.serviceDiscovery);
    if (context.operation === "registry.consul.deregister") {
      const { node_id } = parseRegistrationPayload(ModelRegistryDeregisterPayload, payload, context.operation, context.correlationId);
      await discovery.deregister(node_id);
      return { node_id, deregistered: true };
    }
    if (context.operation !== "registry.consul.register") throw this.#unknownOperation(context);
    const { node } = parseRegistrationPayload(ModelRegistryRegisterPayload, payload, context.operation, context.correlationId);
    await discovery.register(consulRegistrationOf(node, context.correlationId));
    return { node_id: node.node_id, registered: true };
  }

  async #postgres(payload: Readonly<Record<string, unknown>>, context: NodeEffectHandlerContext): Promise<unknown> {
    if (context.operation !== "registry.postgres.upsert") throw this.#unknownOperation(context);
    const { node, at } = parseRegistrationPayload(ModelRegistryRegisterPayload, payload, context.operation, context.correlationId);
    const store = this.container.resolveService(RegistrationServiceTokens.projectionStore);
    const settings = this.container.tryResolveService(RegistrationServiceTokens.settings);
    await store.upsertDescription(node, at ?? (settings?.now() ?? new Date(this.#now())).toISOString());
    return { node_id: node.node_id, upserted: true };
  }

  #unknownOperation(context: NodeEffectHandlerContext): EnvelopeValidationError {
    return new EnvelopeValidationError(`${this.name}: unknown operation "${context.operation}"`, {
      context: { transportType: EnumInfraTransportType.RUNTIME, operation: context.operation, correlationId: context.correlationId },
    });
  }
}
