/**
 * Typed tokens for `ModelONEXContainer`: a token names a service and carries its TypeScript type, so
 * `resolveService(token)` returns the right type without casts or decorators.
 * @module
 */
import { EnumCoreErrorCode } from "../enums/enum-core-error-code.js";
import { ModelOnexError } from "../errors/model-onex-error.js";

declare const serviceType: unique symbol;

/**
 * A typed service key. Two tokens with the same `name` denote the same service (so a token may be re-created
 * from its name in another package); `T` exists only at compile time.
 *
 * @category Container
 */
export interface ServiceToken<T> {
  /** Unique service name, shown in errors and `listRegistered()`. */
  readonly name: string;
  /** Phantom member carrying the service type; never set at run time. */
  readonly [serviceType]?: T;
}

/** The service type carried by a token: `ServiceTokenType<typeof EVENT_BUS>`. @category Container */
export type ServiceTokenType<K> = K extends ServiceToken<infer T> ? T : never;

/**
 * Creates a typed token: `const EVENT_BUS = createServiceToken<ProtocolEventBus>("ProtocolEventBus")`.
 * Throws an `INVALID_INPUT` ModelOnexError for an empty or blank name.
 *
 * @category Container
 */
export function createServiceToken<T>(name: string): ServiceToken<T> {
  if (name.trim() === "" || name !== name.trim()) {
    throw new ModelOnexError(`invalid service token name ${JSON.stringify(name)}: expected a non-blank name without surrounding spaces`, {
      errorCode: EnumCoreErrorCode.INVALID_INPUT,
      context: { where: "createServiceToken" },
    });
  }
  return Object.freeze({ name });
}
