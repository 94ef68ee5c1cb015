import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import type { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelOnexError } from "../src/errors/model-onex-error.js";
import { assertContract } from "../src/contracts/util-contract-loader.js";
import { contractDefinitionSchema, toKebabCase } from "../src/contracts/util-contract-definition-schema.js";
import type { ModelContract } from "../src/contracts/model-contract.js";
import { checkGeneratedModels, generateModels, GENERATED_FILE_MARKER, verifyGeneratedFile, type GeneratedFile } from "../src/codegen/util-codegen.js";
import { sha256Hex } from "../src/codegen/util-content-hash.js";

const CONTRACT_FILE = join(import.meta.dirname, "fixtures", "contracts", "good", "effect-registry.yaml");
const CONTRACT_TEXT = readFileSync(CONTRACT_FILE, "utf8");
const TMP_ROOT = join(import.meta.dirname, ".tmp-codegen");

// The I/O driver lives in the test: core itself has no file access.
function writeFiles(root: string, files: readonly GeneratedFile[]): void {
  for (const file of files) {
    mkdirSync(join(root, file.path, ".."), { recursive: true });
    writeFileSync(join(root, file.path), file.content);
  }
}

function readModels(root: string, directory = "models"): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(root, directory))) out[`${directory}/${name}`] = readFileSync(join(root, directory, name), "utf8");
  return out;
}

