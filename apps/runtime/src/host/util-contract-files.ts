// Finding and loading `contract.yaml` files under a folder (shared by the runtime host and the CLI).
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { createContractError, loadContractText, type ContractProblem, type ModelContract } from "@onex/core";

/** File name of a node contract. */
export const CONTRACT_FILE = "contract.yaml";

const SKIPPED_DIRS = new Set(["node_modules", "dist", ".git", ".turbo", "coverage"]);

/** Every `contract.yaml` under `root` (or `root` itself when it is one), sorted. */
export async function findContractFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith(".")) await walk(full);
      } else if (entry.isFile() && entry.name === CONTRACT_FILE) {
        found.push(full);
      }
    }
  };
  if (path.basename(root) === CONTRACT_FILE) return [root];
  await walk(root);
  return found.sort();
}

export interface LoadedContract {
  readonly file: string;
  readonly contract: ModelContract;
  readonly warnings: readonly ContractProblem[];
}

export interface FailedContract {
  readonly file: string;
  readonly problems: readonly ContractProblem[];
  readonly warnings: readonly ContractProblem[];
}

export interface ContractScan {
  readonly loaded: readonly LoadedContract[];
  readonly failed: readonly FailedContract[];
}

/** Loads one contract file (file names in problems are relative to `base` when given). */
export async function loadContractFile(file: string, base?: string): Promise<LoadedContract | FailedContract> {
  const relative = base === undefined ? "" : path.relative(base, file);
  const shown = relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
  const result = loadContractText(await readFile(file, "utf8"), shown);
  return result.ok ? { file, contract: result.contract, warnings: result.warnings } : { file, problems: result.problems, warnings: result.warnings };
}

/**
 * Loads every contract under `root`. Invalid contracts are returned in `failed` (each problem with file, line,
 * column and path); with `strict` the first invalid contract throws CONTRACT_VALIDATION_ERROR instead.
 */
export async function scanContracts(root: string, options: { readonly strict?: boolean; readonly base?: string } = {}): Promise<ContractScan> {
  const loaded: LoadedContract[] = [];
  const failed: FailedContract[] = [];
  for (const file of await findContractFiles(root)) {
    const result = await loadContractFile(file, options.base);
    if ("contract" in result) {
      loaded.push(result);
    } else {
      if (options.strict === true) throw createContractError(result.problems[0]?.file ?? file, result.problems);
      failed.push(result);
    }
  }
  return { loaded, failed };
}
