// Shared plumbing of the service adapter nodes (infra/src/nodes/<adapter>/v1_0_0): load the node's contract, run
// each operation through core's NodeEffect (contract retry policy, timeout, circuit breaker) and delegate it to the
// backend's ProtocolHandler as an envelope. It lives outside src/nodes/ because a node may import only its own folder
// and shared infra modules (dependency-cruiser rule adapter-nodes-stay-in-their-folder).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  EnumCoreErrorCode,
  ModelContractErrorHandling,
  ModelOnexError,
  NodeEffect,
  assertContract,
  createEventEnvelope,
  createServiceToken,
  parseModel,
  type ModelContract,
  type ModelONEXContainer,
  type NodeEffectCircuitBreaker,
  type NodeEffectHandlerFunction,
  type NodeEffectProcessOptions,
  type ServiceToken,
} from "@onex/core";
import type { ProtocolHandler, ProtocolHealthCheckResult } from "@onex/spi";
import { z } from "zod";
import type { EnumInfraTransportType } from "../enums/enum-infra-transport-type.js";
import { ProtocolConfigurationError } from "../errors/error-protocol-configuration.js";
import type { CircuitBreakerFactory } from "../wiring/util-circuit-breaker-factory.js";
import { InfraServiceTokens, wireInfrastructureServices } from "../wiring/util-wire-infrastructure-services.js";

const contracts = new Map<string, ModelContract>();

/**
 * Reads and validates a node's `contract.yaml` (a `file:` URL next to the node module, also in `dist`, where the build
 * copies it). Cached per URL. Throws ProtocolConfigurationError when the file cannot be read and the core
 * CONTRACT_VALIDATION_ERROR (every problem with file, line and column) when it is invalid.
 */
export function loadAdapterContract(url: URL): ModelContract {
  const cached = contracts.get(url.href);
  if (cached !== undefined) return cached;
  const file = fileURLToPath(url);
  let text: string;
  try {
    text = readFileSync(url, "utf8");
  } catch (error) {
    throw new ProtocolConfigurationError(`cannot read node contract ${file}`, { cause: error, context: { operation: "load_contract", targetName: file } });
  }
  const contract = assertContract(text, file);
  contracts.set(url.href, contract);
  return contract;
}

/** Container tokens of one adapter node; the names are derived from the contract name, so node and registry agree. */
export interface AdapterNodeTokens<TNode> {
  /** The node itself (registered by its `RegistryInfra<Adapter>`). */
  readonly node: ServiceToken<TNode>;
  /** The handler the node delegates to; when absent the node uses RegistryProtocolBinding's handler of its type. */
  readonly handler: ServiceToken<ProtocolHandler>;
  /** The node-level breaker; when absent one is taken from the container's breaker factory. */
  readonly circuitBreaker: ServiceToken<NodeEffectCircuitBreaker>;
}

/** `onex.infra.nodes.<name>`, `.handler` and `.circuit_breaker`. */
export function adapterNodeTokens<TNode>(contractName: string): AdapterNodeTokens<TNode> {
  const base = `onex.infra.nodes.${contractName}`;
  return Object.freeze({
    node: createServiceToken<TNode>(base),
    handler: createServiceToken<ProtocolHandler>(`${base}.handler`),
    circuitBreaker: createServiceToken<NodeEffectCircuitBreaker>(`${base}.circuit_breaker`),
  });
}

const PASS_THROUGH: NodeEffectCircuitBreaker = Object.freeze({ execute: <T>(fn: () => Promise<T>): Promise<T> => fn() });

/**
 * The node-level breaker the contract asks for, from the shared breaker factory (so it shows up in the runtime's
 * circuit views as `node.<name>`), or a pass-through when `circuit_breaker.enabled` is false. Failures counted are
 * those the node would retry, plus attempt timeouts.
 */
