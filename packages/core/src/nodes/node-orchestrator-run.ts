/**
 * The scheduler behind {@link NodeOrchestrator}: one run of a validated workflow plan.
 * @module
 */
import { EnumCoreErrorCode } from "../enums/enum-core-error-code.js";
import { EnumStepStatus } from "../enums/enum-step-status.js";
import { EnumWorkflowState } from "../enums/enum-workflow-state.js";
import { ModelOnexError } from "../errors/model-onex-error.js";
import type { NodeOrchestratorStep, NodeOrchestratorStepExecutor } from "./node-orchestrator-step.js";
import { runWithTimeout, sleep as defaultSleep, type SleepFunction } from "./util-abortable.js";
import { computeBackoffDelay, type BackoffPolicy, type RandomSource } from "./util-backoff.js";

type StepOutcome =
  | { readonly ok: true; readonly output: unknown; readonly attempts: number; readonly durationMs: number }
  | { readonly ok: false; readonly error: ModelOnexError; readonly timedOut: boolean; readonly attempts: number; readonly durationMs: number };

/** What happened to one step so far. */
export interface StepRecord {
  status: EnumStepStatus;
  attempts: number;
  durationMs: number;
  output?: unknown;
  error?: ModelOnexError;
}

const DEFAULT_BACKOFF: BackoffPolicy = { initialDelayMs: 100, maxDelayMs: 5_000, multiplier: 2, jitter: true };

/** Timeouts raised by the step timer, to report them as `timed_out`. */
const stepTimeouts = new WeakSet<ModelOnexError>();

/** Who and what a run is for. */
export interface WorkflowRunIdentity {
  readonly workflowId: string;
  readonly correlationId: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** The static plan of a workflow, computed once by the orchestrator. */
export interface WorkflowPlan {
  /** Workflow name, for messages. */
  readonly name: string;
  /** Normalised steps. */
  readonly steps: readonly NodeOrchestratorStep[];
  /** Topological order. */
  readonly executionOrder: readonly string[];
  /** Steps running at once at most (1 in sequential mode). */
  readonly concurrency: number;
  /** Transitive dependencies of each step. */
  readonly ancestors: ReadonlyMap<string, readonly string[]>;
  /** Direct dependants of each step. */
  readonly dependants: ReadonlyMap<string, readonly string[]>;
}

/** Per-run knobs taken from the orchestrator's options. */
export interface WorkflowRunOptions {
  readonly retryBackoff?: BackoffPolicy | undefined;
  readonly random?: RandomSource | undefined;
  readonly sleep?: SleepFunction | undefined;
  readonly now?: (() => number) | undefined;
}

/**
 * One execution of a workflow: the scheduler (a step starts when its dependencies completed and one of
 * `concurrency` slots is free) and the per-step records.
 */
export class WorkflowRun {
  readonly records = new Map<string, StepRecord>();
  readonly completionOrder: string[] = [];
  readonly #controller = new AbortController();
  readonly #byId: ReadonlyMap<string, NodeOrchestratorStep>;
  readonly #limit: number;
  readonly #now: () => number;
  readonly #sleep: SleepFunction;
  readonly #random: RandomSource;
  readonly #backoff: BackoffPolicy;
  #active = 0;
  #halted = false;
  #failedFast = false;
  #cancelled = false;

  constructor(
    private readonly plan: WorkflowPlan,
    private readonly executors: ReadonlyMap<string, NodeOrchestratorStepExecutor>,
    options: WorkflowRunOptions,
    private readonly identity: WorkflowRunIdentity,
  ) {
    this.#byId = new Map(plan.steps.map((step) => [step.step_id, step]));
    this.#limit = Math.max(1, plan.concurrency);
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? defaultSleep;
    this.#random = options.random ?? Math.random;
    this.#backoff = options.retryBackoff ?? DEFAULT_BACKOFF;
    for (const step of plan.steps) this.records.set(step.step_id, { status: EnumStepStatus.PENDING, attempts: 0, durationMs: 0 });
  }

