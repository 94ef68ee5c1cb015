import { z } from "zod";

/**
 * The transport an infrastructure operation runs over. It selects the transport-aware error code of
 * `InfraConnectionError` (rulebook: "InfraConnectionError Transport-Aware Error Codes").
 */
export const EnumInfraTransportType = {
  HTTP: "http",
  DATABASE: "db",
  KAFKA: "kafka",
  CONSUL: "consul",
  VAULT: "vault",
  VALKEY: "valkey",
  GRPC: "grpc",
  RUNTIME: "runtime",
  INMEMORY: "inmemory",
} as const;

export type EnumInfraTransportType = (typeof EnumInfraTransportType)[keyof typeof EnumInfraTransportType];

export const EnumInfraTransportTypeSchema = z.enum(EnumInfraTransportType);
