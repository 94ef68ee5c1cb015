// The one sanitiser of the project (rulebook "Error Sanitization Guidelines"): every error message, error context
// and log line goes through it. It removes credentials, tokens, keys and PII and keeps what is safe and useful:
// service names, operations, hosts, ports, correlation ids, codes, retry counts.

/** What a secret is replaced with. */
export const REDACTED = "***";

const DEFAULT_MAX_DEPTH = 8;
const MAX_ARRAY_ITEMS = 100;

// Keys whose name ends with one of these words (after an optional prefix such as `DB_`, `client_`, `X-Vault-`)
// have their value masked in free text: `password=...`, `"token": "..."`, `X-Vault-Token: ...`.
const TEXT_KEY =
  String.raw`[\w.-]*?(?:password|passwd|pwd|passphrase|secret(?:[_-]?id)?|token|api[_-]?key|access[_-]?key|private[_-]?key|` +
  String.raw`role[_-]?id|session(?:[_-]?id)?|authorization|auth|credentials?|cookie|jwt)`;
const AUTH_SCHEME = String.raw`(?:Bearer|Basic|Token|Digest|Negotiate|AWS4-HMAC-SHA256)`;
const KEY_VALUE = new RegExp(
  String.raw`(?<![\w.-])(["']?)(${TEXT_KEY})\1(\s*[:=]\s*)(?:(${AUTH_SCHEME}\s+)[^\s"',;&]+|"(?:[^"\\]|\\.)*"|'[^']*'|[^\s"',;&]+)`,
  "gi",
);
// Query parameters that are secrets only in a URL (`?key=` is an API key there, but `key` is a normal word elsewhere).
const QUERY_SECRET = /([?&;](?:key|sig|signature|code|x-amz-signature|x-amz-credential|x-amz-security-token)=)[^&#\s"']+/gi;
const COOKIE_HEADER = /\b((?:set-)?cookie\s*:\s*)[^\r\n]+/gi;
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?(?:-----END \1-----|$)/g;
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=-]+/g;
const BASIC = /\bBasic\s+([A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=])/g;
// `scheme://userinfo@host`: the userinfo (user and password) goes, host and port stay.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*(?:@[^\s/?#@]*)*@/gi;
const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g;
const VAULT_TOKEN = /\b(?:hv[sbr]\.[\w-]{20,}|[sbr]\.[A-Za-z0-9]{24,})\b/g;
const KNOWN_TOKENS = /\b(?:AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|xox[abprs]-[A-Za-z0-9-]{10,}|sk_(?:live|test)_[A-Za-z0-9]{10,})\b/g;
const EMAIL = /\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@((?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,})\b/g;
const SSN = /\b\d{3}-\d{2}-\d{4}\b/g;

function maskKeyValue(match: string, quote: string, key: string, separator: string, scheme: string | undefined): string {
  const head = `${quote}${key}${quote}${separator}`;
  if (scheme !== undefined) return `${head}${scheme}${REDACTED}`;
  const value = match.slice(head.length);
  const valueQuote = value.startsWith('"') ? '"' : value.startsWith("'") ? "'" : "";
  return `${head}${valueQuote}${REDACTED}${valueQuote}`;
}

function maskBasic(match: string, encoded: string): string {
  // Only base64 of `user:password` is a credential; "Basic authentication failed" is prose.
  const decoded = Buffer.from(encoded, "base64").toString("latin1");
  return decoded.includes(":") && /^[\x20-\x7e]+$/.test(decoded) ? `Basic ${REDACTED}` : match;
}

/**
 * Removes secrets and PII from free text: credentials in URLs and DSNs (`scheme://user:pass@host` ->
 * `scheme://***@host`, host and port kept), `password=`/`pwd=`/`token=`/`api_key=`... in key=value text, query
 * strings, JSON and headers, Bearer/Basic credentials, JWTs, Vault and other well-known tokens, PEM blocks,
 * e-mail addresses (`j***@example.com`) and US SSNs.
 */
export function sanitizeString(text: string): string {
  if (text.length === 0) return text;
  return text
    .replace(PEM_BLOCK, (_match: string, label: string) => `-----BEGIN ${label}-----${REDACTED}-----END ${label}-----`)
    .replace(COOKIE_HEADER, `$1${REDACTED}`)
    .replace(KEY_VALUE, maskKeyValue)
    .replace(QUERY_SECRET, `$1${REDACTED}`)
    .replace(BEARER, `Bearer ${REDACTED}`)
    .replace(BASIC, maskBasic)
    .replace(URL_USERINFO, `$1${REDACTED}@`)
    .replace(JWT, REDACTED)
    .replace(VAULT_TOKEN, REDACTED)
    .replace(KNOWN_TOKENS, REDACTED)
    .replace(EMAIL, `$1${REDACTED}@$2`)
    .replace(SSN, `${REDACTED}-**-****`);
}

const SENSITIVE_EXACT = new Set([
  "auth",
  "pass",
  "pwd",
  "jwt",
  "bearer",
  "session",
  "roleid",
  "secretid",
  "authorization",
  "proxyauthorization",
]);
const SENSITIVE_SUFFIXES = [
  "password",
  "passwd",
  "passphrase",
  "secret",
  "token",
  "apikey",
  "accesskey",
  "secretkey",
  "privatekey",
  "signingkey",
  "encryptionkey",
  "credential",
  "credentials",
  "cookie",
  "sessionid",
  "authorization",
];

/**
 * Whether a property or header name denotes a secret (case-insensitive; camelCase, snake_case and kebab-case
 * alike): password, pwd, secret, token, api key, authorization, auth, private key, client secret, credentials,
 * cookie, session, AppRole secret_id and role_id, Vault token...
 */
