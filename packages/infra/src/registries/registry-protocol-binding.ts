import { EnumCoreErrorCode, ModelOnexError } from "@onex/core";
import type { ProtocolHandler } from "@onex/spi";
import { currentCorrelationId } from "../correlation/util-correlation.js";
import { ProtocolConfigurationError } from "../errors/error-protocol-configuration.js";
import { UnknownHandlerTypeError } from "../errors/error-unknown-handler-type.js";
import { describeNames } from "./util-versioned-catalog.js";

/** One binding: an operation prefix and the handler serving it. */
export interface RegistryProtocolBindingEntry {
  readonly handlerType: string;
  readonly handler: ProtocolHandler;
}

// The first segment of an envelope operation (`db` in `db.query`), as ModelEventEnvelope's operation pattern allows.
const HANDLER_TYPE = /^[a-z][a-z0-9_]*$/;

/**
 * Handler type (the operation prefix of an envelope: `db` for `db.query`) -> the handler serving it. The runtime
 * routes each envelope with {@link resolveForOperation}. Binding a type twice throws DUPLICATE_REGISTRATION
 * (re-binding the same instance is a no-op); an unknown type throws {@link UnknownHandlerTypeError} naming the
 * registered types.
 */
export class RegistryProtocolBinding {
  readonly #handlers = new Map<string, ProtocolHandler>();

  /** Binds `handler` under its own `handlerType`. */
  register(handler: ProtocolHandler): this {
    return this.bind(handler.handlerType, handler);
  }

  /** Binds `handler` under `handlerType` (which may differ from the handler's own, e.g. an alias). */
  bind(handlerType: string, handler: ProtocolHandler): this {
    if (typeof handlerType !== "string" || !HANDLER_TYPE.test(handlerType)) {
      throw new ProtocolConfigurationError(
        `cannot bind handler type ${JSON.stringify(handlerType)}: a handler type is the lowercase first segment of an operation, e.g. "db" for "db.query"`,
        { context: { operation: "bind", targetName: "RegistryProtocolBinding" }, handlerType: String(handlerType) },
      );
    }
    const bound = this.#handlers.get(handlerType);
    if (bound === handler) return this;
    if (bound !== undefined) {
      throw new ModelOnexError(
        `handler type "${handlerType}" is already bound in RegistryProtocolBinding (to ${describeHandler(bound)}); unbind it first to replace it`,
        {
          errorCode: EnumCoreErrorCode.DUPLICATE_REGISTRATION,
          correlationId: currentCorrelationId(),
          context: { registry: "RegistryProtocolBinding", handlerType, registered: this.handlerTypes() },
        },
      );
    }
    this.#handlers.set(handlerType, handler);
    return this;
  }

  /** Removes the binding of `handlerType`; returns whether there was one. The handler is not shut down. */
  unbind(handlerType: string): boolean {
    return this.#handlers.delete(handlerType);
  }

  /** The handler bound to `handlerType`; throws {@link UnknownHandlerTypeError} naming it and the registered types. */
  get(handlerType: string, correlationId?: string): ProtocolHandler {
    const handler = this.#handlers.get(handlerType);
    if (handler === undefined) {
      throw this.#unknown(`no handler registered for handler type "${handlerType}"`, handlerType, undefined, correlationId);
    }
    return handler;
  }

  /** Like {@link get} but `undefined` when the type is not bound. */
  tryGet(handlerType: string): ProtocolHandler | undefined {
    return this.#handlers.get(handlerType);
  }

  /** Whether `handlerType` is bound. */
  has(handlerType: string): boolean {
    return this.#handlers.has(handlerType);
  }

  /**
   * The handler for an envelope operation, by its prefix: `db.query` -> the `db` handler. Throws
   * {@link UnknownHandlerTypeError} naming the operation, its prefix and the registered types.
   */
  resolveForOperation(operation: string, correlationId?: string): ProtocolHandler {
    const handlerType = operation.split(".", 1)[0] ?? "";
    const handler = this.#handlers.get(handlerType);
    if (handler === undefined) {
      const shown = JSON.stringify(operation.slice(0, 128));
      throw this.#unknown(`no handler registered for operation ${shown} (handler type "${handlerType}")`, handlerType, operation.slice(0, 128), correlationId);
    }
    return handler;
  }

  /** Bound handler types, sorted. */
  handlerTypes(): string[] {
    return [...this.#handlers.keys()].sort();
  }

  /** Every binding, sorted by handler type. */
  list(): RegistryProtocolBindingEntry[] {
    return this.handlerTypes().map((handlerType) => ({ handlerType, handler: this.#handlers.get(handlerType) as ProtocolHandler }));
  }

  /**
   * Shuts every distinct bound handler down (concurrently; a handler bound under two types once). All are
   * attempted; failures are reported together as one OPERATION_FAILED error naming the handler types.
   */
  async shutdownAll(): Promise<void> {
    const byHandler = new Map<ProtocolHandler, string>();
    for (const { handlerType, handler } of this.list()) if (!byHandler.has(handler)) byHandler.set(handler, handlerType);
    const outcomes = await Promise.allSettled([...byHandler.keys()].map((handler) => handler.shutdown()));
    const failed = [...byHandler.values()].filter((_type, index) => outcomes[index]?.status === "rejected");
    if (failed.length === 0) return;
    const reasons = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason as unknown] : []));
    throw new ModelOnexError(`failed to shut down ${failed.length} handler(s): ${failed.join(", ")}`, {
      errorCode: EnumCoreErrorCode.OPERATION_FAILED,
      correlationId: currentCorrelationId(),
      cause: reasons.length === 1 ? reasons[0] : new AggregateError(reasons, "handler shutdown failures"),
      context: { registry: "RegistryProtocolBinding", handlerTypes: failed },
    });
  }

  #unknown(what: string, handlerType: string, operation: string | undefined, correlationId: string | undefined): UnknownHandlerTypeError {
    const registered = this.handlerTypes();
    return new UnknownHandlerTypeError(`${what}; registered handler types: ${describeNames(registered)}`, {
      context: { targetName: "RegistryProtocolBinding", ...(operation === undefined ? {} : { operation }) },
      correlationId,
      handlerType,
      registered,
    });
  }
}

function describeHandler(handler: ProtocolHandler): string {
  try {
    const { handlerType, version } = handler.describe();
    return `handler "${handlerType}" ${version}`;
  } catch {
    return `a handler of type "${handler.handlerType}"`;
  }
}