function compile(root: string, files: readonly GeneratedFile[]): string[] {
  const program = ts.createProgram(
    files.map((f) => join(root, f.path)),
    {
      target: ts.ScriptTarget.ES2023,
      lib: ["lib.es2023.d.ts"],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      noImplicitReturns: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      noEmit: true,
      // as in the repository's base tsconfig: zod's declaration files reference DOM/Node globals
      skipLibCheck: true,
      types: ["node"],
    },
  );
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

type Schema = z.ZodType;
const schemaOf = (module: Record<string, unknown>, name: string): Schema => {
  const schema = module[name];
  if (schema === undefined || schema === null || typeof schema !== "object" || !("safeParse" in schema)) throw new Error(`${name} is not exported`);
  return schema as Schema;
};

const VALID_REQUEST = {
  node_id: "1b4e28ba-2fa1-41d2-883f-0016d3cca427",
  node_type: "EFFECT_GENERIC",
  endpoint: { host: "db.local", port: 5432 },
  tags: ["postgres", "primary-1"],
  contact: null,
  registered_at: "2025-01-31T12:00:00Z",
  capabilities: [{ name: "sql" }],
  labels: { zone: "a" },
};

describe("codegen from contract definitions", () => {
  let contract: ModelContract;
  let root: string;
  let files: GeneratedFile[];
  let models: Record<string, unknown>;

  beforeAll(async () => {
    contract = assertContract(CONTRACT_TEXT, "effect-registry.yaml");
    mkdirSync(TMP_ROOT, { recursive: true });
    root = mkdtempSync(join(TMP_ROOT, "run-"));
    files = generateModels(contract).files;
    writeFiles(root, files);
    models = (await import(pathToFileURL(join(root, "models", "index.ts")).href)) as Record<string, unknown>;
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    if (readdirSync(TMP_ROOT).length === 0) rmSync(TMP_ROOT, { recursive: true, force: true });
  });

  it("writes one file per definition, named after its model as the lint rule wants, plus an index", () => {
    expect(files.map((f) => f.path)).toEqual(["models/model-capability.ts", "models/model-registration-request.ts", "models/model-registration-result.ts", "models/index.ts"]);
    for (const [file, model] of [["model-capability", "ModelCapability"], ["model-registration-request", "ModelRegistrationRequest"], ["model-registration-result", "ModelRegistrationResult"]] as const) {
      expect(toKebabCase(model)).toBe(file);
      const content = files.find((f) => f.path === `models/${file}.ts`)?.content ?? "";
      expect(content).toContain(`export const ${model} = `);
      expect(content).toContain(`export type ${model} = z.infer<typeof ${model}>;`);
    }
    expect(Object.keys(models).sort()).toEqual(["ModelCapability", "ModelRegistrationRequest", "ModelRegistrationResult"]);
  });

  it("starts every file with the do-not-edit header, the source and a content hash of the body", () => {
    for (const file of files) {
      const lines = file.content.split("\n");
      expect(lines[0]).toBe(GENERATED_FILE_MARKER);
      expect(lines[1]).toMatch(/^\/\/ Source: contract\.yaml of contract "node_registry_effect", /);
      expect(lines[2]).toBe(`// Content hash: sha256:${createHash("sha256").update(lines.slice(3).join("\n")).digest("hex")}`);
      expect(verifyGeneratedFile(file.content)).toBe("intact");
    }
    expect(verifyGeneratedFile(files[0]?.content.replace("z.string()", "z.number()") ?? "")).toBe("modified");
    expect(verifyGeneratedFile("export const x = 1;\n")).toBe("not_generated");
  });

  it("generates files that compile under strict TypeScript with no diagnostics", () => {
    expect(compile(root, files)).toEqual([]);
  });

  it("generated models accept valid data and apply defaults", () => {
    const request = schemaOf(models, "ModelRegistrationRequest").parse(VALID_REQUEST);
    expect(request).toMatchObject({ attempts: 0, capabilities: [{ name: "sql", version: "1.0.0" }] });
    const result = schemaOf(models, "ModelRegistrationResult").parse({ success: true, node_id: VALID_REQUEST.node_id, request: null, backend_status: { consul: "ok" } });
    expect(result).toMatchObject({ priority: 2, request: null });
    expect(schemaOf(models, "ModelRegistrationResult").safeParse({ success: false, node_id: VALID_REQUEST.node_id, request: VALID_REQUEST, priority: 3, score: 1 }).success).toBe(true);
  });

  it.each([
    ["a node_id that is not a UUID", { node_id: "nope" }],
    ["an unknown node_type", { node_type: "EFFECT" }],
    ["a port above the maximum", { endpoint: { host: "h", port: 70000 } }],
    ["a non-integer port", { endpoint: { host: "h", port: 1.5 } }],
    ["an empty host", { endpoint: { host: "", port: 1 } }],
    ["a tag breaking the pattern", { tags: ["Upper"] }],
    ["an invalid email", { contact: "not-an-email" }],
    ["a date-time without a zone", { registered_at: "yesterday" }],
    ["a negative attempts count", { attempts: -1 }],
    ["a capability without a name", { capabilities: [{ version: "2" }] }],
    ["a missing required field", { endpoint: undefined }],
  ])("generated models reject %s", (_label, patch) => {
    const schema = schemaOf(models, "ModelRegistrationRequest");
    const data = { ...VALID_REQUEST, ...patch };
    expect(schema.safeParse(data).success).toBe(false);
    // the runtime schema built from the same definition agrees
    expect(contractDefinitionSchema(contract.definitions, "RegistrationRequest").safeParse(data).success).toBe(false);
  });

  it("generated result model rejects values outside its enums and bounds", () => {
    const schema = schemaOf(models, "ModelRegistrationResult");
    const base = { success: true, node_id: VALID_REQUEST.node_id };
    expect(schema.safeParse({ ...base, priority: 4 }).success).toBe(false);
    expect(schema.safeParse({ ...base, score: 1.5 }).success).toBe(false);
    expect(schema.safeParse({ ...base, backend_status: { consul: "maybe" } }).success).toBe(false);
    expect(schema.safeParse({ ...base, request: { node_id: "x" } }).success).toBe(false);
  });

  it("is deterministic: two runs, and a contract with its keys in another order, give identical files", () => {
    expect(generateModels(contract).files).toEqual(files);
    const reordered = { ...contract, definitions: Object.fromEntries(Object.entries(contract.definitions).reverse()) };
    expect(generateModels(reordered).files).toEqual(files);
  });

  it("reports nothing when the files on disk match the contract", () => {
    expect(checkGeneratedModels(contract, readModels(root))).toEqual({ stale: [], missing: [], extra: [] });
    const crlf = Object.fromEntries(Object.entries(readModels(root)).map(([p, c]) => [p, c.replace(/\n/g, "\r\n")]));
    expect(checkGeneratedModels(contract, crlf)).toEqual({ stale: [], missing: [], extra: [] });
  });

  it("reports the edited definition's file as stale after a contract edit", () => {
    const edited = assertContract(CONTRACT_TEXT.replace("maximum: 65535", "maximum: 65000"), "effect-registry.yaml");
    expect(checkGeneratedModels(edited, readModels(root))).toEqual({ stale: ["models/model-registration-request.ts"], missing: [], extra: [] });
  });

  it("reports missing and extra files when definitions are added or removed", () => {
    const { Capability: _removed, ...rest } = contract.definitions;
    const changed = { ...contract, definitions: { ...rest, Capability2: { type: "string" as const } } };
    // RegistrationRequest references Capability, so only drop the reference for this check
    const withoutRef = { ...changed, definitions: { ...changed.definitions, RegistrationRequest: { type: "object" as const } } };
    expect(checkGeneratedModels(withoutRef, readModels(root))).toEqual({
      stale: ["models/index.ts", "models/model-registration-request.ts"],
      missing: ["models/model-capability2.ts"],
      extra: ["models/model-capability.ts"],
    });
  });

  it("emits the supported constructs with stable formatting", () => {
    const request = files.find((f) => f.path === "models/model-registration-request.ts")?.content ?? "";
    expect(request).toContain('import { ModelCapability } from "./model-capability.js";');
    expect(request).toContain("  attempts: z.int().min(0).default(0),\n");
    expect(request).toContain("  capabilities: z.array(ModelCapability).optional(),\n");
    expect(request).toContain("  contact: z.email().nullable().optional(),\n");
    expect(request).toContain("    port: z.int().min(1).max(65535),\n");
    expect(request).toContain("  registered_at: z.iso.datetime({ offset: true }).optional(),\n");
    expect(request).toContain('  tags: z.array(z.string().regex(new RegExp("^[a-z0-9-]+$"))).optional(),\n');
    expect(request).toContain("  labels: z.record(z.string(), z.unknown()).optional(),\n");
    expect(request).toContain("/** A request to register one node. */\nexport const ModelRegistrationRequest = z.object({\n");
  });
});

describe("codegen refusals", () => {
  const base = { name: "c" };

  it("throws CONTRACT_VALIDATION_ERROR naming each bad definition path", () => {
    const definitions = {
      A: { type: "object" as const, required: ["missing"], properties: { x: { ref: "Nope" } } },
      B: { type: "integer" as const, minLength: 3 },
    };
    let thrown: unknown;
    try {
      generateModels({ ...base, definitions });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ModelOnexError);
    const error = thrown as ModelOnexError;
    expect(error.errorCode).toBe("CONTRACT_VALIDATION_ERROR");
    expect(error.message).toContain('definitions.A.required[0]: required property "missing" is not among the properties');
    expect(error.message).toContain('definitions.A.properties.x.ref: reference to unknown definition "Nope"');
    expect(error.message).toContain('definitions.B.minLength: "minLength" applies to strings only');
  });

  it("refuses recursive definitions and defaults that do not match", () => {
    expect(() => generateModels({ ...base, definitions: { Tree: { type: "object", properties: { children: { type: "array", items: { ref: "Tree" } } } } } })).toThrow(/cycle/);
    expect(() => generateModels({ ...base, definitions: { A: { type: "integer", default: "x" } } })).toThrow(/default "x" does not match/);
    expect(() => generateModels({ ...base, definitions: { a_b: { type: "string" }, AB: { type: "string" } } })).toThrow(/both generate ModelAB/);
  });

  it("generates nothing for a contract without definitions", () => {
    expect(generateModels({ ...base, definitions: {} })).toEqual({ files: [] });
    expect(checkGeneratedModels({ ...base, definitions: {} }, { "models/index.ts": "x" })).toEqual({ stale: [], missing: [], extra: ["models/index.ts"] });
  });
});

describe("sha256Hex", () => {
  it.each(["", "abc", "a".repeat(55), "a".repeat(56), "a".repeat(64), "héllo ✓ 😀", "x".repeat(1000)])("matches node:crypto for input #%#", (text) => {
    expect(sha256Hex(text)).toBe(createHash("sha256").update(text).digest("hex"));
  });
});
