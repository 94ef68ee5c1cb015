/**
 * The service registry behind {@link ModelONEXContainer}: registrations, lifecycles, scopes and disposal on top
 * of tsyringe (which stores registrations and walks the parent chain). No decorators: every service is
 * registered by explicit token, as an instance, a factory or a class whose constructor takes the container.
 * @module
 */
// tsyringe needs the Reflect metadata polyfill loaded before it is imported (it throws otherwise).
import "reflect-metadata";
import { container as tsyringeRoot, type DependencyContainer } from "tsyringe";
import { EnumCoreErrorCode } from "../enums/enum-core-error-code.js";
import { EnumLifecycle } from "../enums/enum-lifecycle.js";
import { ModelOnexError } from "../errors/model-onex-error.js";
import type { ServiceToken } from "./service-token.js";

/** Options of `registerFactory` and `registerClass`. @category Container */
export interface RegistrationOptions {
  /** `singleton` (default), `transient` or `scoped`. */
  readonly lifecycle?: EnumLifecycle | undefined;
  /** Replace a registration of the same token in this scope instead of failing with DUPLICATE_REGISTRATION. */
  readonly replace?: boolean | undefined;
}

/** Options of `registerInstance`. @category Container */
export interface InstanceRegistrationOptions {
  /** Replace a registration of the same token in this scope instead of failing with DUPLICATE_REGISTRATION. */
  readonly replace?: boolean | undefined;
  /** Let the scope's `dispose()` dispose/close the instance too (by default the caller owns it). */
  readonly disposeWithScope?: boolean | undefined;
}

interface Registration<S> {
  readonly name: string;
  readonly lifecycle: EnumLifecycle;
  readonly owner: ModelONEXContainerServiceRegistry<S>;
  readonly create: (scope: S) => unknown;
  singleton: { readonly value: unknown } | undefined;
}

// State shared by all scopes of one container tree.
interface SharedState<S> {
  readonly scopes: WeakMap<DependencyContainer, ModelONEXContainerServiceRegistry<S>>;
  readonly resolving: Registration<S>[];
}

interface Created {
  readonly name: string;
  readonly value: unknown;
}

function disposerOf(value: unknown): (() => unknown) | undefined {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return undefined;
  const candidate = value as { dispose?: unknown; close?: unknown };
  const method = typeof candidate.dispose === "function" ? candidate.dispose : typeof candidate.close === "function" ? candidate.close : undefined;
  if (method === undefined) return undefined;
  const fn = method as (this: unknown) => unknown;
  return () => fn.call(value);
}

/**
 * Registrations of one container scope. A child scope sees its parent's registrations, may shadow them without
 * affecting the parent, shares the parent's singletons and keeps its own `scoped` instances.
 *
 * `S` is the scope object handed to factories and class constructors (the `ModelONEXContainer`).
 *
 * @category Container
 */
export class ModelONEXContainerServiceRegistry<S> {
  private readonly tsyringe: DependencyContainer;
  private readonly shared: SharedState<S>;
  private readonly own = new Map<string, Registration<S>>();
  private readonly scoped = new Map<Registration<S>, { readonly value: unknown }>();
  private readonly children = new Set<ModelONEXContainerServiceRegistry<S>>();
  private created: Created[] = [];
  private disposed = false;

  /**
   * @param scope - the object factories and constructors receive for this scope.
   * @param parent - the parent scope's registry, for a child scope.
   */
  constructor(
    private readonly scope: S,
    private readonly parent?: ModelONEXContainerServiceRegistry<S>,
  ) {
    if (parent !== undefined) {
      parent.ensureOpen("create a child scope");
      this.tsyringe = parent.tsyringe.createChildContainer();
      this.shared = parent.shared;
      parent.children.add(this);
    } else {
      this.tsyringe = tsyringeRoot.createChildContainer();
      this.shared = { scopes: new WeakMap(), resolving: [] };
    }
    this.shared.scopes.set(this.tsyringe, this);
  }

  /** Whether `dispose()` has run. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Registers an existing value; it is the same for every scope. */
  registerInstance<T>(token: ServiceToken<T>, value: T, options: InstanceRegistrationOptions = {}): this {
    this.add(token, EnumLifecycle.SINGLETON, () => value, options.replace === true, { value });
    if (options.disposeWithScope === true) this.track(token.name, value);
    return this;
  }

  /** Registers a synchronous factory called with the scope (the owning scope for singletons). */
  registerFactory<T>(token: ServiceToken<T>, factory: (scope: S) => T, options: RegistrationOptions = {}): this {
    this.add(token, options.lifecycle ?? EnumLifecycle.SINGLETON, factory, options.replace === true, undefined);
    return this;
  }

  /** Registers a class whose constructor takes the scope: `constructor(container: ModelONEXContainer)`. */
  registerClass<T>(token: ServiceToken<T>, ctor: new (scope: S) => T, options: RegistrationOptions = {}): this {
    this.add(token, options.lifecycle ?? EnumLifecycle.SINGLETON, (scope) => new ctor(scope), options.replace === true, undefined);
    return this;
  }

  /**
   * Returns the service for `token`. Throws SERVICE_NOT_REGISTERED (naming the token, the resolution path and
   * every registered name) when neither this scope nor an ancestor has it, INVALID_CONFIGURATION on a dependency
   * cycle, and INTERNAL_ERROR wrapping what a factory threw (ONEX errors pass through unchanged).
   */
  resolveService<T>(token: ServiceToken<T>): T {
    this.ensureOpen(`resolve service "${token.name}"`);
    if (!this.tsyringe.isRegistered(token.name, true)) throw this.notRegistered(token.name);
    return this.tsyringe.resolve<T>(token.name);
  }

