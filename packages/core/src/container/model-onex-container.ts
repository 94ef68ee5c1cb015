/**
 * The dependency-injection container every ONEX service and node is wired through (rulebook: "All services MUST
 * use ModelONEXContainer"). Wraps tsyringe without decorators: services are registered by typed token.
 * @module
 */
import { ModelONEXContainerServiceRegistry } from "./model-onex-container-service-registry.js";
import type { ServiceToken } from "./service-token.js";

/** A synchronous service factory; receives the container scope it is resolved for. @category Container */
export type ContainerServiceFactory<T> = (container: ModelONEXContainer) => T;

/** A service class: its constructor takes the container and resolves its own dependencies. @category Container */
export type ContainerServiceClass<T> = new (container: ModelONEXContainer) => T;

/**
 * The ONEX DI container (one per process, plus one child scope per request where needed).
 *
 * ```ts
 * const EVENT_BUS = createServiceToken<ProtocolEventBus>("ProtocolEventBus");
 * const container = new ModelONEXContainer();
 * container.serviceRegistry.registerFactory(EVENT_BUS, () => new EventBusInmemory());
 * const bus = container.resolveService(EVENT_BUS); // typed ProtocolEventBus
 * const request = container.createChildScope(); // scoped services get one instance per scope
 * await request.dispose();
 * ```
 *
 * Lifecycles: `singleton` (default; created once by the scope that registered it, shared with child scopes),
 * `transient` (new instance per resolution) and `scoped` (one instance per scope).
 *
 * @category Container
 */
export class ModelONEXContainer {
  /** Where services are registered and resolved. */
  readonly serviceRegistry: ModelONEXContainerServiceRegistry<ModelONEXContainer>;
  /** The parent scope, for a child scope. */
  readonly parent: ModelONEXContainer | undefined;

  /** Creates a root container; use {@link createChildScope} for child scopes (passing `parent` does the same). */
  constructor(parent?: ModelONEXContainer) {
    this.parent = parent;
    this.serviceRegistry = new ModelONEXContainerServiceRegistry<ModelONEXContainer>(this, parent?.serviceRegistry);
  }

  /** Creates a child scope: it sees this scope's services, may shadow them, and keeps its own `scoped` instances. */
  createChildScope(): ModelONEXContainer {
    return new ModelONEXContainer(this);
  }

  /** Returns the service for `token`; see {@link ModelONEXContainerServiceRegistry.resolveService}. */
  resolveService<T>(token: ServiceToken<T>): T {
    return this.serviceRegistry.resolveService(token);
  }

  /** Returns the service for `token`, or `undefined` when it is not registered. */
  tryResolveService<T>(token: ServiceToken<T>): T | undefined {
    return this.serviceRegistry.tryResolveService(token);
  }

  /** Whether `token` is registered in this scope or an ancestor. */
  isRegistered(token: ServiceToken<unknown>): boolean {
    return this.serviceRegistry.isRegistered(token);
  }

  /** Whether this scope has been disposed. */
  get isDisposed(): boolean {
    return this.serviceRegistry.isDisposed;
  }

  /** Disposes child scopes, then this scope's services in reverse creation order (`dispose()` or `close()`). */
  dispose(): Promise<void> {
    return this.serviceRegistry.dispose();
  }
}
