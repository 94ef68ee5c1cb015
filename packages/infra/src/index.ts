/**
 * @onex/infra: adapters for Kafka, PostgreSQL, Consul, Vault and Valkey, the error hierarchy and resilience.
 * @packageDocumentation
 */
export { describeInfra } from "./util-describe-infra.js";
