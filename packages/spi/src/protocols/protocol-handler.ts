import type { ModelEventEnvelope } from "@onex/core";
import type { ProtocolHealthCheck, ProtocolHealthCheckResult } from "./protocol-health-check.js";

/**
 * What a handler returns for one envelope; the runtime wraps it into the response envelope.
 *
 * @category Protocols
 */
export interface ProtocolHandlerResult {
  /** JSON-safe result of the operation (rows, a secret's metadata, a lock token...). */
  readonly payload: unknown;
  /** JSON-safe facts about the execution (backend, rows affected, duration...). Never a secret. */
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * A handler's self-description, listed by the runtime's HTTP hub.
 *
 * @category Protocols
 */
export interface ProtocolHandlerDescription {
  /** The operation prefix the handler serves, e.g. `"db"`. */
  readonly handlerType: string;
  /** Full operation names it accepts, e.g. `["db.query", "db.execute"]`. */
  readonly operations: readonly string[];
  /** Semver of the handler implementation. */
  readonly version: string;
  /** One sentence saying what backend it talks to. */
  readonly description: string;
}

/**
 * A handler for real infrastructure (database, discovery, secrets, cache, HTTP), chosen by the operation prefix
 * of an envelope (`db.query` goes to the handler whose `handlerType` is `"db"`). Handlers never publish to the bus.
 *
 * @category Protocols
 */
export interface ProtocolHandler extends ProtocolHealthCheck {
  /** Operation prefix this handler serves, e.g. `"db"`, `"consul"`, `"vault"`. Unique in a runtime. */
  readonly handlerType: string;

  /**
   * Validates `config` (with zod; rejects with a configuration error naming the bad fields) and connects.
   * Must be called once before `execute`.
   */
  initialize(config: unknown): Promise<void>;

  /**
   * Runs the operation named by `envelope.operation` with `envelope.payload` as input. Rejects with the project's
   * error classes (carrying the envelope's correlation id) on invalid input, unknown operation or backend failure.
   */
  execute(envelope: ModelEventEnvelope): Promise<ProtocolHandlerResult>;

  /** Describes the handler: type, operations, version and purpose. Works before `initialize`. */
  describe(): ProtocolHandlerDescription;

  /** Reports backend reachability and the handler's circuit state. */
  health(): Promise<ProtocolHealthCheckResult>;

  /** Releases connections and timers. Idempotent; `execute` rejects afterwards. */
  shutdown(): Promise<void>;
}
