import { z } from "zod";
import { breakerConfigSchema } from "./util-handler-support.js";

const positiveMs = z.number().int().min(1);

const SslConfig = z.union([
  z.boolean(),
  z.object({
    rejectUnauthorized: z.boolean().optional(),
    ca: z.string().optional(),
    cert: z.string().optional(),
    key: z.string().optional(),
    servername: z.string().optional(),
  }),
]);

/**
 * Configuration of `HandlerDb`. `driver: "pg"` talks to a PostgreSQL server (a `connectionString`, or the discrete
 * `host`/`port`/`database`/`user`/`password`/`ssl` fields); `driver: "pglite"` runs embedded PostgreSQL in memory or
 * in `dataDir`. The password and the connection string reach the driver only: never an error, a log line or health.
 * (`driver: "pg"` needs `connectionString` or `host` unless the handler was given a connection.)
 */
export const ModelHandlerDbConfig = z.object({
  driver: z.enum(["pg", "pglite"]).default("pg"),
  connectionString: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: "must be a postgres:// or postgresql:// URL" })
    .optional(),
  host: z.string().min(1).optional(),
  port: z.number().int().min(1).max(65_535).optional(),
  database: z.string().min(1).optional(),
  user: z.string().min(1).optional(),
  password: z.string().optional(),
  ssl: SslConfig.optional(),
  /** PGlite only: directory of the database files; in memory when absent. */
  dataDir: z.string().min(1).optional(),
  /** Pool size (max connections), pg only. */
  poolSize: z.number().int().min(1).max(1_000).default(10),
  /** Server-side statement timeout per connection, ms; 0 disables. Not enforced by PGlite. */
  statementTimeoutMs: z.number().int().min(0).default(30_000),
  /** Time to open a connection or wait for a free pooled one, ms. */
  connectionTimeoutMs: positiveMs.default(10_000),
  idleTimeoutMs: z.number().int().min(0).default(30_000),
  /** Rows kept per `db.query`; more are dropped and the result says `truncated: true`. A payload may ask for fewer. */
  maxRows: z.number().int().min(1).default(10_000),
  /** `application_name` of the handler's connections (pg_stat_activity). */
  applicationName: z.string().min(1).max(63).default("onex-handler-db"),
  /** Name of the backend's circuit breaker (shared through the breaker factory); derived from the target when absent. */
  breakerName: z.string().min(1).optional(),
  breaker: breakerConfigSchema,
  /** Backoff of the single retry of `db.query` (and of statements that never reached the server). */
  retry: z
    .object({
      initialDelayMs: z.number().int().min(0).default(50),
      maxDelayMs: z.number().int().min(0).default(500),
    })
    .prefault({}),
});

/** A validated db handler config (defaults applied). */
export type ModelHandlerDbConfig = z.infer<typeof ModelHandlerDbConfig>;

/** What `HandlerDb.initialize` accepts. */
export type ModelHandlerDbConfigInput = z.input<typeof ModelHandlerDbConfig>;