  /** Like {@link resolveService} but returns `undefined` when the token is not registered (factory errors still throw). */
  tryResolveService<T>(token: ServiceToken<T>): T | undefined {
    return this.isRegistered(token) ? this.resolveService(token) : undefined;
  }

  /** Whether this scope or an ancestor has a registration for `token`. */
  isRegistered(token: ServiceToken<unknown>): boolean {
    return !this.disposed && this.tsyringe.isRegistered(token.name, true);
  }

  /** Sorted names of every service visible from this scope (its own and its ancestors'). */
  listRegistered(): string[] {
    const names = new Set<string>([...this.own.keys(), ...(this.parent?.listRegistered() ?? [])]);
    return [...names].sort();
  }

  /**
   * Disposes this scope: first its live child scopes, then every singleton and scoped instance it created (and
   * instances registered with `disposeWithScope`), in reverse creation order, awaiting each `dispose()` or
   * `close()`. Every service is attempted; failures are reported together as one OPERATION_FAILED error.
   * Idempotent; the scope cannot be used afterwards.
   */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const failures: { readonly name: string; readonly error: unknown }[] = [];
    for (const child of [...this.children].reverse()) {
      try {
        await child.dispose();
      } catch (error) {
        failures.push({ name: "(child scope)", error });
      }
    }
    const created = this.created.reverse();
    this.created = [];
    for (const { name, value } of created) {
      const dispose = disposerOf(value);
      if (dispose === undefined) continue;
      try {
        await dispose();
      } catch (error) {
        failures.push({ name, error });
      }
    }
    this.scoped.clear();
    this.parent?.children.delete(this);
    await this.tsyringe.dispose();
    const first = failures[0];
    if (first !== undefined) {
      const names = failures.map((failure) => failure.name);
      throw new ModelOnexError(`failed to dispose ${failures.length} service(s): ${names.join(", ")}`, {
        errorCode: EnumCoreErrorCode.OPERATION_FAILED,
        cause: failures.length === 1 ? first.error : new AggregateError(failures.map((failure) => failure.error), "dispose failures"),
        context: { services: names },
      });
    }
  }

  private add(token: ServiceToken<unknown>, lifecycle: EnumLifecycle, create: (scope: S) => unknown, replace: boolean, value: { value: unknown } | undefined): void {
    this.ensureOpen(`register service "${token.name}"`);
    if (this.own.has(token.name) && !replace) {
      throw new ModelOnexError(`service "${token.name}" is already registered in this scope; pass { replace: true } to replace it`, {
        errorCode: EnumCoreErrorCode.DUPLICATE_REGISTRATION,
        context: { service: token.name },
      });
    }
    const registration: Registration<S> = { name: token.name, lifecycle, owner: this, create, singleton: value };
    this.own.set(token.name, registration);
    // tsyringe keeps the last registration of a token and passes the resolving container to factories.
    this.tsyringe.register(token.name, { useFactory: (resolving) => this.produce(registration, resolving) });
  }

  private produce(registration: Registration<S>, resolving: DependencyContainer): unknown {
    const scope = this.shared.scopes.get(resolving) ?? this;
    switch (registration.lifecycle) {
      case EnumLifecycle.SINGLETON: {
        if (registration.singleton !== undefined) return registration.singleton.value;
        // Created in (and owned by) the registering scope, so it never captures a short-lived child's services.
        const value = registration.owner.create(registration);
        registration.singleton = { value };
        return value;
      }
      case EnumLifecycle.SCOPED: {
        const cached = scope.scoped.get(registration);
        if (cached !== undefined) return cached.value;
        const value = scope.create(registration);
        scope.scoped.set(registration, { value });
        return value;
      }
      case EnumLifecycle.TRANSIENT:
        return scope.create(registration, false);
    }
  }

  private create(registration: Registration<S>, track = true): unknown {
    const stack = this.shared.resolving;
    if (stack.includes(registration)) {
      const cycle = [...stack.slice(stack.indexOf(registration)).map((entry) => entry.name), registration.name];
      throw new ModelOnexError(`circular service dependency: ${cycle.join(" -> ")}`, {
        errorCode: EnumCoreErrorCode.INVALID_CONFIGURATION,
        context: { cycle },
      });
    }
    stack.push(registration);
    try {
      const value = registration.create(this.scope);
      if (track) this.track(registration.name, value);
      return value;
    } catch (error) {
      if (error instanceof ModelOnexError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new ModelOnexError(`failed to create service "${registration.name}": ${message}`, {
        errorCode: EnumCoreErrorCode.INTERNAL_ERROR,
        cause: error,
        context: { service: registration.name, lifecycle: registration.lifecycle, resolutionPath: stack.map((entry) => entry.name) },
      });
    } finally {
      stack.pop();
    }
  }

  private track(name: string, value: unknown): void {
    if ((typeof value === "object" && value !== null) || typeof value === "function") this.created.push({ name, value });
  }

  private notRegistered(name: string): ModelOnexError {
    const registered = this.listRegistered();
    const path = this.shared.resolving.map((entry) => entry.name);
    const neededBy = path.length > 0 ? ` (needed by ${path.join(" -> ")})` : "";
    const listed = registered.length > 0 ? registered.join(", ") : "none";
    return new ModelOnexError(`service "${name}" is not registered${neededBy}; registered: ${listed}`, {
      errorCode: EnumCoreErrorCode.SERVICE_NOT_REGISTERED,
      context: { service: name, registered, resolutionPath: path },
    });
  }

  private ensureOpen(action: string): void {
    if (this.disposed) {
      throw new ModelOnexError(`cannot ${action}: the container scope has been disposed`, {
        errorCode: EnumCoreErrorCode.INVALID_STATE_TRANSITION,
        context: { action },
      });
    }
  }
}
