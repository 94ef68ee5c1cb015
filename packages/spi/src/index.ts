/**
 * @onex/spi: protocol interfaces only. The built package is an empty module plus type declarations.
 * @packageDocumentation
 */
export type { ProtocolHealthCheck } from "./protocols/protocol-health-check.js";
