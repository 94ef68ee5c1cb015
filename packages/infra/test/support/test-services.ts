// Where the integration tests find the real services; `pnpm test:all` starts them and exports these variables.
export const testServices = {
  kafkaBrokers: (process.env.ONEX_TEST_KAFKA_BROKERS ?? "127.0.0.1:9092").split(","),
  postgresUrl: process.env.ONEX_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test",
  valkeyUrl: process.env.ONEX_TEST_VALKEY_URL ?? "redis://127.0.0.1:6379",
} as const;

/** A name unique to this test run, so reruns and parallel suites never share topics, keys or tables. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
