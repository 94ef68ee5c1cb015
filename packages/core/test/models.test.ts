import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ModelAction,
  ModelComputeInput,
  ModelComputeOutput,
  ModelDependency,
  ModelEffectInput,
  ModelEffectOutput,
  ModelEffectTransaction,
  ModelIntent,
  ModelOnexError,
  ModelOrchestratorInput,
  ModelOrchestratorOutput,
  ModelReducerInput,
  ModelReducerOutput,
  ModelSemVer,
  ModelWorkflowStep,
  compareSemVer,
  formatSemVer,
  formatZodPath,
  parseModel,
  parseSemVer,
  type ValidationIssue,
} from "../src/index.js";

const CORRELATION = "7d0c5c8e-4f4a-4d0e-9a57-0b8c3b0f5a11";

/** Runs parseModel expecting a validation error and returns it. */
function rejection(schema: z.ZodType, input: unknown, where = "Sample"): ModelOnexError {
  try {
    parseModel(schema, input, where, CORRELATION);
  } catch (error) {
    if (error instanceof ModelOnexError) return error;
    throw error;
  }
  throw new Error("expected parseModel to throw");
}

function issuePaths(error: ModelOnexError): string[] {
  const issues = error.context["issues"] as readonly ValidationIssue[];
  return issues.map((issue) => issue.path);
}

interface ModelCase {
  readonly name: string;
  readonly schema: z.ZodType;
  readonly valid: unknown;
  /** Expected parse result (defaults applied); `valid` itself when omitted. */
  readonly parsed?: unknown;
  readonly invalid: unknown;
  readonly badPaths: readonly string[];
}

