/**
 * What an effect operation handler looks like to {@link NodeEffect}, and how handlers are found in the container.
 * @module
 */
import { createServiceToken, type ServiceToken } from "../container/util-service-token.js";

/**
 * What a handler receives besides the payload.
 *
 * @category Nodes
 */
export interface NodeEffectHandlerContext {
  /** Aborted when the operation times out or its caller gives up; pass it on to I/O calls. */
  readonly signal: AbortSignal;
  /** 0 for the first attempt, 1 for the first retry... */
  readonly attempt: number;
  /** Correlation id of the request. */
  readonly correlationId: string;
  /** The operation being run. */
  readonly operation: string;
  /** String metadata from the input. */
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * A function serving one operation. Throw to fail: an error whose `isRetryable` is true (or any non-ONEX error)
 * may be retried.
 *
 * @category Nodes
 */
export type NodeEffectHandlerFunction = (payload: Readonly<Record<string, unknown>>, context: NodeEffectHandlerContext) => Promise<unknown>;

/** A handler object (e.g. an infra handler adapter) serving operations through `execute`. @category Nodes */
export interface NodeEffectHandlerObject {
  /** Runs one operation. */
  execute(payload: Readonly<Record<string, unknown>>, context: NodeEffectHandlerContext): Promise<unknown>;
}

/** A handler as {@link NodeEffect} accepts it: a function or an object with `execute`. @category Nodes */
export type NodeEffectHandler = NodeEffectHandlerFunction | NodeEffectHandlerObject;

/**
 * The container token under which a handler named in `handler_routing` is looked up:
 * `onex.effect-handler.<name>` (e.g. `onex.effect-handler.db`).
 *
 * @category Nodes
 */
export function nodeEffectHandlerToken(handlerName: string): ServiceToken<NodeEffectHandler> {
  return createServiceToken<NodeEffectHandler>(`onex.effect-handler.${handlerName}`);
}
