// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "postgres_adapter", models index.
// Content hash: sha256:125deb9f868675ba0e062150ac8e7bdcb88a9a71b9e771024a1a05b423184e30
export { ModelPostgresAdapterError } from "./model-postgres-adapter-error.js";
export { ModelPostgresAdapterInput } from "./model-postgres-adapter-input.js";
export { ModelPostgresAdapterOutput } from "./model-postgres-adapter-output.js";
export { ModelPostgresAdapterResult } from "./model-postgres-adapter-result.js";
export { ModelPostgresQueryPayload } from "./model-postgres-query-payload.js";
export { ModelPostgresStatement } from "./model-postgres-statement.js";
export { ModelPostgresTransactionPayload } from "./model-postgres-transaction-payload.js";