export function adapterCircuitBreaker(factory: CircuitBreakerFactory, contract: ModelContract): NodeEffectCircuitBreaker {
  const errorHandling = parseModel(ModelContractErrorHandling, contract.error_handling ?? {}, `error_handling of contract "${contract.name}"`);
  const settings = errorHandling.circuit_breaker;
  if (!settings.enabled) return PASS_THROUGH;
  const retryableCodes: readonly string[] = errorHandling.retry_policy.retryable_error_codes ?? [];
  return factory.get(`node.${contract.name}`, {
    failureThreshold: settings.failure_threshold,
    resetTimeoutMs: settings.reset_timeout_ms,
    halfOpenMaxCalls: settings.half_open_max_requests,
    successThreshold: settings.success_threshold,
    isFailure: (error) =>
      !(error instanceof ModelOnexError) || error.isRetryable || error.errorCode === EnumCoreErrorCode.TIMEOUT_ERROR || retryableCodes.includes(error.errorCode),
  });
}

/** Payload models by operation, generated from the contract's definitions. */
export type AdapterPayloadModels = Readonly<Record<string, z.ZodType<Readonly<Record<string, unknown>>>>>;

/** What `process` accepts: one operation of the adapter with its typed payload. */
export type AdapterNodeRequest<P extends AdapterPayloadModels> = {
  [K in keyof P & string]: {
    readonly operation: K;
    readonly payload: z.input<P[K]>;
    /** Propagated to the handler's envelope and every error; a new UUIDv4 when absent. */
    readonly correlation_id?: string | undefined;
    /** Per-attempt timeout overriding the contract's `error_handling.timeout_ms`. */
    readonly timeout_ms?: number | undefined;
  };
}[keyof P & string];

/** The generated input model's shape every adapter contract shares. */
type AdapterInputShape = { operation: string; payload: Record<string, unknown>; correlation_id?: string | undefined; timeout_ms?: number | undefined };

/** What a concrete adapter node tells {@link AdapterNodeEffect}. */
export interface AdapterNodeSpec<P extends AdapterPayloadModels, O extends z.ZodType> {
  readonly contract: ModelContract;
  /** Handler type looked up in RegistryProtocolBinding when no handler was given (`db`, `consul`...). */
  readonly handlerType: string;
  readonly transportType: EnumInfraTransportType;
  /** The generated input model (`operation` enum, `payload` object, `correlation_id`, `timeout_ms`). */
  readonly inputModel: z.ZodType<AdapterInputShape>;
  /** The generated payload model of each operation. */
  readonly payloadModels: P;
  /** The generated output model. */
  readonly outputModel: O;
}

/** Options of an adapter node. */
export interface AdapterNodeEffectOptions {
  /** The handler to delegate to (already initialized); else the container's per-node token, else RegistryProtocolBinding. */
  readonly handler?: ProtocolHandler | undefined;
  /** The node-level breaker; else the container's per-node token, else one from the breaker factory (see {@link adapterCircuitBreaker}). */
  readonly circuitBreaker?: NodeEffectCircuitBreaker | undefined;
}

// What ProtocolHandler.execute resolves to (NodeEffect hands it back as `unknown`).
const HandlerResult = z.object({ payload: z.unknown(), metadata: z.record(z.string(), z.unknown()).optional() });

