// Kernel configuration: `runtime_config.yaml` (from --config, else ONEX_CONFIG, else ./runtime_config.yaml when it
// exists) overlaid with `ONEX_*` variables, then validated. Every problem names the key and where the bad value came
// from: the environment variable, or the file with line and column.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { EnumCoreErrorCode } from "@onex/core";
import { ProtocolConfigurationError, RuntimeHostError } from "@onex/infra";
import { isMap, isScalar, LineCounter, parseDocument, type Document } from "yaml";
import { ModelRuntimeConfig } from "./model-runtime-config.js";
import { CONFIG_ENV_BINDINGS, convertEnvValue } from "./util-config-env.js";

/** Name of the config file looked for in the working directory. */
export const DEFAULT_CONFIG_FILE = "runtime_config.yaml";

export type RuntimeEnv = Readonly<Record<string, string | undefined>>;

export interface LoadRuntimeConfigOptions {
  /** `--config`; wins over `ONEX_CONFIG`. */
  readonly configPath?: string | undefined;
  /** Environment (default `process.env`). */
  readonly env?: RuntimeEnv | undefined;
  /** Base of relative paths (default `process.cwd()`). */
  readonly cwd?: string | undefined;
}

export interface LoadedRuntimeConfig {
  readonly config: ModelRuntimeConfig;
  /** Absolute path of the file read, or null when only defaults and the environment were used. */
  readonly file: string | null;
  /** Config keys set from the environment, as `key <- ONEX_VAR`. */
  readonly fromEnv: readonly string[];
}

/** One located configuration problem. */
export interface RuntimeConfigProblem {
  readonly key: string;
  readonly source: string;
  readonly message: string;
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function setPath(target: Json, keys: readonly string[], value: unknown): void {
  let current = target;
  keys.forEach((key, index) => {
    if (index === keys.length - 1) {
      current[key] = value;
      return;
    }
    const next = current[key];
    if (isRecord(next)) {
      current = next;
    } else {
      const created: Json = {};
      current[key] = created;
      current = created;
    }
  });
}

function locate(doc: Document, counter: LineCounter, keys: readonly (string | number)[], atKey: boolean): { line: number; column: number } | null {
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const key of keys) {
    if (!isMap(node)) break;
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
    if (pair === undefined) break;
    offset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
    node = pair.value;
    if (!atKey && isScalar(node) && node.range !== undefined && node.range !== null && node.value !== null) offset = node.range[0];
  }
  if (offset === undefined) return null;
  const { line, col } = counter.linePos(offset);
  return { line, column: col };
}

function configError(file: string | null, problems: readonly RuntimeConfigProblem[]): ProtocolConfigurationError {
  const lines = problems.map((p) => `  ${p.source} ${p.key}: ${p.message}`).join("\n");
  return new ProtocolConfigurationError(`invalid runtime configuration${file === null ? "" : ` (${file})`}:\n${lines}`, {
    context: { operation: "load_config", targetName: file ?? "environment" },
    file,
    problems: problems.map((p) => ({ ...p })),
  });
}

/** Finds the config file: explicit path, else `ONEX_CONFIG`, else `./runtime_config.yaml` when present. */
export function resolveConfigPath(options: LoadRuntimeConfigOptions = {}): string | null {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.configPath ?? (env.ONEX_CONFIG === undefined || env.ONEX_CONFIG === "" ? undefined : env.ONEX_CONFIG);
  if (explicit !== undefined) {
    const absolute = path.resolve(cwd, explicit);
    if (!existsSync(absolute)) {
      throw new RuntimeHostError(`runtime config file not found: ${absolute}`, {
        errorCode: EnumCoreErrorCode.MISSING_CONFIGURATION,
        context: { operation: "load_config", targetName: absolute },
      });
    }
    return absolute;
  }
  const fallback = path.resolve(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(fallback) ? fallback : null;
}

/**
 * Validates config `text` (YAML, from `file`) overlaid with `env`. Relative paths in the file are resolved against
 * the file's folder, those from the environment against `cwd`. Throws {@link ProtocolConfigurationError}
 * (`INVALID_CONFIGURATION`) listing every problem as `file:line:col key: message` or `ONEX_VAR key: message`.
 */
export function parseRuntimeConfig(text: string | null, file: string | null, env: RuntimeEnv, cwd: string): LoadedRuntimeConfig {
  const shownFile = file ?? DEFAULT_CONFIG_FILE;
  const counter = new LineCounter();
  const doc = text === null ? null : parseDocument(text, { lineCounter: counter, uniqueKeys: true });
  if (doc !== null && doc.errors.length > 0) {
    throw configError(
      file,
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return { key: "(root)", source: `${shownFile}:${pos?.line ?? 1}:${pos?.col ?? 1}`, message: `YAML: ${e.message.split("\n")[0] ?? e.message}` };
      }),
    );
  }
  const fromFile: unknown = doc === null ? {} : (doc.toJS() ?? {});
  if (!isRecord(fromFile)) {
    throw configError(file, [{ key: "(root)", source: `${shownFile}:1:1`, message: "the file must hold a mapping of keys to values" }]);
  }
  const baseDir = file === null ? cwd : path.dirname(file);
  const raw: Json = structuredClone(fromFile);
  for (const key of ["contracts_dir", "data_dir"] as const) {
    const value = raw[key];
    if (typeof value === "string" && value !== "") raw[key] = path.resolve(baseDir, value);
  }
  const envKeys = new Map<string, string>();
  for (const binding of CONFIG_ENV_BINDINGS) {
    const value = env[binding.env];
    if (value === undefined) continue;
    let converted = convertEnvValue(value, binding.kind);
    if ((binding.env === "ONEX_CONTRACTS_DIR" || binding.env === "ONEX_DATA_DIR") && typeof converted === "string" && converted !== "") {
      converted = path.resolve(cwd, converted);
    }
    setPath(raw, binding.path, converted);
    envKeys.set(binding.path.join("."), binding.env);
  }
  const parsed = ModelRuntimeConfig.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue): RuntimeConfigProblem => {
      const keys = issue.path.filter((k): k is string | number => typeof k !== "symbol");
      const unknownKeys = issue.code === "unrecognized_keys" ? issue.keys : [];
      const fullKeys = unknownKeys.length === 1 ? [...keys, unknownKeys[0] ?? ""] : keys;
      const key = fullKeys.length === 0 ? "(root)" : fullKeys.join(".");
      const envName = [...envKeys].find(([k]) => key === k || key.startsWith(`${k}.`))?.[1];
      if (envName !== undefined) return { key, source: envName, message: issue.message };
      const position = doc === null ? null : locate(doc, counter, fullKeys, unknownKeys.length > 0);
      const source = position === null ? (doc === null ? "defaults" : shownFile) : `${shownFile}:${position.line}:${position.column}`;
      return { key, source, message: issue.message };
    });
    throw configError(file, problems);
  }
  // The defaults are relative to the working directory; report absolute paths so the banner says where data lives.
  const config = { ...parsed.data, data_dir: path.resolve(cwd, parsed.data.data_dir) };
  return { config, file, fromEnv: [...envKeys].map(([key, name]) => `${key} <- ${name}`) };
}

/** Reads and validates the runtime configuration (see {@link parseRuntimeConfig}). */
export function loadRuntimeConfig(options: LoadRuntimeConfigOptions = {}): LoadedRuntimeConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const file = resolveConfigPath({ ...options, env, cwd });
  const text = file === null ? null : readFileSync(file, "utf8");
  return parseRuntimeConfig(text, file, env, cwd);
}
