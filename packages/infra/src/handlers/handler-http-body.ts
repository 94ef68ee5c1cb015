// Bodies of HandlerHttp: the request body encoded and measured before anything is sent, and the response body read
// as a stream that is cancelled (closing the connection) as soon as it passes the limit, so a huge or endless
// response never fills memory.
import { EnumCoreErrorCode } from "@onex/core";
import { RuntimeHostError } from "../errors/error-runtime-host.js";
import type { ModelInfraErrorContext } from "../models/model-infra-error-context.js";

/** A request body ready to send. */
export interface HttpRequestBody {
  readonly bytes: Uint8Array;
  /** Content type to use when the caller set none. */
  readonly contentType: string;
}

/** How a response body is represented in the result. */
export type HttpBodyEncoding = "json" | "text" | "base64" | "empty";

/** A decoded response body. */
export interface HttpResponseBody {
  readonly body: unknown;
  readonly encoding: HttpBodyEncoding;
  readonly bytes: number;
}

/** The PAYLOAD_TOO_LARGE error (not retryable). */
export function payloadTooLarge(message: string, context: ModelInfraErrorContext, fields: Readonly<Record<string, unknown>>): RuntimeHostError {
  return new RuntimeHostError(message, { context, errorCode: EnumCoreErrorCode.PAYLOAD_TOO_LARGE, status: 413, ...fields });
}

/** Encodes `body`: strings as UTF-8 text, anything else as JSON; `undefined` means no body. */
export function encodeRequestBody(body: unknown): HttpRequestBody | undefined {
  if (body === undefined) return undefined;
  if (typeof body === "string") return { bytes: Buffer.from(body, "utf8"), contentType: "text/plain; charset=utf-8" };
  return { bytes: Buffer.from(JSON.stringify(body), "utf8"), contentType: "application/json" };
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;
const TEXT_TYPE = /^(?:text\/|application\/(?:[\w.+-]+\+)?(?:xml|javascript|x-www-form-urlencoded)\b)/i;

/**
 * Reads at most `maxBytes` of `response`'s body. A declared `content-length` over the limit is refused before
 * reading; otherwise the stream is cancelled the moment the total passes the limit. JSON content types are parsed
 * (the text is returned when it does not parse), text types decoded as UTF-8, anything else base64-encoded.
 */
export async function readResponseBody(response: Response, maxBytes: number, context: ModelInfraErrorContext): Promise<HttpResponseBody> {
  const tooLarge = (seen: number): RuntimeHostError =>
    payloadTooLarge(`${context.operation ?? "http"} response from ${context.targetName ?? "the server"} exceeds ${maxBytes} bytes`, context, {
      maxResponseBytes: maxBytes,
      receivedBytes: seen,
      httpStatus: response.status,
    });
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(declared);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (response.body !== null) {
    const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(total);
      }
      chunks.push(value);
    }
  }
  if (total === 0) return { body: null, encoding: "empty", bytes: 0 };
  const buffer = Buffer.concat(chunks, total);
  const contentType = response.headers.get("content-type") ?? "";
  if (JSON_TYPE.test(contentType)) {
    const text = buffer.toString("utf8");
    try {
      return { body: JSON.parse(text) as unknown, encoding: "json", bytes: total };
    } catch {
      return { body: text, encoding: "text", bytes: total };
    }
  }
  if (TEXT_TYPE.test(contentType) || contentType === "") return { body: buffer.toString("utf8"), encoding: "text", bytes: total };
  return { body: buffer.toString("base64"), encoding: "base64", bytes: total };
}
