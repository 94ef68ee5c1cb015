// The runtime's logger: pino JSON lines, the current correlation id on every line, every argument sanitised before
// it is formatted (no password, token, DSN credentials or PII can reach a log line).
import { currentCorrelationId, sanitizeString, sanitizeValue } from "@onex/infra";
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from "pino";

export type RuntimeLogger = Logger;

export interface CreateRuntimeLoggerOptions {
  readonly level?: LevelWithSilent | undefined;
  /** Where lines go (default: stdout). */
  readonly destination?: DestinationStream | undefined;
  /** Correlation id of lines logged outside any request scope (start-up, shutdown). */
  readonly fallbackCorrelationId?: string | undefined;
  readonly name?: string | undefined;
}

function sanitizeArg(arg: unknown): unknown {
  return typeof arg === "string" ? sanitizeString(arg) : sanitizeValue(arg);
}

/** A pino logger with the correlation mixin and the sanitising hook. */
export function createRuntimeLogger(options: CreateRuntimeLoggerOptions = {}): RuntimeLogger {
  const fallback = options.fallbackCorrelationId;
  return pino(
    {
      name: options.name ?? "onex-runtime",
      level: options.level ?? "info",
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const id = currentCorrelationId() ?? fallback;
        return id === undefined ? {} : { correlation_id: id };
      },
      hooks: {
        logMethod(args, method) {
          const safe = (args as unknown[]).map(sanitizeArg) as Parameters<typeof method>;
          method.apply(this, safe);
        },
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
