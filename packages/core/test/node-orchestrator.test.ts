import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type ModelContractWorkflowCoordinationInput,
  ModelONEXContainer,
  ModelOnexError,
  NodeOrchestrator,
  nodeOrchestratorStepExecutorToken,
  type NodeOrchestratorOptions,
  type NodeOrchestratorStepContext,
  type NodeOrchestratorStepExecutor,
} from "../src/index.js";

interface StepSpec {
  readonly id: string;
  readonly deps?: string[];
  readonly type?: string;
  readonly operation?: string;
  readonly timeout_ms?: number;
  readonly max_retries?: number;
  readonly continue_on_error?: boolean;
}

type Rules = NonNullable<ModelContractWorkflowCoordinationInput["workflow_definition"]["coordination_rules"]>;

function workflow(steps: readonly StepSpec[], rules: Rules = {}): ModelContractWorkflowCoordinationInput {
  return {
    workflow_definition: {
      workflow_metadata: { workflow_name: "registration_workflow" },
      execution_graph: {
        nodes: steps.map((s) => ({
          node_id: s.id,
          node_type: s.type ?? "EFFECT_GENERIC",
          depends_on: s.deps ?? [],
          step_config: {
            ...(s.operation === undefined ? {} : { operation: s.operation }),
            ...(s.timeout_ms === undefined ? {} : { timeout_ms: s.timeout_ms }),
            ...(s.max_retries === undefined ? {} : { max_retries: s.max_retries }),
            ...(s.continue_on_error === undefined ? {} : { continue_on_error: s.continue_on_error }),
          },
        })),
      },
      coordination_rules: rules,
    },
  };
}

function orchestrator(steps: readonly StepSpec[], rules: Rules, options: NodeOrchestratorOptions, container = new ModelONEXContainer()): NodeOrchestrator {
  return new NodeOrchestrator(container, workflow(steps, rules), { sleep: () => Promise.resolve(), ...options });
}

function graphError(steps: readonly StepSpec[]): ModelOnexError {
  try {
    new NodeOrchestrator(new ModelONEXContainer(), workflow(steps));
  } catch (error) {
    if (error instanceof ModelOnexError) return error;
    throw error;
  }
  throw new Error("expected WORKFLOW_INVALID_GRAPH");
}

/** Resolves when aborted, rejecting with the signal's reason: a step that only ends when cancelled. */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    signal.addEventListener("abort", () => reject(signal.reason instanceof Error ? signal.reason : new Error("aborted")), { once: true });
  });
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

afterEach(() => {
  vi.useRealTimers();
});

describe("NodeOrchestrator: graph validation", () => {
  it("rejects a cycle, naming every step on it", () => {
    const error = graphError([{ id: "a", deps: ["c"] }, { id: "b", deps: ["a"] }, { id: "c", deps: ["b"] }, { id: "d" }]);
    expect(error.errorCode).toBe("WORKFLOW_INVALID_GRAPH");
    expect(error.message).toContain("a -> c -> b -> a");
    expect(error.context.stepIds).toEqual(expect.arrayContaining(["a", "b", "c"]));
    expect(error.context.stepIds).not.toContain("d");
  });

  it("rejects an unknown dependency, naming the step and the missing id", () => {
    const error = graphError([{ id: "register", deps: ["introspect"] }]);
    expect(error.errorCode).toBe("WORKFLOW_INVALID_GRAPH");
    expect(error.message).toContain('step "register" depends on unknown step "introspect"');
    expect(error.context.stepIds).toEqual(["register", "introspect"]);
  });

  it("rejects a duplicate id, naming it", () => {
    const error = graphError([{ id: "a" }, { id: "b" }, { id: "a" }]);
    expect(error.errorCode).toBe("WORKFLOW_INVALID_GRAPH");
    expect(error.message).toContain('"a"');
    expect(error.context.stepIds).toEqual(["a"]);
  });

  it("rejects a step that depends on itself", () => {
    expect(graphError([{ id: "a", deps: ["a"] }]).message).toContain('step "a" depends on itself');
  });

  it("computes a topological execution order, ties in declaration order", () => {
    const node = orchestrator([{ id: "d", deps: ["b", "c"] }, { id: "c", deps: ["a"] }, { id: "b", deps: ["a"] }, { id: "a" }], {}, {});
    expect(node.executionOrder).toEqual(["a", "c", "b", "d"]);
  });
});