const cases: readonly ModelCase[] = [
  { name: "ModelSemVer", schema: ModelSemVer, valid: { major: 1, minor: 0, patch: 12 }, invalid: { major: -1, minor: 1.5, patch: "3" }, badPaths: ["major", "minor", "patch"] },
  {
    name: "ModelDependency",
    schema: ModelDependency,
    valid: { name: "event_bus", type: "protocol", protocol: "ProtocolEventBus" },
    parsed: { name: "event_bus", type: "protocol", protocol: "ProtocolEventBus", required: true },
    invalid: { name: "", type: "library", required: "yes" },
    badPaths: ["name", "type", "required"],
  },
  {
    name: "ModelIntent",
    schema: ModelIntent,
    valid: { intent_type: "register_node", target: "consul", payload: { node_id: "n1" }, correlation_id: CORRELATION },
    invalid: { intent_type: 3, payload: [] },
    badPaths: ["intent_type", "target", "payload"],
  },
  {
    name: "ModelAction",
    schema: ModelAction,
    valid: { action_name: "emit_registered", action_type: "emit_intent" },
    parsed: { action_name: "emit_registered", action_type: "emit_intent", parameters: {} },
    invalid: { action_type: "EMIT_INTENT", parameters: "x" },
    badPaths: ["action_name", "action_type", "parameters"],
  },
  {
    name: "ModelWorkflowStep",
    schema: ModelWorkflowStep,
    valid: { step_id: "validate", depends_on: ["fetch"], timeout_ms: 500 },
    parsed: { step_id: "validate", depends_on: ["fetch"], timeout_ms: 500, max_retries: 0, continue_on_error: false, payload: {}, parameters: {} },
    invalid: { step_id: "", depends_on: ["ok", 7], timeout_ms: 0, max_retries: -1, continue_on_error: "no" },
    badPaths: ["step_id", "depends_on[1]", "timeout_ms", "max_retries", "continue_on_error"],
  },
  {
    name: "ModelEffectInput",
    schema: ModelEffectInput,
    valid: { operation: "db.query", payload: { sql: "select 1" }, timeout_ms: 1000, metadata: { tenant: "t1" } },
    invalid: { payload: { id: 1 }, timeout_ms: -5, metadata: { tenant: 1 } },
    badPaths: ["operation", "timeout_ms", "metadata.tenant"],
  },
  {
    name: "ModelEffectOutput",
    schema: ModelEffectOutput,
    valid: { operation: "db.query", result: { rows: [] }, success: true, retry_count: 1, processing_time_ms: 12.5, correlation_id: CORRELATION },
    invalid: { operation: "db.query", success: "true", retry_count: 0.5, processing_time_ms: -1, correlation_id: CORRELATION, error: { message: "x" } },
    badPaths: ["success", "retry_count", "processing_time_ms", "error.name", "error.errorCode", "error.status", "error.correlationId", "error.timestamp", "error.context"],
  },
  {
    name: "ModelEffectTransaction",
    schema: ModelEffectTransaction,
    valid: { transaction_id: "tx-1", state: "committed", steps: [{ step_id: "s1", operation: "db.execute", payload: {}, applied: true }] },
    invalid: { transaction_id: "tx-1", state: "done", steps: [{ step_id: "s1", operation: "db.execute", payload: {} }, { step_id: 2 }] },
    badPaths: ["state", "steps[0].applied", "steps[1].step_id", "steps[1].operation", "steps[1].payload", "steps[1].applied"],
  },
  {
    name: "ModelComputeInput",
    schema: ModelComputeInput,
    valid: { computation: "sum", data: [1, 2, 3] },
    parsed: { computation: "sum", data: [1, 2, 3], cache: true },
    invalid: { computation: "", cache: "yes", correlation_id: "" },
    badPaths: ["computation", "data", "cache", "correlation_id"],
  },
  {
    name: "ModelComputeOutput",
    schema: ModelComputeOutput,
    valid: { computation: "sum", result: 6, cache_hit: false, processing_time_ms: 0, correlation_id: CORRELATION },
    invalid: { computation: "sum", result: 6, cache_hit: 0, processing_time_ms: "fast" },
    badPaths: ["cache_hit", "processing_time_ms", "correlation_id"],
  },
  {
    name: "ModelReducerInput",
    schema: ModelReducerInput,
    valid: { trigger: "register" },
    parsed: { trigger: "register", data: {} },
    invalid: { trigger: "", data: [1] },
    badPaths: ["trigger", "data"],
  },
  {
    name: "ModelReducerOutput",
    schema: ModelReducerOutput,
    valid: {
      previous_state: "idle",
      current_state: "registering",
      trigger: "register",
      intents: [{ intent_type: "register_node", target: "consul", payload: {} }],
      is_terminal: false,
      data: { node_id: "n1" },
      correlation_id: CORRELATION,
    },
    invalid: { previous_state: "idle", trigger: "register", intents: [{ intent_type: "x", payload: {} }], is_terminal: "no", data: {}, correlation_id: CORRELATION },
    badPaths: ["current_state", "intents[0].target", "is_terminal"],
  },
  {
    name: "ModelOrchestratorInput",
    schema: ModelOrchestratorInput,
    valid: { correlation_id: CORRELATION },
    parsed: { correlation_id: CORRELATION, payload: {} },
    invalid: { workflow_id: "", payload: "x", correlation_id: 5 },
    badPaths: ["workflow_id", "payload", "correlation_id"],
  },
  {
    name: "ModelOrchestratorOutput",
    schema: ModelOrchestratorOutput,
    valid: {
      workflow_id: "wf-1",
      state: "failed",
      completed_steps: ["a"],
      failed_steps: ["b"],
      skipped_steps: ["c"],
      step_results: {
        a: { status: "completed", attempts: 1, duration_ms: 3, output: { ok: true } },
        b: { status: "timed_out", attempts: 2, duration_ms: 40, error: { message: "too slow", errorCode: "TIMEOUT_ERROR" } },
        c: { status: "skipped", attempts: 0, duration_ms: 0 },
      },
      execution_order: ["a", "b", "c"],
      total_duration_ms: 43,
      correlation_id: CORRELATION,
    },
    invalid: {
      workflow_id: "wf-1",
      state: "exploded",
      completed_steps: [],
      failed_steps: [],
      skipped_steps: [],
      step_results: { a: { status: "done", attempts: -1, duration_ms: 1, error: { message: "x", errorCode: "NOPE" } } },
      execution_order: ["a"],
      total_duration_ms: 1,
      correlation_id: CORRELATION,
    },
    badPaths: ["state", "step_results.a.status", "step_results.a.attempts", "step_results.a.error.errorCode"],
  },
];

describe.each(cases)("$name", ({ name, schema, valid, parsed, invalid, badPaths }) => {
  it("accepts a valid sample and applies defaults", () => {
    expect(parseModel(schema, valid, name)).toEqual(parsed ?? valid);
  });

  it("rejects an invalid sample with an error naming every bad path", () => {
    const error = rejection(schema, invalid, name);
    expect(error.errorCode).toBe("VALIDATION_ERROR");
    expect(error.message.startsWith(`invalid ${name} at `)).toBe(true);
    expect(issuePaths(error)).toEqual(badPaths);
    for (const path of badPaths) expect(error.message).toContain(`at "${path}"`);
  });
});

