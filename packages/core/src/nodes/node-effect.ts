/**
 * The EFFECT archetype: external I/O run through the contract's `error_handling` (retry with exponential
 * backoff and full jitter, timeout, circuit breaker) and transactions with rollback (ARCHITECTURE §5).
 * @module
 */
import type { z } from "zod";
import type { ModelONEXContainer } from "../container/model-onex-container.js";
import { createServiceToken, type ServiceToken } from "../container/util-service-token.js";
import type { ModelContract, ModelContractHandlerRoute } from "../contracts/model-contract.js";
import { ModelContractErrorHandling, type ModelContractErrorHandlingInput } from "../contracts/model-contract-error-handling.js";
import { EnumCoreErrorCode } from "../enums/enum-core-error-code.js";
import { ModelOnexError } from "../errors/model-onex-error.js";
import { ModelEffectInput } from "../models/model-effect-input.js";
import type { ModelEffectOutput } from "../models/model-effect-output.js";
import { parseModel } from "../util/util-parse-model.js";
import { NodeEffectCircuitBreakerDefault, type NodeEffectCircuitBreaker } from "./node-effect-circuit-breaker.js";
import { nodeEffectHandlerToken, type NodeEffectHandler, type NodeEffectHandlerContext } from "./node-effect-handler.js";
import {
  NodeEffectTransactionStepInput,
  parseTransactionSteps,
  runEffectTransaction,
  type EffectRunOutcome,
  type NodeEffectTransactionOutput,
} from "./node-effect-transaction.js";
import { runWithTimeout, sleep as defaultSleep, type SleepFunction } from "./util-abortable.js";
import { computeBackoffDelay, type RandomSource } from "./util-backoff.js";
import { correlationIdHint } from "./util-node-input.js";

/**
 * Container token of a circuit breaker shared by the effect nodes of a scope. When registered, it replaces the
 * built-in minimal breaker (infra registers its richer one here).
 *
 * @category Nodes
 */
export const NODE_EFFECT_CIRCUIT_BREAKER: ServiceToken<NodeEffectCircuitBreaker> = createServiceToken<NodeEffectCircuitBreaker>("onex.effect-circuit-breaker");

/** Options of {@link NodeEffect}. @category Nodes */
export interface NodeEffectOptions {
  /** Handlers by operation (checked before `handler_routing`) or by handler name (as routed to). */
  readonly handlers?: Readonly<Record<string, NodeEffectHandler>>;
  /** A breaker for every call; wins over the container's {@link NODE_EFFECT_CIRCUIT_BREAKER} and the built-in one. */
  readonly circuitBreaker?: NodeEffectCircuitBreaker;
  /** Uniform random source in `[0, 1)` for jitter (tests inject one). */
  readonly random?: RandomSource;
  /** Backoff sleep (tests inject one). */
  readonly sleep?: SleepFunction;
  /** Clock in milliseconds for `processing_time_ms` and the built-in breaker; `Date.now` by default. */
  readonly now?: () => number;
}

/** Options of one {@link NodeEffect.executeTransaction} call. @category Nodes */
export interface NodeEffectTransactionOptions {
  /** Id of the transaction; a UUIDv4 by default. */
  readonly transactionId?: string;
  /** Correlation id; a UUIDv4 by default. */
  readonly correlationId?: string;
  /** Per-attempt timeout of each operation (and each rollback), overriding the contract's. */
  readonly timeoutMs?: number;
  /** Cancels the transaction: the running operation aborts and no retry follows (rollbacks still run). */
  readonly signal?: AbortSignal;
}

/** Options of one {@link NodeEffect.process} call. @category Nodes */
export interface NodeEffectProcessOptions {
  /** Cancels the operation: the running attempt's signal aborts and no retry follows (`CANCELLED`). */
  readonly signal?: AbortSignal;
}

interface ResolvedHandler {
  readonly handler: NodeEffectHandler;
  /** Breaker key for `per_backend`: the routed handler name, else the operation prefix. */
  readonly backend: string;
}

