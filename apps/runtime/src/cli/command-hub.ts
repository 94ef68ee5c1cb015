// `onex send`, `onex nodes`, `onex dlq list`, `onex dlq replay`: thin clients of the hub's JSON API.
import { z } from "zod";
import { callHub, exitCodeOf, hubErrorOf, HubUnreachableError, EXIT_HUB_UNREACHABLE, type HubResponse } from "./util-hub-client.js";
import { EXIT_USAGE, type CliIo } from "./util-cli-io.js";

export interface HubTarget {
  readonly url: string;
  /** Upper bound of one HTTP call, in milliseconds. */
  readonly timeoutMs: number;
}

/** Default hub URL: `ONEX_HUB_URL`, else `http://127.0.0.1:<ONEX_HTTP_PORT or 8085>`. */
export function defaultHubUrl(env: CliIo["env"]): string {
  const explicit = env.ONEX_HUB_URL?.trim();
  if (explicit !== undefined && explicit !== "") return explicit;
  const port = env.ONEX_HTTP_PORT?.trim();
  return `http://127.0.0.1:${port !== undefined && /^\d+$/.test(port) && port !== "0" ? port : "8085"}`;
}

const ResponseEnvelope = z.object({ event_type: z.string(), payload: z.record(z.string(), z.unknown()) });

function print(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

// Prints a hub answer; a hub error goes to stderr and becomes the exit code of its error code.
function finish(io: CliIo, response: HubResponse): number {
  if (response.status < 400) {
    print(io, response.body);
    return 0;
  }
  const error = hubErrorOf(response.body);
  io.stderr(`onex: ${error?.errorCode ?? `HTTP ${response.status}`}: ${error?.message ?? JSON.stringify(response.body)}\n`);
  return error === null ? 70 : exitCodeOf(error.errorCode);
}

async function guarded(io: CliIo, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof HubUnreachableError) {
      io.stderr(`onex: ${error.message} (is the runtime running? start it with \`onex runtime start\`)\n`);
      return EXIT_HUB_UNREACHABLE;
    }
    throw error;
  }
}

export interface SendOptions {
  readonly payload: string;
  readonly wait: boolean;
  readonly timeoutMs: number | undefined;
  readonly correlationId: string | undefined;
  readonly envelopeId?: string | undefined;
}

/** Submits a command; with `wait` prints the response envelope and exits with its error's code when it failed. */
export async function sendCommand(io: CliIo, target: HubTarget, operation: string, options: SendOptions): Promise<number> {
  let payload: unknown;
  try {
    payload = JSON.parse(options.payload) as unknown;
  } catch {
    io.stderr(`onex: --payload is not valid JSON: ${options.payload.slice(0, 80)}\n`);
    return EXIT_USAGE;
  }
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    io.stderr("onex: --payload must be a JSON object, e.g. '{\"sql\":\"select 1\"}'\n");
    return EXIT_USAGE;
  }
  const body = {
    operation,
    payload,
    wait: options.wait,
    ...(options.timeoutMs === undefined ? {} : { timeout_ms: options.timeoutMs }),
    ...(options.correlationId === undefined ? {} : { correlation_id: options.correlationId }),
    ...(options.envelopeId === undefined ? {} : { envelope_id: options.envelopeId }),
  };
  const httpTimeout = options.wait ? (options.timeoutMs ?? 30_000) + target.timeoutMs : target.timeoutMs;
  return guarded(io, async () => {
    const response = await callHub(io.fetch, target.url, "POST", "/api/v1/envelopes", body, httpTimeout);
    const code = finish(io, response);
    if (code !== 0 || !options.wait) return code;
    const envelope = ResponseEnvelope.safeParse(response.body);
    if (!envelope.success || envelope.data.event_type.endsWith(".completed")) return 0;
    const errorCode = envelope.data.payload.errorCode;
    return exitCodeOf(typeof errorCode === "string" ? errorCode : null);
  });
}

/** `GET` a hub resource and print it. */
export function getFromHub(io: CliIo, target: HubTarget, path: string): Promise<number> {
  return guarded(io, async () => finish(io, await callHub(io.fetch, target.url, "GET", path, undefined, target.timeoutMs)));
}

/** Replays a dead-letter entry. */
export function replayDlq(io: CliIo, target: HubTarget, id: string, targetTopic: string | undefined): Promise<number> {
  const body = targetTopic === undefined ? {} : { target_topic: targetTopic };
  return guarded(io, async () =>
    finish(io, await callHub(io.fetch, target.url, "POST", `/api/v1/dlq/${encodeURIComponent(id)}/replay`, body, target.timeoutMs)),
  );
}
