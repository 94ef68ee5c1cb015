// kafkajs log lines routed to the bus's logger, sanitised (kafkajs may print broker URLs, SASL details or payload
// fragments in its messages and extra fields).
import { logLevel, type LogEntry, type logCreator } from "kafkajs";
import { sanitizeFields, sanitizeString } from "../sanitize/util-sanitize.js";
import type { EventBusKafkaLogger } from "./model-event-bus-kafka-config.js";

/** The kafkajs level of a configured level name. */
export function kafkaLogLevel(level: "nothing" | "error" | "warn" | "info"): logLevel {
  switch (level) {
    case "nothing":
      return logLevel.NOTHING;
    case "error":
      return logLevel.ERROR;
    case "warn":
      return logLevel.WARN;
    case "info":
      return logLevel.INFO;
  }
}

// Expected, not actionable: we limit the idempotent producer's own retries on purpose (one retry layer, ours).
const EXPECTED_WARNINGS = ["Limiting retries for the idempotent producer"];

/** A kafkajs `logCreator` writing to `logger` with sanitised message and fields. */
export function kafkaLogCreator(logger: EventBusKafkaLogger, clientId: string): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _name, ...extra } = log as Readonly<Record<string, unknown>>;
      const text = typeof message === "string" ? message : "kafkajs log";
      if (EXPECTED_WARNINGS.some((expected) => text.startsWith(expected))) return;
      const fields = { ...sanitizeFields(extra, { maxDepth: 3, includeStack: false }), kafkaNamespace: namespace, clientId };
      const line = `kafkajs: ${sanitizeString(text)}`;
      if (level === logLevel.ERROR) logger.error(fields, line);
      else if (level === logLevel.WARN) logger.warn(fields, line);
      else logger.info(fields, line);
    };
}