/**
 * EFFECT node. `process({operation, payload})` finds the handler (options.handlers by operation; else the
 * contract's `handler_routing`, exact operation before the longest matching prefix, to a handler name looked up in
 * options.handlers and then in the container under {@link nodeEffectHandlerToken}) and runs it:
 *
 * - through the circuit breaker: options.circuitBreaker, else {@link NODE_EFFECT_CIRCUIT_BREAKER} from the
 *   container, else a built-in {@link NodeEffectCircuitBreakerDefault} per backend (`per_backend`) or per node;
 * - retrying failed attempts up to `retry_policy.max_retries` times with full-jitter exponential backoff, but only
 *   retryable errors: a `ModelOnexError` whose `isRetryable` is true or whose code is in
 *   `retry_policy.retryable_error_codes`, and any non-ONEX error (an unclassified failure, e.g. a driver's
 *   socket error, is presumed transient; classify it as a ModelOnexError to stop retries);
 * - each attempt under `timeout_ms` (input, else `error_handling.timeout_ms`, both documented as per-attempt):
 *   when it fires the handler's `signal` aborts and the attempt fails with `TIMEOUT_ERROR`, which is retried like
 *   any transient failure; the caller's `signal` (process options) bounds or cancels the whole operation.
 *
 * Operation failures are returned (`success: false`, `error`), not thrown; an invalid input or an operation with
 * no handler throws (`VALIDATION_ERROR`, `UNKNOWN_HANDLER_TYPE`).
 *
 * @category Nodes
 */
export class NodeEffect {
  /** The container the node was built with. */
  readonly container: ModelONEXContainer;
  /** The contract, when the node was built from a whole contract. */
  readonly contract: ModelContract | undefined;
  /** The parsed `error_handling` (defaults applied). */
  readonly errorHandling: ModelContractErrorHandling;
  readonly #handlers = new Map<string, NodeEffectHandler>();
  readonly #routes: readonly ModelContractHandlerRoute[];
  readonly #sharedBreaker: NodeEffectCircuitBreaker | undefined;
  readonly #breakers = new Map<string, NodeEffectCircuitBreaker>();
  readonly #random: RandomSource;
  readonly #sleep: SleepFunction;
  readonly #now: () => number;

  /**
   * @param contract a whole contract (its `error_handling` and `handler_routing` are used) or just an
   * `error_handling` section.
   */
  constructor(container: ModelONEXContainer, contract: ModelContract | ModelContractErrorHandlingInput, options: NodeEffectOptions = {}) {
    this.container = container;
    const full = "node_type" in contract ? contract : undefined;
    this.contract = full;
    const where = full === undefined ? "error_handling" : `error_handling of contract "${full.name}"`;
    this.errorHandling = parseModel(ModelContractErrorHandling, full === undefined ? contract : (full.error_handling ?? {}), where);
    this.#routes = full?.handler_routing ?? [];
    for (const [name, handler] of Object.entries(options.handlers ?? {})) this.#handlers.set(name, handler);
    this.#random = options.random ?? Math.random;
    this.#sleep = options.sleep ?? defaultSleep;
    this.#now = options.now ?? Date.now;
    this.#sharedBreaker = options.circuitBreaker ?? container.tryResolveService(NODE_EFFECT_CIRCUIT_BREAKER);
  }

  /** Name used in messages: the contract's `name`, else `NodeEffect`. */
  get name(): string {
    return this.contract?.name ?? "NodeEffect";
  }

  /** Registers (or replaces) the handler of an operation or of a routed handler name. */
  register(operationOrHandlerName: string, handler: NodeEffectHandler): this {
    this.#handlers.set(operationOrHandlerName, handler);
    return this;
  }

  /** Whether an error would be retried under this node's retry policy (see the class description). */
  isRetryable(error: unknown): boolean {
    if (!(error instanceof ModelOnexError)) return true;
    if (attemptTimeouts.has(error)) return true;
    return error.isRetryable || (this.errorHandling.retry_policy.retryable_error_codes?.includes(error.errorCode) ?? false);
  }