describe("parseModel", () => {
  const Sample = z.object({ operation: z.string(), payload: z.object({ id: z.string() }) });

  it("returns the typed data on success", () => {
    const value = parseModel(Sample, { operation: "db.query", payload: { id: "a" } }, "Sample");
    expect(value.payload.id).toBe("a");
  });

  it("names where, each bad path, what is wrong, and marks missing fields as required", () => {
    const error = rejection(Sample, { payload: { id: 1 } }, "ModelEffectInput");
    expect(error.message).toBe('invalid ModelEffectInput at "operation": required; at "payload.id": expected string, received number');
    expect(error.context).toEqual({
      where: "ModelEffectInput",
      issues: [
        { path: "operation", message: "required", code: "invalid_type" },
        { path: "payload.id", message: "expected string, received number", code: "invalid_type" },
      ],
    });
  });

  it("carries the given correlation id, the 400 status and the data-error exit code", () => {
    const error = rejection(Sample, null);
    expect(error.correlationId).toBe(CORRELATION);
    expect(error.status).toBe(400);
    expect(error.exitCode).toBe(65);
  });

  it("reports a wrong root type at (root)", () => {
    expect(rejection(Sample, "text").message).toBe('invalid Sample at "(root)": expected object, received string');
  });

  it("never quotes the rejected values, so secrets in bad input do not leak", () => {
    const error = rejection(z.object({ password: z.number(), token: z.enum(["a"]) }), { password: "hunter2-secret", token: "tok-secret" });
    expect(JSON.stringify(error.toJSON())).not.toContain("secret");
  });

  it("explains a union mismatch with the reason of each alternative", () => {
    const error = rejection(z.object({ id: z.union([z.string(), z.number()]) }), { id: true });
    expect(error.message).toBe('invalid Sample at "id": matches none of the allowed shapes (expected string, received boolean | expected number, received boolean)');
  });

  it("lists at most 20 issues in the message but all of them in the context", () => {
    const error = rejection(z.array(z.string()), Array.from({ length: 25 }, (_, i) => i));
    expect(error.message).toContain('at "[19]"');
    expect(error.message).not.toContain('at "[20]"');
    expect(error.message.endsWith("; and 5 more")).toBe(true);
    expect(issuePaths(error)).toHaveLength(25);
  });
});

describe("formatZodPath", () => {
  it("renders keys dotted, indexes bracketed and odd keys quoted", () => {
    expect(formatZodPath([])).toBe("(root)");
    expect(formatZodPath(["payload", "items", 2, "id"])).toBe("payload.items[2].id");
    expect(formatZodPath([0, "a"])).toBe("[0].a");
    expect(formatZodPath(["metadata", "x.y", "has space"])).toBe('metadata["x.y"]["has space"]');
  });
});

describe("semantic versions", () => {
  it("parses and formats MAJOR.MINOR.PATCH", () => {
    expect(parseSemVer("1.2.3")).toEqual({ major: 1, minor: 2, patch: 3 });
    expect(parseSemVer(" 10.0.0 ")).toEqual({ major: 10, minor: 0, patch: 0 });
    expect(formatSemVer({ major: 0, minor: 4, patch: 11 })).toBe("0.4.11");
    expect(formatSemVer(parseSemVer("2.30.400"))).toBe("2.30.400");
  });

  it.each(["1.2", "1.2.3.4", "v1.2.3", "01.2.3", "1.2.3-beta", "1.2.x", "", "99999999999999999999.0.0"])("rejects %j with VALIDATION_ERROR", (text) => {
    const attempt = (): unknown => parseSemVer(text, CORRELATION);
    expect(attempt).toThrow(ModelOnexError);
    expect(attempt).toThrow(/invalid semantic version/);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ errorCode: "VALIDATION_ERROR", correlationId: CORRELATION });
    }
  });

  it("compares numerically, major before minor before patch", () => {
    const v = (text: string): ModelSemVer => parseSemVer(text);
    expect(compareSemVer(v("1.2.3"), v("1.2.3"))).toBe(0);
    expect(compareSemVer(v("1.10.0"), v("1.9.9"))).toBe(1);
    expect(compareSemVer(v("1.9.9"), v("2.0.0"))).toBe(-1);
    expect(compareSemVer(v("1.2.10"), v("1.2.9"))).toBe(1);
    const sorted = ["1.10.0", "1.2.0", "0.9.1", "1.2.0", "10.0.0"].map(v).sort(compareSemVer).map(formatSemVer);
    expect(sorted).toEqual(["0.9.1", "1.2.0", "1.2.0", "1.10.0", "10.0.0"]);
  });
});

describe("ModelEffectOutput failures", () => {
  it("accepts a failed output carrying the error's JSON form and no result, also after a JSON round trip", () => {
    const failed = {
      operation: "db.query",
      result: undefined,
      success: false,
      retry_count: 3,
      processing_time_ms: 120,
      correlation_id: CORRELATION,
      error: new ModelOnexError("query failed", { errorCode: "DATABASE_QUERY_ERROR", correlationId: CORRELATION, cause: new Error("syntax") }).toJSON(),
    };
    expect(ModelEffectOutput.safeParse(failed).success).toBe(true);
    const wire = JSON.parse(JSON.stringify(failed)) as unknown;
    expect(parseModel(ModelEffectOutput, wire, "ModelEffectOutput").error?.cause?.message).toBe("syntax");
  });
});
