import type { RuntimeEnv } from "../config/util-load-config.js";
import type { FetchLike } from "./util-hub-client.js";

/** Usage error (EX_USAGE). */
export const EXIT_USAGE = 64;

/** What the CLI reads and writes; injected so tests run it in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: RuntimeEnv;
  readonly cwd: string;
  readonly fetch: FetchLike;
}

/** The real process's streams, environment and fetch. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    fetch: (input, init) => fetch(input, init),
  };
}