  /** The breaker guarding `backend` (the shared one when injected). */
  circuitBreakerFor(backend: string): NodeEffectCircuitBreaker {
    if (this.#sharedBreaker !== undefined) return this.#sharedBreaker;
    const key = this.errorHandling.circuit_breaker.per_backend ? backend : "*";
    let breaker = this.#breakers.get(key);
    if (breaker === undefined) {
      breaker = new NodeEffectCircuitBreakerDefault(this.errorHandling.circuit_breaker, {
        name: key === "*" ? this.name : `${this.name}/${key}`,
        now: this.#now,
        isFailure: (error) => this.isRetryable(error),
      });
      this.#breakers.set(key, breaker);
    }
    return breaker;
  }

  /** Runs one operation; see the class description. */
  async process(input: z.input<typeof ModelEffectInput>, options: NodeEffectProcessOptions = {}): Promise<ModelEffectOutput> {
    const parsed = parseModel(ModelEffectInput, input, `${this.name} ModelEffectInput`, correlationIdHint(input));
    const correlationId = parsed.correlation_id ?? crypto.randomUUID();
    const resolved = this.#resolve(parsed.operation, correlationId);
    const started = this.#now();
    const outcome = await this.#run(parsed.operation, resolved, parsed.payload, correlationId, {
      timeoutMs: parsed.timeout_ms,
      signal: options.signal,
      metadata: parsed.metadata ?? {},
    });
    const base = {
      operation: parsed.operation,
      retry_count: outcome.retries,
      processing_time_ms: Math.max(0, this.#now() - started),
      correlation_id: correlationId,
    };
    return outcome.ok ? { ...base, result: outcome.result, success: true } : { ...base, result: null, success: false, error: outcome.error.toJSON() };
  }

