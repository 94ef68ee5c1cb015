import { describe, expect, expectTypeOf, it } from "vitest";
import { ModelONEXContainer, ModelOnexError, type ServiceToken, type ServiceTokenType, createServiceToken } from "../src/index.js";

interface Clock {
  now(): number;
}

interface Counter {
  readonly id: number;
}

function counterFactory(): () => Counter {
  let next = 0;
  return () => ({ id: ++next });
}

function thrown(work: () => unknown): ModelOnexError {
  try {
    work();
  } catch (error) {
    if (error instanceof ModelOnexError) return error;
    throw error;
  }
  throw new Error("expected a ModelOnexError");
}

async function rejected(work: () => Promise<unknown>): Promise<ModelOnexError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof ModelOnexError) return error;
    throw error;
  }
  throw new Error("expected a ModelOnexError");
}

const CLOCK = createServiceToken<Clock>("Clock");
const COUNTER = createServiceToken<Counter>("Counter");
const CONFIG = createServiceToken<{ readonly env: string }>("Config");

describe("service tokens", () => {
  it("carry the service type to resolveService", () => {
    const container = new ModelONEXContainer();
    container.serviceRegistry.registerInstance(CLOCK, { now: () => 42 });
    expectTypeOf(container.resolveService(CLOCK)).toEqualTypeOf<Clock>();
    expectTypeOf(container.tryResolveService(CLOCK)).toEqualTypeOf<Clock | undefined>();
    expectTypeOf<ServiceTokenType<typeof CLOCK>>().toEqualTypeOf<Clock>();
    expectTypeOf(CLOCK).not.toEqualTypeOf<ServiceToken<Counter>>();
    expect(container.resolveService(CLOCK).now()).toBe(42);
  });

  it("identify a service by name, so a token re-created elsewhere resolves the same service", () => {
    const container = new ModelONEXContainer();
    container.serviceRegistry.registerInstance(CONFIG, { env: "dev" });
    expect(container.resolveService(createServiceToken<{ readonly env: string }>("Config"))).toEqual({ env: "dev" });
  });

  it.each(["", "   ", " padded"])("reject the blank or padded name %j", (name) => {
    expect(thrown(() => createServiceToken(name)).errorCode).toBe("INVALID_INPUT");
  });
});