function correlationIdHint(input: unknown): string | undefined {
  if (typeof input !== "object" || input === null) return undefined;
  const value: unknown = (input as { correlation_id?: unknown }).correlation_id;
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * An EFFECT node serving its contract's operations through one backend handler. `process(input)` validates the input
 * with the generated input model and the payload with the operation's generated payload model (both throw a
 * VALIDATION_ERROR naming every bad field), runs the operation through {@link NodeEffect} (the contract's retry
 * policy, per-attempt timeout and breaker) with a handler that wraps the payload in an envelope
 * (`<operation>.requested`, source = contract name, the caller's correlation id) for `ProtocolHandler.execute`, and
 * returns the generated output model. Backend failures are returned (`success: false`, `error`), not thrown.
 */
export class AdapterNodeEffect<P extends AdapterPayloadModels, O extends z.ZodType> {
  readonly container: ModelONEXContainer;
  /** The validated contract. */
  readonly contract: ModelContract;
  /** The core archetype that runs every operation. */
  readonly effect: NodeEffect;
  readonly #spec: AdapterNodeSpec<P, O>;
  readonly #handler: ProtocolHandler | undefined;
  readonly #tokens: AdapterNodeTokens<unknown>;

  constructor(container: ModelONEXContainer, spec: AdapterNodeSpec<P, O>, options: AdapterNodeEffectOptions = {}) {
    this.container = container;
    this.contract = spec.contract;
    this.#spec = spec;
    this.#handler = options.handler;
    this.#tokens = adapterNodeTokens(spec.contract.name);
    const invoke: NodeEffectHandlerFunction = (payload, context) => this.#invoke(payload, context.operation, context.correlationId);
    const handlers = Object.fromEntries((spec.contract.handler_routing ?? []).map((route) => [route.handler, invoke]));
    const factory = container.tryResolveService(InfraServiceTokens.circuitBreakerFactory);
    // Without any of these, NodeEffect uses the container's NODE_EFFECT_CIRCUIT_BREAKER or its built-in breaker.
    const circuitBreaker =
      options.circuitBreaker ??
      container.tryResolveService(this.#tokens.circuitBreaker) ??
      (factory === undefined ? undefined : adapterCircuitBreaker(factory, spec.contract));
    this.effect = new NodeEffect(container, spec.contract, circuitBreaker === undefined ? { handlers } : { handlers, circuitBreaker });
  }

  /** The contract name, e.g. `postgres_adapter`. */
  get name(): string {
    return this.contract.name;
  }

  /** Operations this node serves (the keys of its payload models). */
  get operations(): string[] {
    return Object.keys(this.#spec.payloadModels).sort();
  }

  /** Runs one operation; see the class description. */
  async process(input: AdapterNodeRequest<P>, options: NodeEffectProcessOptions = {}): Promise<z.infer<O>> {
    const hint = correlationIdHint(input);
    const parsed = parseModel(this.#spec.inputModel, input, `${this.name} input`, hint);
    const correlationId = parsed.correlation_id ?? crypto.randomUUID();
    const payloadModel = Object.hasOwn(this.#spec.payloadModels, parsed.operation) ? this.#spec.payloadModels[parsed.operation] : undefined;
    if (payloadModel === undefined) {
      throw new ModelOnexError(`${this.name}: operation "${parsed.operation}" has no payload model; known: ${this.operations.join(", ")}`, {
        errorCode: EnumCoreErrorCode.UNKNOWN_HANDLER_TYPE,
        correlationId,
        context: { node: this.name, operation: parsed.operation },
      });
    }
    const payload = parseModel(payloadModel, parsed.payload, `${this.name} payload of ${parsed.operation}`, correlationId);
    // A missing handler is a wiring mistake: thrown like NodeEffect's unknown operation, not returned as a failure.
    this.#resolveHandler(correlationId);
    const out = await this.effect.process(
      { operation: parsed.operation, payload: { ...payload }, correlation_id: correlationId, ...(parsed.timeout_ms === undefined ? {} : { timeout_ms: parsed.timeout_ms }) },
      options,
    );
    const result = out.success ? parseModel(HandlerResult, out.result, `${this.name} handler result`, correlationId) : undefined;
    return parseModel(
      this.#spec.outputModel,
      {
        operation: out.operation,
        success: out.success,
        correlation_id: out.correlation_id,
        retry_count: out.retry_count,
        processing_time_ms: out.processing_time_ms,
        result: result?.payload ?? null,
        metadata: result?.metadata ?? {},
        error: out.error ?? null,
      },
      `${this.name} output`,
      correlationId,
    );
  }

  /** The handler's health (backend reachability, its circuit) plus the node's name; never rejects. */
  async health(): Promise<ProtocolHealthCheckResult> {
    let handler: ProtocolHandler;
    try {
      handler = this.#resolveHandler(undefined);
    } catch (error) {
      return { healthy: false, details: { node: this.name, reason: error instanceof Error ? error.message : "no handler" } };
    }
    try {
      const health = await handler.health();
      return { healthy: health.healthy, details: { node: this.name, handler: health.details } };
    } catch (error) {
      return { healthy: false, details: { node: this.name, reason: error instanceof Error ? error.message : "handler health failed" } };
    }
  }

  async #invoke(payload: Readonly<Record<string, unknown>>, operation: string, correlationId: string): Promise<unknown> {
    const handler = this.#resolveHandler(correlationId);
    const envelope = createEventEnvelope({ event_type: `${operation}.requested`, source: this.name, operation, payload, correlation_id: correlationId });
    return handler.execute(envelope);
  }

  #resolveHandler(correlationId: string | undefined): ProtocolHandler {
    const handler = this.#handler ?? this.container.tryResolveService(this.#tokens.handler);
    if (handler !== undefined) return handler;
    const binding = this.container.tryResolveService(InfraServiceTokens.protocolBindingRegistry);
    if (binding === undefined) {
      throw new ProtocolConfigurationError(
        `${this.name}: no "${this.#spec.handlerType}" handler: pass one, register it under "${this.#tokens.handler.name}", or bind it in RegistryProtocolBinding`,
        { context: { transportType: this.#spec.transportType, operation: "resolve_handler", targetName: this.name, correlationId } },
      );
    }
    return binding.get(this.#spec.handlerType, correlationId);
  }
}

/** Options of every `RegistryInfra<Adapter>.register`. */
export interface AdapterNodeRegistrationOptions {
  /** An initialized handler for this node only (registered under its per-node token); else RegistryProtocolBinding's. */
  readonly handler?: ProtocolHandler | undefined;
  /**
   * Instead of `handler`: a factory of this node's handler, called once on first use. The handler must be
   * initialized before the node's first operation (factories are synchronous; `initialize` is not).
   */
  readonly handlerFactory?: ((scope: ModelONEXContainer) => ProtocolHandler) | undefined;
  /** Replace registrations of the same tokens in this scope instead of failing with DUPLICATE_REGISTRATION. */
  readonly replace?: boolean | undefined;
}

/**
 * Registers an adapter node and its dependencies in `container`: the infrastructure services
 * (`wireInfrastructureServices`, idempotent), the handler (or its factory) when one is given, the node-level breaker (from
 * `InfraServiceTokens.circuitBreakerFactory` with the contract's settings) and the node itself (a singleton built on
 * first resolution).
 */
export function registerAdapterNode<TNode>(
  container: ModelONEXContainer,
  tokens: AdapterNodeTokens<TNode>,
  contract: () => ModelContract,
  create: (scope: ModelONEXContainer) => TNode,
  options: AdapterNodeRegistrationOptions = {},
): void {
  wireInfrastructureServices(container);
  const registry = container.serviceRegistry;
  const replace = options.replace === true;
  if (options.handler !== undefined && options.handlerFactory !== undefined) {
    throw new ProtocolConfigurationError(`register ${tokens.node.name}: give either handler or handlerFactory, not both`, {
      context: { operation: "register", targetName: tokens.node.name },
    });
  }
  if (options.handler !== undefined) registry.registerInstance(tokens.handler, options.handler, { replace });
  if (options.handlerFactory !== undefined) registry.registerFactory(tokens.handler, options.handlerFactory, { replace });
  registry.registerFactory(
    tokens.circuitBreaker,
    (scope) => adapterCircuitBreaker(scope.resolveService(InfraServiceTokens.circuitBreakerFactory), contract()),
    { replace },
  );
  registry.registerFactory(tokens.node, create, { replace });
}
