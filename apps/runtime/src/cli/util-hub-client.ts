// The CLI's client of the hub's JSON API. A hub that cannot be reached is exit code 69 (EX_UNAVAILABLE).
import { EnumCoreErrorCode, EnumCoreErrorCodeInfo, EnumCoreErrorCodeSchema, ModelOnexError } from "@onex/core";
import { z } from "zod";

/** Exit code when the hub cannot be reached. */
export const EXIT_HUB_UNREACHABLE = EnumCoreErrorCodeInfo[EnumCoreErrorCode.SERVICE_UNAVAILABLE].exitCode;

export type FetchLike = (input: string, init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal }) => Promise<{
  readonly status: number;
  text(): Promise<string>;
}>;

export interface HubResponse {
  readonly status: number;
  readonly body: unknown;
}

/** The hub did not answer (connection refused, DNS, timeout). */
export class HubUnreachableError extends ModelOnexError {
  constructor(url: string, reason: string, cause?: unknown) {
    super(`cannot reach the hub at ${url}: ${reason}`, { errorCode: EnumCoreErrorCode.SERVICE_UNAVAILABLE, cause, context: { url, reason } });
  }
}

const HubErrorBody = z.object({ error: z.object({ errorCode: z.string(), message: z.string(), correlationId: z.string().optional() }) });

/** Calls the hub; rejects with {@link HubUnreachableError} when it does not answer within `timeoutMs`. */
export async function callHub(fetchFn: FetchLike, baseUrl: string, method: "GET" | "POST", path: string, body: unknown, timeoutMs: number): Promise<HubResponse> {
  const url = `${baseUrl.replace(/\/+$/, "")}${path}`;
  let response: Awaited<ReturnType<FetchLike>>;
  try {
    response = await fetchFn(url, {
      method,
      headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const reason = typeof cause?.code === "string" ? cause.code : error instanceof Error ? error.message : String(error);
    throw new HubUnreachableError(baseUrl, reason, error);
  }
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === "" ? null : (JSON.parse(text) as unknown);
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed };
}

/** The error code and message of a hub error response, when it is one. */
export function hubErrorOf(body: unknown): { readonly errorCode: string; readonly message: string } | null {
  const parsed = HubErrorBody.safeParse(body);
  return parsed.success ? parsed.data.error : null;
}

/** Process exit code of a core error code (70 for anything unknown). */
export function exitCodeOf(errorCode: string | null | undefined): number {
  const code = EnumCoreErrorCodeSchema.safeParse(errorCode);
  return code.success ? EnumCoreErrorCodeInfo[code.data].exitCode : 70;
}
