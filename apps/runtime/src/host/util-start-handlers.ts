// Starting handlers: all initialised in parallel; one that fails is logged, shut down and left out; the runtime
// fails fast only when none starts.
import { EnumCoreErrorCode } from "@onex/core";
import { RuntimeHostError, sanitizeError, type RegistryProtocolBinding } from "@onex/infra";
import type { ProtocolHandler } from "@onex/spi";
import type { RuntimeLogger } from "../logging/util-logger.js";

/** A handler the runtime should start, with what to pass to `initialize()`. */
export interface RuntimeHandlerSpec {
  readonly handler: ProtocolHandler;
  /** Settings given to `initialize()`; merged with `handlers.<type>` of the runtime config. */
  readonly config?: Readonly<Record<string, unknown>> | undefined;
  /** Which backend it talks to, safe to log (`postgres (db:5432/app)`, `pglite (in memory)`). */
  readonly backend?: string | undefined;
}

/** A handler that did not start, and why (sanitised). */
export interface RuntimeHandlerFailure {
  readonly handlerType: string;
  readonly backend: string | undefined;
  readonly reason: string;
  readonly errorCode: string | null;
}

export interface StartedHandlers {
  readonly started: readonly RuntimeHandlerSpec[];
  readonly failed: readonly RuntimeHandlerFailure[];
}

/**
 * Initialises every handler in parallel and binds the ones that started in `registry`. Throws
 * `SERVICE_UNAVAILABLE` naming every failure when none started.
 */
export async function startHandlers(
  specs: readonly RuntimeHandlerSpec[],
  registry: RegistryProtocolBinding,
  overrides: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
  logger: RuntimeLogger,
): Promise<StartedHandlers> {
  const outcomes = await Promise.allSettled(
    specs.map(async (spec) => {
      const config = { ...(spec.config ?? {}), ...(overrides[spec.handler.handlerType] ?? {}) };
      await spec.handler.initialize(config);
      return spec;
    }),
  );
  const started: RuntimeHandlerSpec[] = [];
  const failed: RuntimeHandlerFailure[] = [];
  await Promise.all(
    outcomes.map(async (outcome, index) => {
      const spec = specs[index];
      if (spec === undefined) return;
      const handlerType = spec.handler.handlerType;
      if (outcome.status === "fulfilled") {
        try {
          registry.register(spec.handler);
          started.push(spec);
          logger.info({ handlerType, backend: spec.backend }, "handler started");
          return;
        } catch (error) {
          outcome = { status: "rejected", reason: error };
        }
      }
      const safe = sanitizeError(outcome.reason, { includeStack: false });
      const code = (outcome.reason as { errorCode?: unknown } | null)?.errorCode;
      failed.push({ handlerType, backend: spec.backend, reason: safe.message, errorCode: typeof code === "string" ? code : null });
      logger.error({ handlerType, backend: spec.backend, err: outcome.reason }, "handler failed to start; it is left out");
      await spec.handler.shutdown().catch(() => undefined);
    }),
  );
  if (started.length === 0) {
    const list = failed.map((f) => `${f.handlerType}: ${f.reason}`).join("; ");
    throw new RuntimeHostError(specs.length === 0 ? "no handler is configured: the runtime has nothing to route to" : `no handler started (${list})`, {
      errorCode: EnumCoreErrorCode.SERVICE_UNAVAILABLE,
      context: { operation: "start_handlers", targetName: "runtime" },
      failed: failed.map((f) => ({ ...f })),
    });
  }
  started.sort((a, b) => a.handler.handlerType.localeCompare(b.handler.handlerType));
  return { started, failed };
}