  async execute(signal: AbortSignal | undefined): Promise<EnumWorkflowState> {
    const onAbort = (): void => {
      this.#cancelled = true;
      this.#halt(new ModelOnexError(`workflow "${this.plan.name}" cancelled by the caller`, { errorCode: EnumCoreErrorCode.CANCELLED, correlationId: this.identity.correlationId, cause: signal?.reason }));
    };
    if (signal?.aborted === true) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
    try {
      await new Promise<void>((resolve) => {
        const pump = (): void => {
          for (const id of this.plan.executionOrder) {
            if (this.#halted || this.#active >= this.#limit) break;
            const step = this.#byId.get(id);
            if (step === undefined || this.records.get(id)?.status !== EnumStepStatus.PENDING) continue;
            if (!step.depends_on.every((dep) => this.records.get(dep)?.status === EnumStepStatus.COMPLETED)) continue;
            this.#start(step, pump);
          }
          if (this.#active === 0) resolve();
        };
        pump();
      });
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
    for (const record of this.records.values()) if (record.status === EnumStepStatus.PENDING) record.status = EnumStepStatus.SKIPPED;
    if (this.#cancelled) return EnumWorkflowState.CANCELLED;
    return this.#failedFast ? EnumWorkflowState.FAILED : EnumWorkflowState.COMPLETED;
  }

  #start(step: NodeOrchestratorStep, pump: () => void): void {
    const record = this.records.get(step.step_id);
    if (record === undefined) return;
    record.status = EnumStepStatus.RUNNING;
    this.#active += 1;
    void this.#runStep(step).then((outcome) => {
      this.#active -= 1;
      this.#settle(step, record, outcome);
      pump();
    });
  }

  #settle(step: NodeOrchestratorStep, record: StepRecord, outcome: StepOutcome): void {
    record.attempts = outcome.attempts;
    record.durationMs = outcome.durationMs;
    if (outcome.ok) {
      record.status = EnumStepStatus.COMPLETED;
      record.output = outcome.output;
      this.completionOrder.push(step.step_id);
      return;
    }
    record.status = outcome.timedOut ? EnumStepStatus.TIMED_OUT : EnumStepStatus.FAILED;
    record.error = outcome.error;
    this.#skipDependants(step.step_id);
    if (!step.continue_on_error && !this.#halted) {
      this.#failedFast = true;
      this.#halt(
        new ModelOnexError(`workflow "${this.plan.name}" stopped: step "${step.step_id}" failed`, {
          errorCode: EnumCoreErrorCode.CANCELLED,
          correlationId: this.identity.correlationId,
          context: { workflow: this.plan.name, failedStep: step.step_id },
        }),
      );
    }
  }

  #halt(reason: ModelOnexError): void {
    this.#halted = true;
    this.#controller.abort(reason);
  }

  #skipDependants(id: string): void {
    for (const dependant of this.plan.dependants.get(id) ?? []) {
      const record = this.records.get(dependant);
      if (record?.status !== EnumStepStatus.PENDING) continue;
      record.status = EnumStepStatus.SKIPPED;
      this.#skipDependants(dependant);
    }
  }

  async #runStep(step: NodeOrchestratorStep): Promise<StepOutcome> {
    const executor = this.executors.get(step.step_id);
    const started = this.#now();
    const workflowSignal = this.#controller.signal;
    const outputs: Record<string, unknown> = {};
    for (const ancestor of this.plan.ancestors.get(step.step_id) ?? []) outputs[ancestor] = this.records.get(ancestor)?.output;
    const runnable: NodeOrchestratorStep = { ...step, payload: { ...this.identity.payload } };
    let lastError: unknown;
    let attempts = 0;
    for (let attempt = 0; attempt <= step.max_retries; attempt += 1) {
      attempts += 1;
      try {
        if (executor === undefined) throw new ModelOnexError(`no executor for step "${step.step_id}"`, { errorCode: EnumCoreErrorCode.UNKNOWN_HANDLER_TYPE });
        const output = await runWithTimeout(
          (signal) =>
            executor(runnable, {
              signal,
              attempt,
              workflowId: this.identity.workflowId,
              correlationId: this.identity.correlationId,
              payload: runnable.payload,
              outputs,
            }),
          { timeoutMs: step.timeout_ms, signal: workflowSignal, onTimeout: () => this.#timeoutError(step, attempt) },
        );
        return { ok: true, output, attempts, durationMs: Math.max(0, this.#now() - started) };
      } catch (error) {
        lastError = error;
      }
      if (workflowSignal.aborted || attempt >= step.max_retries) break;
      try {
        await this.#sleep(computeBackoffDelay(this.#backoff, attempt, this.#random), workflowSignal);
      } catch {
        break;
      }
    }
    const error = workflowSignal.aborted && workflowSignal.reason instanceof ModelOnexError ? workflowSignal.reason : this.#failure(step, lastError, attempts);
    return { ok: false, error, timedOut: error instanceof ModelOnexError && stepTimeouts.has(error), attempts, durationMs: Math.max(0, this.#now() - started) };
  }

  #timeoutError(step: NodeOrchestratorStep, attempt: number): ModelOnexError {
    const error = new ModelOnexError(`workflow "${this.plan.name}": step "${step.step_id}" attempt ${attempt + 1} timed out after ${step.timeout_ms} ms`, {
      errorCode: EnumCoreErrorCode.TIMEOUT_ERROR,
      correlationId: this.identity.correlationId,
      context: { workflow: this.plan.name, step: step.step_id, timeoutMs: step.timeout_ms, attempt },
    });
    stepTimeouts.add(error);
    return error;
  }

  #failure(step: NodeOrchestratorStep, error: unknown, attempts: number): ModelOnexError {
    if (error instanceof ModelOnexError && stepTimeouts.has(error)) return error;
    const inner = ModelOnexError.fromUnknown(error, this.identity.correlationId, EnumCoreErrorCode.WORKFLOW_STEP_FAILED);
    return new ModelOnexError(`workflow "${this.plan.name}": step "${step.step_id}" failed after ${attempts} attempt(s): ${inner.message}`, {
      errorCode: inner.errorCode === EnumCoreErrorCode.INTERNAL_ERROR ? EnumCoreErrorCode.WORKFLOW_STEP_FAILED : inner.errorCode,
      correlationId: this.identity.correlationId,
      cause: error,
      context: { workflow: this.plan.name, step: step.step_id, attempts },
    });
  }
}
