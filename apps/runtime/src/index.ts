/**
 * @onex/runtime: the ONEX runtime host, HTTP hub and the `onex` CLI.
 * @packageDocumentation
 */
export { runPlaceholder } from "./util-run-placeholder.js";