describe("registration and resolution", () => {
  it("returns a registered instance as is", () => {
    const container = new ModelONEXContainer();
    const clock: Clock = { now: () => 1 };
    container.serviceRegistry.registerInstance(CLOCK, clock);
    expect(container.resolveService(CLOCK)).toBe(clock);
    expect(container.serviceRegistry.resolveService(CLOCK)).toBe(clock);
  });

  it("calls a factory with the container so it can resolve its own dependencies", () => {
    const container = new ModelONEXContainer();
    let received: ModelONEXContainer | undefined;
    container.serviceRegistry.registerInstance(CONFIG, { env: "prod" });
    container.serviceRegistry.registerFactory(COUNTER, (c) => {
      received = c;
      return { id: c.resolveService(CONFIG).env.length };
    });
    expect(container.resolveService(COUNTER)).toEqual({ id: 4 });
    expect(received).toBe(container);
  });

  it("constructs a registered class with the container", () => {
    class SystemClock implements Clock {
      readonly offset: number;
      constructor(container: ModelONEXContainer) {
        this.offset = container.resolveService(CONFIG).env === "test" ? 1000 : 0;
      }
      now(): number {
        return this.offset;
      }
    }
    const container = new ModelONEXContainer();
    container.serviceRegistry.registerInstance(CONFIG, { env: "test" }).registerClass(CLOCK, SystemClock);
    const clock = container.resolveService(CLOCK);
    expect(clock).toBeInstanceOf(SystemClock);
    expect(clock.now()).toBe(1000);
  });

  it("tryResolveService returns undefined for an unregistered token", () => {
    const container = new ModelONEXContainer();
    expect(container.tryResolveService(CLOCK)).toBeUndefined();
    expect(container.isRegistered(CLOCK)).toBe(false);
  });

  it("tryResolveService still reports a failing factory instead of hiding it", () => {
    const container = new ModelONEXContainer();
    container.serviceRegistry.registerFactory(CLOCK, () => {
      throw new TypeError("clock source missing");
    });
    const error = thrown(() => container.tryResolveService(CLOCK));
    expect(error.errorCode).toBe("INTERNAL_ERROR");
    expect(error.message).toBe('failed to create service "Clock": clock source missing');
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it("a failed singleton factory is retried on the next resolution", () => {
    const container = new ModelONEXContainer();
    let calls = 0;
    container.serviceRegistry.registerFactory(COUNTER, () => {
      calls += 1;
      if (calls === 1) throw new Error("not yet");
      return { id: calls };
    });
    expect(() => container.resolveService(COUNTER)).toThrow(ModelOnexError);
    expect(container.resolveService(COUNTER)).toEqual({ id: 2 });
  });

  it("fails to resolve an unregistered token with SERVICE_NOT_REGISTERED naming it and listing what is registered", () => {
    const container = new ModelONEXContainer();
    container.serviceRegistry.registerInstance(CONFIG, { env: "dev" });
    const child = container.createChildScope();
    child.serviceRegistry.registerInstance(COUNTER, { id: 1 });
    const error = thrown(() => child.resolveService(CLOCK));
    expect(error.errorCode).toBe("SERVICE_NOT_REGISTERED");
    expect(error.message).toBe('service "Clock" is not registered; registered: Config, Counter');
    expect(error.context).toMatchObject({ service: "Clock", registered: ["Config", "Counter"] });
  });

  it("names the chain of services that needed a missing dependency", () => {
    const container = new ModelONEXContainer();
    container.serviceRegistry.registerFactory(COUNTER, (c) => ({ id: c.resolveService(CLOCK).now() }));
    const error = thrown(() => container.resolveService(COUNTER));
    expect(error.errorCode).toBe("SERVICE_NOT_REGISTERED");
    expect(error.message).toBe('service "Clock" is not registered (needed by Counter); registered: Counter');
  });

  it("detects a dependency cycle instead of overflowing the stack", () => {
    const A = createServiceToken<unknown>("A");
    const B = createServiceToken<unknown>("B");
    const container = new ModelONEXContainer();
    container.serviceRegistry.registerFactory(A, (c) => c.resolveService(B)).registerFactory(B, (c) => c.resolveService(A));
    const error = thrown(() => container.resolveService(A));
    expect(error.errorCode).toBe("INVALID_CONFIGURATION");
    expect(error.message).toBe("circular service dependency: A -> B -> A");
  });

  it("rejects a second registration of a token in the same scope with DUPLICATE_REGISTRATION", () => {
    const container = new ModelONEXContainer();
    container.serviceRegistry.registerInstance(CONFIG, { env: "a" });
    const error = thrown(() => container.serviceRegistry.registerFactory(CONFIG, () => ({ env: "b" })));
    expect(error.errorCode).toBe("DUPLICATE_REGISTRATION");
    expect(error.message).toContain('"Config"');
    expect(container.resolveService(CONFIG)).toEqual({ env: "a" });
  });

  it("replaces a registration when asked to", () => {
    const container = new ModelONEXContainer();
    container.serviceRegistry.registerInstance(CONFIG, { env: "a" });
    container.serviceRegistry.registerFactory(CONFIG, () => ({ env: "b" }), { replace: true });
    expect(container.resolveService(CONFIG)).toEqual({ env: "b" });
    container.serviceRegistry.registerInstance(CONFIG, { env: "c" }, { replace: true });
    expect(container.resolveService(CONFIG)).toEqual({ env: "c" });
  });

  it("lists every visible registration, sorted and without duplicates", () => {
    const container = new ModelONEXContainer();
    container.serviceRegistry.registerInstance(CONFIG, { env: "a" }).registerInstance(CLOCK, { now: () => 0 });
    const child = container.createChildScope();
    child.serviceRegistry.registerInstance(CONFIG, { env: "child" }).registerFactory(COUNTER, counterFactory());
    expect(child.serviceRegistry.listRegistered()).toEqual(["Clock", "Config", "Counter"]);
    expect(container.serviceRegistry.listRegistered()).toEqual(["Clock", "Config"]);
  });
});

describe("lifecycles and scopes", () => {
  it("singleton (the default): one instance, shared by child scopes", () => {
    const container = new ModelONEXContainer();
    container.serviceRegistry.registerFactory(COUNTER, counterFactory());
    const first = container.resolveService(COUNTER);
    expect(container.resolveService(COUNTER)).toBe(first);
    expect(container.createChildScope().resolveService(COUNTER)).toBe(first);
    expect(container.createChildScope().createChildScope().resolveService(COUNTER)).toBe(first);
  });

  it("a singleton first resolved from a child scope is still shared with the parent", () => {
    const container = new ModelONEXContainer();
    container.serviceRegistry.registerFactory(COUNTER, counterFactory(), { lifecycle: "singleton" });
    const fromChild = container.createChildScope().resolveService(COUNTER);
    expect(container.resolveService(COUNTER)).toBe(fromChild);
  });

  it("transient: a new instance on every resolution, in every scope", () => {
    const container = new ModelONEXContainer();
    container.serviceRegistry.registerFactory(COUNTER, counterFactory(), { lifecycle: "transient" });
    const child = container.createChildScope();
    expect([container.resolveService(COUNTER), container.resolveService(COUNTER), child.resolveService(COUNTER)].map((c) => c.id)).toEqual([1, 2, 3]);
  });

  it("scoped: one instance per scope, different across sibling and parent scopes", () => {
    const container = new ModelONEXContainer();
    container.serviceRegistry.registerFactory(COUNTER, counterFactory(), { lifecycle: "scoped" });
    const requestA = container.createChildScope();
    const requestB = container.createChildScope();
    const a = requestA.resolveService(COUNTER);
    expect(requestA.resolveService(COUNTER)).toBe(a);
    const b = requestB.resolveService(COUNTER);
    expect(b).not.toBe(a);
    expect(requestB.resolveService(COUNTER)).toBe(b);
    const root = container.resolveService(COUNTER);
    expect(root).not.toBe(a);
    expect(root).not.toBe(b);
    expect(container.resolveService(COUNTER)).toBe(root);
  });

  it("scoped and transient factories receive the scope they are resolved from; singletons their registering scope", () => {
    const SCOPE = createServiceToken<ModelONEXContainer>("Scope");
    const TRANSIENT_SCOPE = createServiceToken<ModelONEXContainer>("TransientScope");
    const SINGLETON_SCOPE = createServiceToken<ModelONEXContainer>("SingletonScope");
    const container = new ModelONEXContainer();
    container.serviceRegistry
      .registerFactory(SCOPE, (c) => c, { lifecycle: "scoped" })
      .registerFactory(TRANSIENT_SCOPE, (c) => c, { lifecycle: "transient" })
      .registerFactory(SINGLETON_SCOPE, (c) => c);
    const request = container.createChildScope();
    expect(request.resolveService(SCOPE)).toBe(request);
    expect(request.resolveService(TRANSIENT_SCOPE)).toBe(request);
    expect(request.resolveService(SINGLETON_SCOPE)).toBe(container);
  });

  it("a child registration shadows the parent's in the child only", () => {
    const container = new ModelONEXContainer();
    container.serviceRegistry.registerInstance(CONFIG, { env: "prod" });
    const child = container.createChildScope();
    child.serviceRegistry.registerInstance(CONFIG, { env: "request-override" });
    expect(child.resolveService(CONFIG)).toEqual({ env: "request-override" });
    expect(container.resolveService(CONFIG)).toEqual({ env: "prod" });
    expect(container.createChildScope().resolveService(CONFIG)).toEqual({ env: "prod" });
  });

  it("a registration added to a child is invisible to the parent and to siblings", () => {
    const container = new ModelONEXContainer();
    const child = container.createChildScope();
    const sibling = container.createChildScope();
    child.serviceRegistry.registerFactory(COUNTER, counterFactory());
    expect(child.isRegistered(COUNTER)).toBe(true);
    expect(container.isRegistered(COUNTER)).toBe(false);
    expect(sibling.tryResolveService(COUNTER)).toBeUndefined();
  });

  it("a parent singleton depends on the parent's services even when first resolved from a shadowing child", () => {
    const DESCRIBED = createServiceToken<string>("Described");
    const container = new ModelONEXContainer();
    container.serviceRegistry.registerInstance(CONFIG, { env: "prod" }).registerFactory(DESCRIBED, (c) => `env=${c.resolveService(CONFIG).env}`);
    const child = container.createChildScope();
    child.serviceRegistry.registerInstance(CONFIG, { env: "child" });
    expect(child.resolveService(DESCRIBED)).toBe("env=prod");
  });

  it("knows its parent", () => {
    const container = new ModelONEXContainer();
    const child = container.createChildScope();
    expect(child.parent).toBe(container);
    expect(container.parent).toBeUndefined();
  });
});

describe("dispose", () => {
  function recorder(): { readonly log: string[]; service(name: string, method?: "dispose" | "close"): object } {
    const log: string[] = [];
    return {
      log,
      service: (name, method = "dispose") => ({
        [method]: async () => {
          await Promise.resolve();
          log.push(name);
        },
      }),
    };
  }

  it("disposes created singletons in reverse creation order, awaiting dispose() or close()", async () => {
    const { log, service } = recorder();
    const FIRST = createServiceToken<object>("First");
    const SECOND = createServiceToken<object>("Second");
    const THIRD = createServiceToken<object>("Third");
    const container = new ModelONEXContainer();
    container.serviceRegistry
      .registerFactory(FIRST, () => service("first"))
      .registerFactory(SECOND, () => service("second", "close"))
      .registerFactory(THIRD, () => service("third"));
    container.resolveService(SECOND);
    container.resolveService(FIRST);
    container.resolveService(THIRD);
    await container.dispose();
    expect(log).toEqual(["third", "first", "second"]);
  });

  it("disposes a dependency after the service that was created from it", async () => {
    const { log, service } = recorder();
    const DB = createServiceToken<object>("Db");
    const REPO = createServiceToken<object>("Repo");
    const container = new ModelONEXContainer();
    container.serviceRegistry.registerFactory(DB, () => service("db")).registerFactory(REPO, (c) => {
      c.resolveService(DB);
      return service("repo");
    });
    container.resolveService(REPO);
    await container.dispose();
    expect(log).toEqual(["repo", "db"]);
  });

  it("leaves transients and plain instances to their owner unless disposeWithScope is set", async () => {
    const { log, service } = recorder();
    const TRANSIENT = createServiceToken<object>("Transient");
    const OWNED = createServiceToken<object>("Owned");
    const BORROWED = createServiceToken<object>("Borrowed");
    const container = new ModelONEXContainer();
    container.serviceRegistry
      .registerFactory(TRANSIENT, () => service("transient"), { lifecycle: "transient" })
      .registerInstance(BORROWED, service("borrowed"))
      .registerInstance(OWNED, service("owned"), { disposeWithScope: true });
    container.resolveService(TRANSIENT);
    await container.dispose();
    expect(log).toEqual(["owned"]);
  });

  it("disposing a child scope disposes its scoped instances but not the parent's singletons", async () => {
    const { log, service } = recorder();
    const SINGLE = createServiceToken<object>("Single");
    const SCOPED = createServiceToken<object>("Scoped");
    const container = new ModelONEXContainer();
    let n = 0;
    container.serviceRegistry.registerFactory(SINGLE, () => service("singleton")).registerFactory(SCOPED, () => service(`scoped-${++n}`), { lifecycle: "scoped" });
    const request = container.createChildScope();
    request.resolveService(SINGLE);
    request.resolveService(SCOPED);
    await request.dispose();
    expect(log).toEqual(["scoped-1"]);
    expect(container.resolveService(SINGLE)).toBeDefined();
    await container.dispose();
    expect(log).toEqual(["scoped-1", "singleton"]);
  });

  it("disposing a parent disposes its live child scopes first", async () => {
    const { log, service } = recorder();
    const SCOPED = createServiceToken<object>("Scoped");
    const SINGLE = createServiceToken<object>("Single");
    const container = new ModelONEXContainer();
    container.serviceRegistry.registerFactory(SINGLE, () => service("root-singleton")).registerFactory(SCOPED, () => service("child-scoped"), { lifecycle: "scoped" });
    container.resolveService(SINGLE);
    const child = container.createChildScope();
    child.resolveService(SCOPED);
    await container.dispose();
    expect(log).toEqual(["child-scoped", "root-singleton"]);
    expect(child.isDisposed).toBe(true);
  });

  it("attempts every service and reports all failures in one OPERATION_FAILED error", async () => {
    const log: string[] = [];
    const BAD = createServiceToken<object>("Bad");
    const GOOD = createServiceToken<object>("Good");
    const container = new ModelONEXContainer();
    container.serviceRegistry
      .registerFactory(GOOD, () => ({ close: () => void log.push("good") }))
      .registerFactory(BAD, () => ({
        dispose: () => Promise.reject(new Error("socket already closed")),
      }));
    container.resolveService(GOOD);
    container.resolveService(BAD);
    const error = await rejected(() => container.dispose());
    expect(error.errorCode).toBe("OPERATION_FAILED");
    expect(error.message).toBe("failed to dispose 1 service(s): Bad");
    expect((error.cause as Error).message).toBe("socket already closed");
    expect(log).toEqual(["good"]);
  });

  it("is idempotent and makes the scope unusable", async () => {
    const { log, service } = recorder();
    const container = new ModelONEXContainer();
    container.serviceRegistry.registerFactory(COUNTER, () => service("counter") as unknown as Counter);
    container.resolveService(COUNTER);
    await container.dispose();
    await container.dispose();
    expect(log).toEqual(["counter"]);
    expect(container.isDisposed).toBe(true);
    expect(container.isRegistered(COUNTER)).toBe(false);
    expect(thrown(() => container.resolveService(COUNTER)).errorCode).toBe("INVALID_STATE_TRANSITION");
    expect(thrown(() => container.serviceRegistry.registerInstance(CLOCK, { now: () => 0 })).errorCode).toBe("INVALID_STATE_TRANSITION");
    expect(thrown(() => container.createChildScope()).errorCode).toBe("INVALID_STATE_TRANSITION");
  });
});
