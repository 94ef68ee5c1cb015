// The runtime process: configuration, logger, backends, host and hub; prints where to look; drains on
// SIGTERM/SIGINT and turns the outcome into an exit code (0 after a clean drain).
import { EnumCoreErrorCode, ModelOnexError } from "@onex/core";
import { newCorrelationId, sanitizeString } from "@onex/infra";
import type { FastifyInstance } from "fastify";
import type { ModelRuntimeConfig } from "../config/model-runtime-config.js";
import { loadRuntimeConfig, type RuntimeEnv } from "../config/util-load-config.js";
import { describeBackends, selectBackends } from "../config/util-select-backends.js";
import { createRuntimeHub } from "../http/runtime-hub-server.js";
import { createRuntimeLogger, type RuntimeLogger } from "../logging/util-logger.js";
import { RuntimeHost, type RuntimeComponentsFactory } from "./runtime-host.js";
import { createRuntimeComponents } from "./util-runtime-components.js";

/** Exit code of a drain that did not finish in time (EX_TEMPFAIL). */
export const EXIT_DRAIN_TIMEOUT = 75;

export interface StartRuntimeOptions {
  readonly config: ModelRuntimeConfig;
  readonly env: RuntimeEnv;
  readonly logger: RuntimeLogger;
  /** Overrides the components built from the selected backends (tests). */
  readonly components?: RuntimeComponentsFactory | undefined;
}

/** A started runtime: host, hub and its URL. */
export interface RunningRuntime {
  readonly host: RuntimeHost;
  readonly hub: FastifyInstance;
  readonly url: string;
  /** Drains the host, then closes the hub; resolves whether the drain was clean. */
  stop(drainTimeoutMs?: number): Promise<boolean>;
}

function hubUrl(hub: FastifyInstance, host: string): string {
  const address = hub.server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  return `http://${shownHost}:${port}`;
}

/**
 * Starts host and hub in parallel (the hub answers `/health` and a 503 `/ready` while the host starts). Rejects,
 * after releasing everything, when either cannot start.
 */
export async function startRuntime(options: StartRuntimeOptions): Promise<RunningRuntime> {
  const { config, env, logger } = options;
  const backends = selectBackends(env, config);
  const described = describeBackends(backends);
  logger.info({ backends: described }, "backends selected");
  const host = new RuntimeHost({ config, logger, backends: described, components: options.components ?? createRuntimeComponents(backends, env) });
  const hub = createRuntimeHub({ host, logger });
  const listening = hub.listen({ host: config.http.host, port: config.http.port });
  const starting = host.start();
  const [listen, start] = await Promise.allSettled([listening, starting]);
  if (listen.status === "rejected" || start.status === "rejected") {
    await host.stop().catch(() => undefined);
    await hub.close().catch(() => undefined);
    if (start.status === "rejected") throw start.reason;
    const reason = listen.status === "rejected" ? (listen.reason as unknown) : undefined;
    const code = (reason as { code?: unknown } | undefined)?.code;
    throw new ModelOnexError(`the hub cannot listen on ${config.http.host}:${config.http.port}${typeof code === "string" ? ` (${code})` : ""}; set ONEX_HTTP_PORT / ONEX_HTTP_HOST`, {
      errorCode: EnumCoreErrorCode.SERVICE_UNAVAILABLE,
      cause: reason,
    });
  }
  const url = hubUrl(hub, config.http.host);
  let stopping: Promise<boolean> | null = null;
  return {
    host,
    hub,
    url,
    stop(drainTimeoutMs) {
      stopping ??= (async () => {
        const clean = await host.stop(drainTimeoutMs);
        await hub.close();
        return clean;
      })();
      return stopping;
    },
  };
}

export interface RunRuntimeProcessOptions {
  readonly configPath?: string | undefined;
  readonly env?: RuntimeEnv | undefined;
  readonly cwd?: string | undefined;
  /** Where lines that come before the logger exists go (default stderr). */
  readonly stderr?: ((text: string) => void) | undefined;
}

/**
 * Runs the runtime until SIGTERM/SIGINT and resolves with the process exit code: 0 after a clean drain, 75 when
 * the drain timed out, the error code's exit code when start-up failed (78 bad configuration, 69 no backend...).
 */
export async function runRuntimeProcess(options: RunRuntimeProcessOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const stderr = options.stderr ?? ((text: string) => process.stderr.write(text));
  let config: ModelRuntimeConfig;
  try {
    config = loadRuntimeConfig({ configPath: options.configPath, env, cwd: options.cwd }).config;
  } catch (error) {
    const onex = ModelOnexError.fromUnknown(error);
    stderr(`onex-runtime: ${sanitizeString(onex.message)}\n`);
    return onex.exitCode;
  }
  const logger = createRuntimeLogger({ level: config.log_level, fallbackCorrelationId: newCorrelationId() });
  let running: RunningRuntime;
  try {
    running = await startRuntime({ config, env, logger });
  } catch (error) {
    const onex = ModelOnexError.fromUnknown(error);
    logger.fatal({ err: error, errorCode: onex.errorCode }, `runtime failed to start: ${onex.message}`);
    return onex.exitCode;
  }
  const { host } = running;
  logger.info(
    {
      url: running.url,
      health: `${running.url}/health`,
      metrics: `${running.url}/metrics`,
      data_dir: config.data_dir,
      contracts_dir: config.contracts_dir,
      topics: host.topics,
      startup_ms: Math.round(performance.now()),
    },
    `onex runtime listening on ${running.url} (input topic ${host.topics.input}, output topic ${host.topics.output}, data ${config.db_in_memory ? "in memory" : config.data_dir})`,
  );
  return new Promise<number>((resolve) => {
    let firstSignalAt: number | null = null;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (firstSignalAt !== null) {
        // The same signal often arrives twice at once (npm and the terminal both forward Ctrl-C; `timeout` signals
        // the child and its group): only a signal sent again later means "stop waiting for the drain".
        if (Date.now() - firstSignalAt < 1_000) return;
        logger.warn({ signal }, "second signal: exiting without finishing the drain");
        resolve(130);
        return;
      }
      firstSignalAt = Date.now();
      logger.info({ signal, drainTimeoutMs: config.drain_timeout_ms }, "signal received: draining");
      running
        .stop()
        .then((clean) => resolve(clean ? 0 : EXIT_DRAIN_TIMEOUT))
        .catch((error: unknown) => {
          logger.error({ err: error }, "drain failed");
          resolve(70);
        })
        .finally(() => {
          process.off("SIGTERM", onSignal);
          process.off("SIGINT", onSignal);
        });
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  });
}
