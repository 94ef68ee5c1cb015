import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const here = import.meta.dirname;
const repoRoot = path.resolve(here, "../../..");
const config = path.resolve(here, "../dependency-cruiser.cjs");
const bin = path.resolve(here, "../node_modules/.bin/depcruise");

interface CruiseResult {
  code: number;
  output: string;
}

async function cruise(baseDir: string, targets: string[]): Promise<CruiseResult> {
  try {
    const { stdout } = await run(bin, ["--config", config, ...targets], {
      cwd: baseDir,
      env: { ...process.env, ONEX_DEPCRUISE_BASEDIR: baseDir },
    });
    return { code: 0, output: stdout };
  } catch (error: unknown) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

function write(root: string, file: string, text: string): void {
  const full = path.join(root, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
}

/** A miniature of the workspace: core and infra packages, with infra linked into core's node_modules. */
function fixture(coreIndex: string): string {
  const root = mkdtempSync(path.join(tmpdir(), "onex-layering-"));
  for (const pkg of ["core", "spi", "infra"]) {
    write(
      root,
      `packages/${pkg}/package.json`,
      JSON.stringify({ name: `@onex/${pkg}`, type: "module", exports: { ".": "./src/index.ts" } }),
    );
  }
  write(root, "packages/infra/src/index.ts", "export const infra = 1;\n");
  write(root, "packages/spi/src/index.ts", "export type Spi = number;\n");
  write(root, "packages/core/src/index.ts", coreIndex);
  mkdirSync(path.join(root, "packages/core/node_modules/@onex"), { recursive: true });
  symlinkSync(path.join(root, "packages/infra"), path.join(root, "packages/core/node_modules/@onex/infra"), "dir");
  return root;
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe("layering rules", () => {
  it("fail when core imports infra by package name", async () => {
    const root = fixture('import { infra } from "@onex/infra";\nexport const x = infra;\n');
    made.push(root);
    const result = await cruise(root, ["packages/core/src"]);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("core-imports-no-other-layer");
  });

  it("fail when core imports infra by relative path", async () => {
    const root = fixture('import { infra } from "../../infra/src/index.ts";\nexport const x = infra;\n');
    made.push(root);
    const result = await cruise(root, ["packages/core/src"]);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("core-imports-no-other-layer");
    expect(result.output).toContain("no-deep-imports-by-path");
  });

  it("fail when core imports a Node I/O built-in", async () => {
    const root = fixture('import { readFileSync } from "node:fs";\nexport const x = readFileSync;\n');
    made.push(root);
    const result = await cruise(root, ["packages/core/src"]);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("core-and-spi-no-node-io");
  });

  it("fail on a cycle", async () => {
    const root = fixture('export { b } from "./b.ts";\nexport const a = 1;\n');
    write(root, "packages/core/src/b.ts", 'import { a } from "./index.ts";\nexport const b = a;\n');
    made.push(root);
    const result = await cruise(root, ["packages/core/src"]);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("no-circular");
  });

  it("pass on the real tree", async () => {
    const result = await cruise(repoRoot, ["packages/core/src", "packages/spi/src", "packages/infra/src", "apps/runtime/src"]);
    expect(result.output).toContain("no dependency violations found");
    expect(result.code).toBe(0);
  });
});
