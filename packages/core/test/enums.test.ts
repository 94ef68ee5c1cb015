import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  EnumActionType,
  EnumActionTypeSchema,
  EnumConflictResolution,
  EnumConflictResolutionSchema,
  EnumDependencyType,
  EnumDependencyTypeSchema,
  EnumEffectType,
  EnumEffectTypeSchema,
  EnumExecutionMode,
  EnumExecutionModeSchema,
  EnumLifecycle,
  EnumLifecycleSchema,
  EnumMessageCategory,
  EnumMessageCategorySchema,
  EnumNodeType,
  EnumNodeTypeSchema,
  EnumReductionType,
  EnumReductionTypeSchema,
  EnumStepStatus,
  EnumStepStatusSchema,
  EnumStreamingMode,
  EnumStreamingModeSchema,
  EnumTransactionState,
  EnumTransactionStateSchema,
  EnumWorkflowState,
  EnumWorkflowStateSchema,
} from "../src/index.js";

interface EnumCase {
  readonly name: string;
  readonly values: Readonly<Record<string, string>>;
  readonly schema: z.ZodType<string>;
  readonly expected: readonly string[];
}

const cases: readonly EnumCase[] = [
  {
    name: "EnumReductionType",
    values: EnumReductionType,
    schema: EnumReductionTypeSchema,
    expected: ["fold", "accumulate", "merge", "aggregate", "normalize", "deduplicate", "sort", "filter", "group", "transform"],
  },
  { name: "EnumConflictResolution", values: EnumConflictResolution, schema: EnumConflictResolutionSchema, expected: ["first_wins", "last_wins", "merge", "error", "custom"] },
  { name: "EnumStreamingMode", values: EnumStreamingMode, schema: EnumStreamingModeSchema, expected: ["batch", "incremental", "windowed", "real_time"] },
  { name: "EnumExecutionMode", values: EnumExecutionMode, schema: EnumExecutionModeSchema, expected: ["sequential", "parallel", "conditional", "batch", "streaming"] },
  { name: "EnumWorkflowState", values: EnumWorkflowState, schema: EnumWorkflowStateSchema, expected: ["pending", "running", "completed", "failed", "cancelled", "paused"] },
  { name: "EnumStepStatus", values: EnumStepStatus, schema: EnumStepStatusSchema, expected: ["pending", "running", "completed", "failed", "skipped", "timed_out"] },
  { name: "EnumEffectType", values: EnumEffectType, schema: EnumEffectTypeSchema, expected: ["db", "http", "cache", "discovery", "secrets", "event", "file", "custom"] },
  { name: "EnumTransactionState", values: EnumTransactionState, schema: EnumTransactionStateSchema, expected: ["pending", "active", "committed", "rolled_back", "failed"] },
  { name: "EnumDependencyType", values: EnumDependencyType, schema: EnumDependencyTypeSchema, expected: ["protocol", "node", "service"] },
  { name: "EnumActionType", values: EnumActionType, schema: EnumActionTypeSchema, expected: ["emit_intent", "set_data", "log", "custom"] },
  { name: "EnumMessageCategory", values: EnumMessageCategory, schema: EnumMessageCategorySchema, expected: ["evt", "cmd", "intent", "snapshot", "dlq"] },
  { name: "EnumLifecycle", values: EnumLifecycle, schema: EnumLifecycleSchema, expected: ["singleton", "transient", "scoped"] },
  { name: "EnumNodeType", values: EnumNodeType, schema: EnumNodeTypeSchema, expected: ["EFFECT_GENERIC", "COMPUTE_GENERIC", "REDUCER_GENERIC", "ORCHESTRATOR_GENERIC"] },
];

describe.each(cases)("$name", ({ values, schema, expected }) => {
  it("has exactly the specified values, in order", () => {
    expect(Object.values(values)).toEqual(expected);
  });

  it("keys are upper-case names, equal to the upper-cased value except for the topic abbreviations", () => {
    for (const [key, value] of Object.entries(values)) {
      expect(key).toMatch(/^[A-Z][A-Z0-9_]*$/);
      if (value === value.toLowerCase() && !["evt", "cmd"].includes(value)) expect(key).toBe(value.toUpperCase());
    }
  });

  it("schema accepts every value", () => {
    for (const value of expected) expect(schema.parse(value)).toBe(value);
  });

  it("schema rejects unknown, wrongly cased and non-string values", () => {
    const first = expected[0] ?? "";
    const wrongCase = first === first.toLowerCase() ? first.toUpperCase() : first.toLowerCase();
    for (const bad of ["not_a_value", wrongCase, "", 1, null, undefined]) {
      expect(schema.safeParse(bad).success).toBe(false);
    }
  });
});

describe("EnumMessageCategory", () => {
  it("names its keys by meaning while the values are the topic segments", () => {
    expect(EnumMessageCategory.EVENT).toBe("evt");
    expect(EnumMessageCategory.COMMAND).toBe("cmd");
  });
});