  /**
   * Applies `steps` in order, each through the same retry/timeout/breaker path as {@link NodeEffect.process}.
   * When a step fails, the steps applied before it are rolled back in reverse order (those with a `rollback`);
   * the failed step itself is not (it did not apply). Every rollback is attempted; failures are listed in the
   * error context (`rollback_failures`), and the transaction state is then `failed` instead of `rolled_back`.
   *
   * @throws ModelOnexError `VALIDATION_ERROR` for malformed steps, `UNKNOWN_HANDLER_TYPE` when a step or rollback
   * operation has no handler (checked before anything runs).
   */
  async executeTransaction(steps: readonly NodeEffectTransactionStepInput[], options: NodeEffectTransactionOptions = {}): Promise<NodeEffectTransactionOutput> {
    const correlationId = options.correlationId ?? crypto.randomUUID();
    const parsedSteps = parseTransactionSteps(
      steps.map((step, index) => parseModel(NodeEffectTransactionStepInput, step, `${this.name} transaction step ${index}`, correlationId)),
      correlationId,
    );
    const handlers = new Map<string, ResolvedHandler>();
    for (const step of parsedSteps) {
      for (const operation of [step.operation, ...(step.rollback === undefined ? [] : [step.rollback.operation])]) {
        if (!handlers.has(operation)) handlers.set(operation, this.#resolve(operation, correlationId));
      }
    }
    const started = this.#now();
    const result = await runEffectTransaction(
      options.transactionId ?? crypto.randomUUID(),
      parsedSteps,
      (operation, payload, phase) =>
        this.#run(operation, handlers.get(operation) ?? this.#resolve(operation, correlationId), payload, correlationId, {
          timeoutMs: options.timeoutMs,
          signal: phase === "apply" ? options.signal : undefined,
          metadata: {},
        }),
      correlationId,
    );
    return { ...result, processing_time_ms: Math.max(0, this.#now() - started), correlation_id: correlationId };
  }

  #resolve(operation: string, correlationId: string): ResolvedHandler {
    const direct = this.#handlers.get(operation);
    if (direct !== undefined) return { handler: direct, backend: this.#routeFor(operation)?.handler ?? operationPrefix(operation) };
    const route = this.#routeFor(operation);
    if (route !== undefined) {
      const handler = this.#handlers.get(route.handler) ?? this.container.tryResolveService(nodeEffectHandlerToken(route.handler));
      if (handler !== undefined) return { handler, backend: route.handler };
    }
    const known = [...new Set([...this.#handlers.keys(), ...this.#routes.map((r) => r.operation)])].sort();
    const routed = route === undefined ? "" : ` (routed to handler "${route.handler}", which is neither registered nor in the container as "${nodeEffectHandlerToken(route.handler).name}")`;
    throw new ModelOnexError(`${this.name}: no handler for operation "${operation}"${routed}; known: ${known.join(", ") || "none"}`, {
      errorCode: EnumCoreErrorCode.UNKNOWN_HANDLER_TYPE,
      correlationId,
      context: { node: this.name, operation, known, ...(route === undefined ? {} : { handler: route.handler }) },
    });
  }

  #routeFor(operation: string): ModelContractHandlerRoute | undefined {
    const exact = this.#routes.find((route) => route.operation === operation);
    if (exact !== undefined) return exact;
    return this.#routes
      .filter((route) => operation.startsWith(`${route.operation}.`))
      .sort((a, b) => b.operation.length - a.operation.length)[0];
  }

  async #run(
    operation: string,
    resolved: ResolvedHandler,
    payload: Record<string, unknown>,
    correlationId: string,
    call: { readonly timeoutMs: number | undefined; readonly signal: AbortSignal | undefined; readonly metadata: Readonly<Record<string, string>> },
  ): Promise<EffectRunOutcome> {
    const policy = this.errorHandling.retry_policy;
    const backoff = { initialDelayMs: policy.initial_delay_ms, maxDelayMs: policy.max_delay_ms, multiplier: policy.backoff_multiplier, jitter: policy.jitter };
    const breaker = this.circuitBreakerFor(resolved.backend);
    const timeoutMs = call.timeoutMs ?? this.errorHandling.timeout_ms;
    for (let attempt = 0; ; attempt += 1) {
      try {
        // The timeout sits inside the breaker: a hung call still settles, so the breaker counts it and never
        // leaks a half-open trial slot.
        const result = await breaker.execute(() =>
          runWithTimeout((signal) => invoke(resolved.handler, payload, { signal, attempt, correlationId, operation, metadata: call.metadata }), {
            timeoutMs,
            signal: call.signal,
            onTimeout: () => this.#timeoutError(operation, timeoutMs, attempt, correlationId),
          }),
        );
        return { ok: true, result, retries: attempt };
      } catch (error) {
        const cancelled = call.signal?.aborted === true;
        if (cancelled || !this.isRetryable(error) || attempt >= policy.max_retries) {
          return { ok: false, error: this.#failure(cancelled ? cancellation(call.signal, correlationId) : error, operation, attempt, correlationId), retries: attempt };
        }
      }
      try {
        await this.#sleep(computeBackoffDelay(backoff, attempt, this.#random), call.signal);
      } catch {
        return { ok: false, error: this.#failure(cancellation(call.signal, correlationId), operation, attempt, correlationId), retries: attempt };
      }
    }
  }

  #timeoutError(operation: string, timeoutMs: number, attempt: number, correlationId: string): ModelOnexError {
    const error = new ModelOnexError(`${this.name}: operation "${operation}" attempt ${attempt + 1} timed out after ${timeoutMs} ms`, {
      errorCode: EnumCoreErrorCode.TIMEOUT_ERROR,
      correlationId,
      context: { node: this.name, operation, timeoutMs, attempt },
    });
    attemptTimeouts.add(error);
    return error;
  }

  #failure(error: unknown, operation: string, retries: number, correlationId: string): ModelOnexError {
    const inner = ModelOnexError.fromUnknown(error, correlationId, EnumCoreErrorCode.OPERATION_FAILED);
    return new ModelOnexError(`${this.name}: operation "${operation}" failed after ${retries + 1} attempt(s): ${inner.message}`, {
      errorCode: inner.errorCode,
      correlationId,
      cause: error,
      context: { node: this.name, operation, attempts: retries + 1, retryCount: retries },
    });
  }
}

/** Timeouts raised by this module's own attempt timer: transient by construction, so retryable. */
const attemptTimeouts = new WeakSet<ModelOnexError>();

function cancellation(signal: AbortSignal | undefined, correlationId: string): ModelOnexError {
  const reason: unknown = signal?.reason;
  if (reason instanceof ModelOnexError) return reason;
  return new ModelOnexError("operation cancelled by the caller", { errorCode: EnumCoreErrorCode.CANCELLED, correlationId, cause: reason });
}

function invoke(handler: NodeEffectHandler, payload: Record<string, unknown>, context: NodeEffectHandlerContext): Promise<unknown> {
  return typeof handler === "function" ? handler(payload, context) : handler.execute(payload, context);
}

function operationPrefix(operation: string): string {
  const dot = operation.indexOf(".");
  return dot > 0 ? operation.slice(0, dot) : operation;
}
