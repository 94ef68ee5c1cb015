/**
 * Stable import path for typed service tokens (other core modules import them from here). The declarations live in
 * `service-token.ts`, the file the `onex/file-naming` rule requires for a symbol named `ServiceToken`.
 * @module
 */
export { createServiceToken, type ServiceToken, type ServiceTokenType } from "./service-token.js";
