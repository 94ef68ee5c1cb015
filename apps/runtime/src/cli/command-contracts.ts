// `onex contracts lint <dir>` and `onex codegen [--check] [<dir>]`.
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { EnumCoreErrorCode, EnumCoreErrorCodeInfo, ModelOnexError, checkGeneratedModels, formatContractProblem, generateModels, verifyGeneratedFile } from "@onex/core";
import { findContractFiles, loadContractFile } from "../host/util-contract-files.js";
import type { CliIo } from "./util-cli-io.js";
import { EXIT_USAGE } from "./util-cli-io.js";

const EXIT_DATA = EnumCoreErrorCodeInfo[EnumCoreErrorCode.CONTRACT_VALIDATION_ERROR].exitCode;
const MODELS_DIR = "models";

async function contractFilesOf(io: CliIo, dir: string): Promise<string[] | null> {
  const root = path.resolve(io.cwd, dir);
  if (!existsSync(root)) {
    io.stderr(`onex: no such file or directory: ${dir}\n`);
    return null;
  }
  return findContractFiles(root);
}

/** Prints every problem as `file:line:col path: message`; 65 when any contract has errors. */
export async function lintContracts(io: CliIo, dir: string): Promise<number> {
  const files = await contractFilesOf(io, dir);
  if (files === null) return EXIT_USAGE;
  let errors = 0;
  let warnings = 0;
  for (const file of files) {
    const result = await loadContractFile(file, io.cwd);
    const problems = "problems" in result ? [...result.problems, ...result.warnings] : result.warnings;
    for (const problem of problems) io.stdout(`${formatContractProblem(problem)}\n`);
    errors += "problems" in result ? result.problems.length : 0;
    warnings += result.warnings.length;
  }
  io.stderr(`${files.length} contract(s) checked: ${errors} error(s), ${warnings} warning(s)\n`);
  return errors > 0 ? EXIT_DATA : 0;
}

async function existingModelFiles(nodeDir: string): Promise<Record<string, string>> {
  const dir = path.join(nodeDir, MODELS_DIR);
  const out: Record<string, string> = {};
  if (!existsSync(dir) || !(await stat(dir)).isDirectory()) return out;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
    const content = await readFile(path.join(dir, entry.name), "utf8");
    // Hand-written files beside generated ones are not codegen's business.
    if (verifyGeneratedFile(content) !== "not_generated") out[`${MODELS_DIR}/${entry.name}`] = content;
  }
  return out;
}

/**
 * Generates `models/model-*.ts` next to every contract with `definitions` (and removes generated files whose
 * definition is gone). With `check`, writes nothing and exits 65 listing stale, missing and extra files.
 */
export async function codegenContracts(io: CliIo, dir: string, check: boolean): Promise<number> {
  const files = await contractFilesOf(io, dir);
  if (files === null) return EXIT_USAGE;
  let failed = false;
  let outOfDate = 0;
  let written = 0;
  for (const file of files) {
    const result = await loadContractFile(file, io.cwd);
    if ("problems" in result) {
      for (const problem of result.problems) io.stderr(`${formatContractProblem(problem)}\n`);
      failed = true;
      continue;
    }
    const { contract } = result;
    if (Object.keys(contract.definitions).length === 0) continue;
    const nodeDir = path.dirname(file);
    const shown = (relative: string): string => {
      const full = path.join(nodeDir, relative);
      const fromCwd = path.relative(io.cwd, full);
      return fromCwd === "" || fromCwd.startsWith("..") ? full : fromCwd;
    };
    const existing = await existingModelFiles(nodeDir);
    try {
      if (check) {
        const report = checkGeneratedModels(contract, existing, { directory: MODELS_DIR });
        for (const f of report.stale) io.stdout(`stale: ${shown(f)}\n`);
        for (const f of report.missing) io.stdout(`missing: ${shown(f)}\n`);
        for (const f of report.extra) io.stdout(`extra: ${shown(f)}\n`);
        outOfDate += report.stale.length + report.missing.length + report.extra.length;
        continue;
      }
      const generated = generateModels(contract, { directory: MODELS_DIR });
      await mkdir(path.join(nodeDir, MODELS_DIR), { recursive: true });
      for (const out of generated.files) {
        if (existing[out.path] === out.content) continue;
        await writeFile(path.join(nodeDir, out.path), out.content, "utf8");
        io.stdout(`wrote ${shown(out.path)}\n`);
        written += 1;
      }
      const keep = new Set(generated.files.map((f) => f.path));
      for (const stale of Object.keys(existing).filter((f) => !keep.has(f))) {
        await rm(path.join(nodeDir, stale));
        io.stdout(`removed ${shown(stale)}\n`);
      }
    } catch (error) {
      const onex = ModelOnexError.fromUnknown(error);
      io.stderr(`${file}: ${onex.message}\n`);
      failed = true;
    }
  }
  if (check && outOfDate > 0) io.stderr(`${outOfDate} generated file(s) out of date: run \`onex codegen ${dir}\`\n`);
  else if (!check) io.stderr(`${written} file(s) written\n`);
  return failed || outOfDate > 0 ? EXIT_DATA : 0;
}
