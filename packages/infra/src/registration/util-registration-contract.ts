// Loads a registration node's `contract.yaml` from beside its module (copied into dist by the build), validated by
// the core loader and linter, once per process.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { assertContract, type ModelContract } from "@onex/core";

const cache = new Map<string, ModelContract>();

/** The validated contract at `url`; throws the loader's CONTRACT_VALIDATION_ERROR listing every problem. */
export function loadRegistrationContract(url: URL): ModelContract {
  const key = url.href;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const file = fileURLToPath(url);
  const contract = assertContract(readFileSync(file, "utf8"), file);
  cache.set(key, contract);
  return contract;
}

/** `{env}.onex...` with the environment filled in. */
export function resolveTopic(topic: string, env: string): string {
  return topic.replace(/^\{env\}\./, `${env}.`);
}
