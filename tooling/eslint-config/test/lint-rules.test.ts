import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { createConfig } from "../index.js";

const fixtures = path.resolve(import.meta.dirname, "fixtures");

async function ruleIdsFor(file: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: fixtures,
    overrideConfigFile: true,
    overrideConfig: createConfig(fixtures),
    ignore: false,
  });
  const [result] = await eslint.lintFiles([path.join(fixtures, file)]);
  return (result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe("shared lint config", () => {
  it("fails on an explicit any", async () => {
    expect(await ruleIdsFor("model-planted-any.ts")).toContain("@typescript-eslint/no-explicit-any");
  });

  it("fails on an any leaked from JSON.parse", async () => {
    const ids = await ruleIdsFor("util-leaked-any.ts");
    expect(ids).toContain("@typescript-eslint/no-unsafe-assignment");
    expect(ids).toContain("@typescript-eslint/no-unsafe-member-access");
  });

  it("passes a clean, well-named model file", async () => {
    expect(await ruleIdsFor("model-clean.ts")).toEqual([]);
  });

  it("fails on a file name that is not kebab-case", async () => {
    expect(await ruleIdsFor("KafkaThing.ts")).toContain("onex/file-naming");
  });

  it("fails when a role-prefixed symbol lives in a file not named after it", async () => {
    expect(await ruleIdsFor("model-wrong-home.ts")).toContain("onex/file-naming");
  });

  it("fails on a TypeScript enum", async () => {
    expect(await ruleIdsFor("enum-legacy.ts")).toContain("no-restricted-syntax");
  });
});