describe("NodeOrchestrator: running", () => {
  it("runs sequential workflows one step at a time in execution order", async () => {
    const started: string[] = [];
    let active = 0;
    let peak = 0;
    const executor: NodeOrchestratorStepExecutor = async (step) => {
      started.push(step.step_id);
      active += 1;
      peak = Math.max(peak, active);
      await tick();
      active -= 1;
      return step.step_id.toUpperCase();
    };
    const node = orchestrator([{ id: "c", deps: ["a"] }, { id: "a" }, { id: "b" }], { execution_mode: "sequential" }, { executor });
    const out = await node.process({ payload: { node_id: "n-1" } });
    expect(started).toEqual(["a", "c", "b"]);
    expect(peak).toBe(1);
    expect(out).toMatchObject({ state: "completed", completed_steps: ["a", "c", "b"], failed_steps: [], skipped_steps: [], execution_order: ["a", "c", "b"] });
    expect(out.step_results.c).toMatchObject({ status: "completed", attempts: 1, output: "C" });
  });

  it("bounds parallelism by max_parallel_branches: 10 independent steps, bound 3, peak exactly 3", async () => {
    let active = 0;
    let peak = 0;
    const executor: NodeOrchestratorStepExecutor = async () => {
      active += 1;
      peak = Math.max(peak, active);
      await tick();
      active -= 1;
    };
    const steps = Array.from({ length: 10 }, (_, i) => ({ id: `s${i}` }));
    const out = await orchestrator(steps, { execution_mode: "parallel", max_parallel_branches: 3 }, { executor }).process({});
    expect(peak).toBe(3);
    expect(out.completed_steps).toHaveLength(10);
    expect(out.state).toBe("completed");
  });

  it("starts a step as soon as its dependencies completed and a slot is free, and hands it their outputs", async () => {
    const seen: Record<string, NodeOrchestratorStepContext["outputs"]> = {};
    let release = (): void => undefined;
    const slowReleased = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started: string[] = [];
    const executor: NodeOrchestratorStepExecutor = async (step, context) => {
      started.push(step.step_id);
      seen[step.step_id] = context.outputs;
      if (step.step_id === "slow") await slowReleased;
      if (step.step_id === "b") {
        await tick();
        // "c" depends only on "a": it started right after "a", while "slow" still holds a slot.
        expect(started).toEqual(["a", "slow", "b", "c"]);
        release();
      }
      return `${step.step_id}:${String(context.payload.node_id)}`;
    };
    const node = orchestrator(
      [{ id: "a" }, { id: "slow" }, { id: "b", deps: ["a"] }, { id: "c", deps: ["a"] }, { id: "d", deps: ["b", "c"] }],
      { execution_mode: "parallel", max_parallel_branches: 3 },
      { executor },
    );
    const out = await node.process({ payload: { node_id: "n-1" } });
    expect(out.state).toBe("completed");
    expect(seen.d).toEqual({ a: "a:n-1", b: "b:n-1", c: "c:n-1" });
    expect(seen.b).toEqual({ a: "a:n-1" });
  });

  it("fails a step that outlives its timeout with TIMEOUT_ERROR and aborts its signal", async () => {
    vi.useFakeTimers();
    let signal: AbortSignal | undefined;
    const node = orchestrator([{ id: "slow", timeout_ms: 1_000 }], {}, {
      executor: (_step, context) => {
        signal = context.signal;
        return untilAborted(context.signal);
      },
    });
    const pending = node.process({});
    await vi.advanceTimersByTimeAsync(1_000);
    const out = await pending;
    expect(signal?.aborted).toBe(true);
    expect(out.state).toBe("failed");
    expect(out.failed_steps).toEqual(["slow"]);
    expect(out.step_results.slow).toMatchObject({ status: "timed_out", attempts: 1, error: { errorCode: "TIMEOUT_ERROR" } });
    expect(out.step_results.slow?.error?.message).toContain("timed out after 1000 ms");
  });

  it("uses the rules' timeout for steps without their own", async () => {
    vi.useFakeTimers();
    const node = orchestrator([{ id: "slow" }], { timeout_ms: 50 }, { executor: (_s, c) => untilAborted(c.signal) });
    const pending = node.process({});
    await vi.advanceTimersByTimeAsync(50);
    expect((await pending).step_results.slow?.status).toBe("timed_out");
  });

  it("retries a failed step and succeeds on the second attempt, with a jittered backoff", async () => {
    const delays: number[] = [];
    let calls = 0;
    const node = orchestrator([{ id: "register", max_retries: 2 }], {}, {
      executor: (_step, context) => {
        calls += 1;
        expect(context.attempt).toBe(calls - 1);
        return context.attempt === 0 ? Promise.reject(new Error("consul unavailable")) : Promise.resolve("registered");
      },
      retryBackoff: { initialDelayMs: 100, maxDelayMs: 1_000, multiplier: 2, jitter: true },
      random: () => 0.5,
      sleep: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
    });
    const out = await node.process({});
    expect(out.state).toBe("completed");
    expect(out.step_results.register).toMatchObject({ status: "completed", attempts: 2, output: "registered" });
    expect(delays).toEqual([50]);
  });

  it("falls back to the rules' max_retries and reports the last error after exhausting them", async () => {
    let calls = 0;
    const node = orchestrator([{ id: "a" }], { max_retries: 2 }, {
      executor: () => {
        calls += 1;
        return Promise.reject(new Error(`attempt ${calls} failed`));
      },
    });
    const out = await node.process({});
    expect(calls).toBe(3);
    expect(out.step_results.a).toMatchObject({ status: "failed", attempts: 3, error: { errorCode: "WORKFLOW_STEP_FAILED" } });
    expect(out.step_results.a?.error?.message).toContain("attempt 3 failed");
  });

  it("continue_on_error: independent steps finish while dependants of the failed step are skipped", async () => {
    const ran: string[] = [];
    const executor: NodeOrchestratorStepExecutor = async (step) => {
      ran.push(step.step_id);
      await tick();
      if (step.step_id === "consul") throw new Error("consul down");
      return step.step_id;
    };
    const node = orchestrator(
      [
        { id: "consul", continue_on_error: true },
        { id: "consul_check", deps: ["consul"] },
        { id: "announce", deps: ["consul_check"] },
        { id: "postgres" },
        { id: "postgres_check", deps: ["postgres"] },
      ],
      { execution_mode: "parallel", max_parallel_branches: 2 },
      { executor },
    );
    const out = await node.process({});
    expect(out.failed_steps).toEqual(["consul"]);
    expect(out.skipped_steps).toEqual(["consul_check", "announce"]);
    expect(out.completed_steps).toEqual(["postgres", "postgres_check"]);
    expect(ran).not.toContain("consul_check");
    expect(out.state).toBe("completed");
    expect(out.step_results.announce).toMatchObject({ status: "skipped", attempts: 0 });
  });

  it("failure_recovery_strategy continue applies continue_on_error to every step", async () => {
    const node = orchestrator([{ id: "a" }, { id: "b", deps: ["a"] }, { id: "c" }], { failure_recovery_strategy: "continue" }, {
      executor: (step) => (step.step_id === "a" ? Promise.reject(new Error("no")) : Promise.resolve(step.step_id)),
    });
    const out = await node.process({});
    expect(out).toMatchObject({ state: "completed", failed_steps: ["a"], skipped_steps: ["b"], completed_steps: ["c"] });
  });

  it("fail_fast: a failure aborts running steps and skips the ones not started", async () => {
    let runningSignal: AbortSignal | undefined;
    const started: string[] = [];
    const executor: NodeOrchestratorStepExecutor = async (step, context) => {
      started.push(step.step_id);
      if (step.step_id === "long") {
        runningSignal = context.signal;
        return untilAborted(context.signal);
      }
      await tick();
      throw new Error("broken");
    };
    const node = orchestrator(
      [{ id: "long" }, { id: "broken" }, { id: "later" }, { id: "after_long", deps: ["long"] }],
      { execution_mode: "parallel", max_parallel_branches: 2, failure_recovery_strategy: "fail_fast" },
      { executor },
    );
    const out = await node.process({});
    expect(started).toEqual(["long", "broken"]);
    expect(runningSignal?.aborted).toBe(true);
    expect(out.state).toBe("failed");
    expect(out.failed_steps).toEqual(["long", "broken"]);
    expect(out.step_results.long?.error?.errorCode).toBe("CANCELLED");
    expect(out.step_results.broken?.error?.errorCode).toBe("WORKFLOW_STEP_FAILED");
    expect(out.skipped_steps).toEqual(["later", "after_long"]);
  });

  it("is cancelled by the caller's signal", async () => {
    const controller = new AbortController();
    const node = orchestrator([{ id: "a" }, { id: "b", deps: ["a"] }], {}, {
      executor: (_step, context) => {
        controller.abort();
        return untilAborted(context.signal);
      },
    });
    const out = await node.process({}, { signal: controller.signal });
    expect(out.state).toBe("cancelled");
    expect(out.skipped_steps).toEqual(["b"]);
    expect(out.step_results.a?.error?.errorCode).toBe("CANCELLED");
  });

  it("resolves executors by operation before node type, from options and then the container", async () => {
    const container = new ModelONEXContainer();
    container.serviceRegistry.registerInstance(nodeOrchestratorStepExecutorToken("consul.register"), () => Promise.resolve("from-container"));
    const node = orchestrator(
      [
        { id: "by_op", type: "EFFECT_GENERIC", operation: "consul.register" },
        { id: "by_type", type: "COMPUTE_GENERIC" },
      ],
      {},
      { executors: { COMPUTE_GENERIC: () => Promise.resolve("compute"), EFFECT_GENERIC: () => Promise.resolve("generic-effect") } },
      container,
    );
    const out = await node.process({});
    expect(out.step_results.by_op?.output).toBe("generic-effect");
    expect(out.step_results.by_type?.output).toBe("compute");

    const containerOnly = orchestrator([{ id: "by_op", operation: "consul.register" }], {}, {}, container);
    expect((await containerOnly.process({})).step_results.by_op?.output).toBe("from-container");
  });

  it("refuses to start when a step has no executor, naming it", async () => {
    let ran = false;
    const node = orchestrator([{ id: "a", type: "COMPUTE_GENERIC" }, { id: "b", type: "MYSTERY", operation: "x.y" }], {}, {
      executors: {
        COMPUTE_GENERIC: () => {
          ran = true;
          return Promise.resolve();
        },
      },
    });
    const error = (await node.process({}).catch((e: unknown) => e)) as ModelOnexError;
    expect(error.errorCode).toBe("UNKNOWN_HANDLER_TYPE");
    expect(error.message).toContain('"b" (x.y / MYSTERY)');
    expect(ran).toBe(false);
  });
});
