// The runtime host's public shapes: its components, options, health and handler views.
import type { ModelONEXContainer } from "@onex/core";
import type { ProtocolEventBus, ProtocolHandlerDescription, ProtocolHealthCheck, ProtocolHealthCheckResult, ProtocolIdempotencyStore, ProtocolNodeRegistry } from "@onex/spi";
import type { ModelRuntimeConfig } from "../config/model-runtime-config.js";
import type { RuntimeLogger } from "../logging/util-logger.js";
import type { RuntimeMetrics } from "./runtime-metrics.js";
import type { RuntimeRegistrationComponents } from "./runtime-registration.js";
import type { RuntimeHandlerSpec } from "./util-start-handlers.js";

export type RuntimeState = "created" | "starting" | "ready" | "draining" | "stopped" | "failed";

/** What the runtime runs on; built from the selected backends, or given directly (tests). */
export interface RuntimeComponents {
  readonly bus: ProtocolEventBus;
  readonly idempotency: ProtocolIdempotencyStore;
  readonly handlers: readonly RuntimeHandlerSpec[];
  /** Further components reported by `/health` (idempotency store, database...). */
  readonly healthChecks?: Readonly<Record<string, ProtocolHealthCheck>> | undefined;
  /** Node registry of `GET /api/v1/nodes`; when absent, the registration workflow's projection (if it runs). */
  readonly nodeRegistry?: ProtocolNodeRegistry | undefined;
  /** What the node-registration workflow runs on; the workflow is left out when absent. */
  readonly registration?: RuntimeRegistrationComponents | undefined;
  /** Released after the handlers, in order (pools, embedded database...). */
  readonly closers?: readonly (() => Promise<void>)[] | undefined;
}

export interface RuntimeComponentsContext {
  readonly config: ModelRuntimeConfig;
  readonly logger: RuntimeLogger;
  readonly container: ModelONEXContainer;
}

export type RuntimeComponentsFactory = (context: RuntimeComponentsContext) => Promise<RuntimeComponents>;

export interface RuntimeHostOptions {
  readonly config: ModelRuntimeConfig;
  readonly components: RuntimeComponents | RuntimeComponentsFactory;
  readonly logger: RuntimeLogger;
  readonly metrics?: RuntimeMetrics | undefined;
  readonly container?: ModelONEXContainer | undefined;
  /** Distinguishes this process's private consumer groups (hub waiters, DLQ view). */
  readonly instanceId?: string | undefined;
  /** Backend per role, safe to show (from `describeBackends`). */
  readonly backends?: Readonly<Record<string, string>> | undefined;
}

/** `GET /health` body. */
export interface RuntimeHealth {
  readonly status: "ok" | "degraded" | "starting" | "draining" | "stopped" | "failed";
  readonly ready: boolean;
  readonly state: RuntimeState;
  readonly instanceId: string;
  readonly uptimeSeconds: number;
  readonly components: Record<string, ProtocolHealthCheckResult>;
}

/** A handler as listed by the hub. */
export interface RuntimeHandlerView extends ProtocolHandlerDescription {
  readonly backend: string | null;
  readonly status: "started" | "failed";
  readonly reason?: string | undefined;
}
