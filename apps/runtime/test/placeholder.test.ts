import { describe, expect, it } from "vitest";
import { runPlaceholder } from "../src/index.js";

describe("runtime placeholder", () => {
  it("starts, reports the archetypes and exits cleanly", async () => {
    const lines: string[] = [];
    expect(await runPlaceholder((line) => lines.push(line))).toBe(0);
    expect(lines.join("\n")).toContain("EFFECT_GENERIC");
  });
});
