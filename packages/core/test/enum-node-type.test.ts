import { describe, expect, it } from "vitest";
import { EnumNodeType } from "../src/index.js";

describe("EnumNodeType", () => {
  it("lists the four archetypes as contract values", () => {
    expect(Object.values(EnumNodeType)).toEqual(["EFFECT_GENERIC", "COMPUTE_GENERIC", "REDUCER_GENERIC", "ORCHESTRATOR_GENERIC"]);
  });
});