export function isSensitiveKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_.\s]/g, "");
  if (SENSITIVE_EXACT.has(normalized) || normalized.includes("password")) return true;
  return SENSITIVE_SUFFIXES.some((suffix) => normalized.endsWith(suffix));
}

interface WalkState {
  readonly maxDepth: number;
  readonly ancestors: Set<object>;
  readonly includeStack: boolean;
}

function walk(value: unknown, depth: number, state: WalkState): unknown {
  switch (typeof value) {
    case "string":
      return sanitizeString(value);
    case "number":
    case "boolean":
    case "undefined":
      return value;
    case "bigint":
      return value.toString();
    case "symbol":
      return value.toString();
    case "function":
      return `[Function ${value.name || "anonymous"}]`;
    case "object":
      break;
  }
  if (value === null) return null;
  if (depth >= state.maxDepth) return "[Truncated]";
  if (state.ancestors.has(value)) return "[Circular]";
  state.ancestors.add(value);
  try {
    return walkObject(value, depth, state);
  } finally {
    state.ancestors.delete(value);
  }
}

function walkObject(value: object, depth: number, state: WalkState): unknown {
  if (value instanceof Error) return errorToSafeObject(value, depth, state);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (value instanceof URL) return sanitizeString(value.href);
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[Binary ${value.byteLength} bytes]`;
  if (Array.isArray(value)) return walkArray(value as unknown[], depth, state);
  if (value instanceof Set) return walkArray([...(value as Set<unknown>)], depth, state);
  if (value instanceof Map) {
    return walkEntries(
      [...(value as Map<unknown, unknown>)].map(([k, v]): [string, unknown] => [String(k), v]),
      depth,
      state,
    );
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") {
    try {
      return walk((value as { toJSON: () => unknown }).toJSON(), depth + 1, state);
    } catch {
      return "[Unserializable]";
    }
  }
  return walkEntries(Object.entries(value), depth, state);
}

function walkArray(items: readonly unknown[], depth: number, state: WalkState): unknown[] {
  const out = items.slice(0, MAX_ARRAY_ITEMS).map((item) => walk(item, depth + 1, state));
  if (items.length > MAX_ARRAY_ITEMS) out.push(`[${items.length - MAX_ARRAY_ITEMS} more]`);
  return out;
}

function walkEntries(entries: readonly (readonly [string, unknown])[], depth: number, state: WalkState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    out[key] = isSensitiveKey(key) && item !== null && item !== undefined ? REDACTED : walk(item, depth + 1, state);
  }
  return out;
}

const ERROR_OWN_SKIP = new Set(["name", "message", "stack", "cause", "errors"]);

function errorToSafeObject(error: Error, depth: number, state: WalkState): SanitizedError {
  const out: SanitizedError = { name: error.name, message: sanitizeString(error.message) };
  for (const [key, item] of Object.entries(error)) {
    if (ERROR_OWN_SKIP.has(key)) continue;
    out[key] = isSensitiveKey(key) && item !== null && item !== undefined ? REDACTED : walk(item, depth + 1, state);
  }
  if (state.includeStack && typeof error.stack === "string") out.stack = sanitizeString(error.stack);
  if (error.cause !== undefined) out.cause = walk(error.cause, depth + 1, state);
  if (error instanceof AggregateError) out.errors = walkArray(error.errors as unknown[], depth, state);
  return out;
}

/** The JSON-safe, secret-free form of an error. */
export interface SanitizedError {
  name: string;
  message: string;
  stack?: string;
  cause?: unknown;
  errors?: unknown[];
  [field: string]: unknown;
}

/** Options of {@link sanitizeValue} and {@link sanitizeError}. */
export interface SanitizeOptions {
  /** Nesting depth after which values become "[Truncated]"; default 8. */
  readonly maxDepth?: number;
  /** Whether errors keep their (sanitised) stack; default true. */
  readonly includeStack?: boolean;
}

/**
 * Returns a JSON-safe copy of `value` with every secret removed: values of secret-like keys become "***"
 * ({@link isSensitiveKey}), every string goes through {@link sanitizeString}, errors (with their `cause` chains
 * and AggregateError members) become {@link SanitizedError}s; cycles become "[Circular]", depth is bounded.
 */
export function sanitizeValue(value: unknown, maxDepth: number = DEFAULT_MAX_DEPTH, options: SanitizeOptions = {}): unknown {
  return walk(value, 0, { maxDepth, ancestors: new Set(), includeStack: options.includeStack ?? true });
}

/** {@link sanitizeValue} for a record of fields; `undefined` values are dropped. */
export function sanitizeFields(fields: Readonly<Record<string, unknown>>, options: SanitizeOptions = {}): Record<string, unknown> {
  const defined = Object.entries(fields).filter(([, item]) => item !== undefined);
  return walkEntries(defined, 0, {
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    ancestors: new Set(),
    includeStack: options.includeStack ?? true,
  });
}

/** A safe, JSON-able object describing anything thrown (its message, stack and cause chain sanitised). */
export function sanitizeError(error: unknown, options: SanitizeOptions = {}): SanitizedError {
  const state: WalkState = {
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    ancestors: new Set(),
    includeStack: options.includeStack ?? true,
  };
  if (error instanceof Error) {
    state.ancestors.add(error);
    return errorToSafeObject(error, 0, state);
  }
  const message = typeof error === "string" ? error : `non-error value thrown (${error === null ? "null" : typeof error})`;
  return { name: "NonError", message: sanitizeString(message), value: walk(error, 0, state) };
}
