// A small typed client for Rectify: graphql-request with the TypedDocumentNodes graphql-codegen made (src/gql), an
// Idempotency-Key on every mutation, retries of what is transient with the same key, the service's errors as one typed
// error, and the evidence upload (REST, multipart) beside it.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ClientError, GraphQLClient, type RequestOptions, type Variables } from 'graphql-request';

/** `extensions.code`: every code the service documents (README, "Errors"). */
export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'INVALID_TRANSITION',
  'VERSION_CONFLICT',
  'FORBIDDEN',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'IDEMPOTENCY_KEY_IN_USE',
  'SERVICE_UNAVAILABLE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COSTLY',
  'INTERNAL_SERVER_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** One field a BAD_USER_INPUT refused, and why (`InputRefusalReason`: REQUIRED, OUT_OF_RANGE, TAKEN, …). */
export interface FieldRefusal {
  field: string;
  reason: string;
  message: string;
}

/** What `extensions` carries besides the code; each field is there only for the codes that have it. */
export interface ErrorDetails {
  /** INVALID_TRANSITION and an event's FORBIDDEN: `TransitionRefusalReason` (WRONG_STATE, NOT_LEAD_UNIT, …). */
  reason: string | null;
  /** INVALID_TRANSITION: the problem's sub-state, and what this caller may send instead. */
  state: string | null;
  allowedEvents: string[];
  /** VERSION_CONFLICT. */
  currentVersion: number | null;
  /** BAD_USER_INPUT. */
  fields: string[];
  reasons: FieldRefusal[];
  /** RATE_LIMITED, SERVICE_UNAVAILABLE, IDEMPOTENCY_KEY_IN_USE. */
  retryable: boolean;
  retryAfterSeconds: number | null;
}

/** The service refused: GraphQL's error shape, on /graphql and on the REST endpoints alike. */
export class RectifyError extends Error {
  override readonly name = 'RectifyError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails,
    /** The HTTP status it came with (200 for most errors of a GraphQL operation that ran). */
    readonly status: number,
    /** The service's X-Request-Id: its log line for this request. */
    readonly requestId: string | null,
  ) {
    super(message);
  }
}

/** No reply from the service (connection refused or lost, a timeout, a gateway's 5xx page) after every retry. */
export class NoReplyError extends Error {
  override readonly name = 'NoReplyError';
}

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** Backoff before the n-th retry: baseDelayMs × 2^(n−1), capped at maxDelayMs; RATE_LIMITED waits retryAfterSeconds. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface RectifyClientOptions {
  /** The service's address, e.g. http://localhost:3000 (GraphQL at /graphql). */
  url: string;
  /** A UNIT token (createToken): sent as `Authorization: Bearer …`. */
  token: string;
  retry?: Partial<RetryPolicy>;
  /** A request with no reply within this long is given up and retried (same key). */
  timeoutMs?: number;
  /** Node's global fetch unless given (a proxy agent, a test's fault injection). */
  fetch?: typeof fetch;
  log?: (line: string) => void;
}

/** A photo or a PDF to upload: the service recognises JPEG, PNG, WebP and PDF by their bytes. */
export interface Photo {
  fileName: string;
  bytes: Uint8Array;
}

/** What POST /issues/:id/evidence answers (201). */
export interface UploadedEvidence {
  id: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
}

export async function readPhoto(path: string): Promise<Photo> {
  return { fileName: basename(path), bytes: await readFile(path) };
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 8_000 };

export class RectifyClient {
  /** Transient failures retried, and mutations the service answered from an earlier try (Idempotent-Replayed). */
  readonly stats = { retries: 0, replayed: 0 };

  private readonly base: string;
  private readonly graphql: GraphQLClient;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;
  private readonly log: (line: string) => void;

  constructor(private readonly options: RectifyClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 30_000;
    // Called unbound: a browser's fetch refuses another `this`.
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.log = options.log ?? (() => undefined);
    this.graphql = new GraphQLClient(`${this.base}/graphql`, {
      headers: { authorization: `Bearer ${options.token}` },
      fetch: this.fetch,
      responseMiddleware: (response) => {
        if (!(response instanceof Error) && response.headers.get('idempotent-replayed') === 'true')
          this.stats.replayed++;
      },
    });
  }

  /** A query (graphql-request's options: `{ document, variables }`), retried as it stands when the failure is transient. */
  query<Result, Vars extends Variables>(request: RequestOptions<Vars, Result>): Promise<Result> {
    return this.withRetries(() => this.send(request, {}));
  }

  /**
   * A mutation, with an Idempotency-Key made for it: a retry after a transient failure sends the SAME key, so the
   * mutation applies once even if the first try did reach the service (its reply is replayed). A changed request —
   * another expectedVersion after VERSION_CONFLICT — is another call, with a key of its own.
   */
  mutate<Result, Vars extends Variables>(request: RequestOptions<Vars, Result>): Promise<Result> {
    const key = randomUUID();
    return this.withRetries(() => this.send(request, { 'idempotency-key': key }));
  }

  /** POST /issues/:id/evidence (multipart field `file`): uploaded, not yet attached to any event. */
  uploadEvidence(issueId: string, photo: Photo, note?: string): Promise<UploadedEvidence> {
    // No Idempotency-Key on REST: a retried upload whose first try did arrive leaves one more unattached file,
    // which nothing shows until an event names it.
    return this.withRetries(async () => {
      const form = new FormData();
      form.append('file', new Blob([photo.bytes]), photo.fileName);
      if (note) form.append('note', note);
      const res = await this.fetch(`${this.base}/issues/${encodeURIComponent(issueId)}/evidence`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.options.token}` },
        body: form,
        signal: AbortSignal.timeout(this.timeoutMs),
      }).catch((e: unknown) => {
        throw new NoReplyError(`no reply to the upload: ${explain(e)}`, { cause: e });
      });
      const text = await res.text();
      const body = parseJson(text);
      if (res.status === 201 && isUploadedEvidence(body)) return body;
      throw (
        refusalOf(body, res.status, res.headers) ??
        new NoReplyError(`upload answered ${res.status} without an error body`)
      );
    });
  }

  private async send<Result, Vars extends Variables>(
    request: RequestOptions<Vars, Result>,
    headers: Record<string, string>,
  ): Promise<Result> {
    try {
      return await this.graphql.request<Result, Vars>({
        ...request,
        requestHeaders: headers,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw toFailure(e);
    }
  }

  private async withRetries<T>(run: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run();
      } catch (e) {
        const failure = e instanceof RectifyError || e instanceof NoReplyError ? e : toFailure(e);
        const transient = failure instanceof NoReplyError || failure.details.retryable;
        if (!transient || attempt >= this.retry.attempts) throw failure;
        const backoff = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
        const wait =
          failure instanceof RectifyError && failure.details.retryAfterSeconds !== null
            ? failure.details.retryAfterSeconds * 1000
            : backoff;
        const what = failure instanceof RectifyError ? `${failure.code}: ${failure.message}` : failure.message;
        this.log(`  ${what} — retrying in ${wait} ms (try ${attempt + 1} of ${this.retry.attempts})`);
        this.stats.retries++;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }
}

/** What a failed request means: the service's refusal, or no (usable) reply. Anything else is a bug here: rethrown. */
function toFailure(e: unknown): RectifyError | NoReplyError {
  if (e instanceof ClientError) {
    const refusal = refusalOf({ errors: e.response.errors }, e.response.status, e.response.headers);
    if (refusal) return refusal;
    // A reply that is not the service's (a proxy's 502 page): as good as none.
    if (e.response.status >= 500)
      return new NoReplyError(`HTTP ${e.response.status} without GraphQL errors`, { cause: e });
    throw e;
  }
  // fetch rejects with a TypeError when the connection fails, and with an AbortError/TimeoutError past the timeout.
  if (e instanceof TypeError || (e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError'))) {
    return new NoReplyError(`no reply: ${explain(e)}`, { cause: e });
  }
  throw e;
}

/** The first error of a GraphQL-shaped body as a RectifyError; null when the body has none. */
function refusalOf(body: unknown, status: number, headers: Headers): RectifyError | null {
  const errors = isObject(body) && Array.isArray(body.errors) ? (body.errors as unknown[]) : [];
  const first = errors[0];
  if (!isObject(first)) return null;
  const ext = isObject(first.extensions) ? first.extensions : {};
  const message = typeof first.message === 'string' ? first.message : 'error';
  if (!isErrorCode(ext.code)) {
    // A code this program does not know: a newer service. Not something to guess about.
    throw new Error(`undocumented error code ${JSON.stringify(ext.code)}: ${message}`);
  }
  const strings = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
  const details: ErrorDetails = {
    reason: typeof ext.reason === 'string' ? ext.reason : null,
    state: typeof ext.state === 'string' ? ext.state : null,
    allowedEvents: strings(ext.allowedEvents),
    currentVersion: typeof ext.currentVersion === 'number' ? ext.currentVersion : null,
    fields: strings(ext.fields),
    reasons: Array.isArray(ext.reasons) ? ext.reasons.filter(isFieldRefusal) : [],
    retryable: ext.retryable === true,
    retryAfterSeconds: typeof ext.retryAfterSeconds === 'number' ? ext.retryAfterSeconds : retryAfterHeader(headers),
  };
  return new RectifyError(ext.code, message, details, status, headers.get('x-request-id'));
}

function retryAfterHeader(headers: Headers): number | null {
  const value = Number(headers.get('retry-after') ?? NaN);
  return Number.isFinite(value) && value >= 0 ? value : null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function isFieldRefusal(v: unknown): v is FieldRefusal {
  return isObject(v) && typeof v.field === 'string' && typeof v.reason === 'string' && typeof v.message === 'string';
}

function isUploadedEvidence(v: unknown): v is UploadedEvidence {
  return isObject(v) && typeof v.id === 'string' && typeof v.sha256 === 'string' && typeof v.sizeBytes === 'number';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function explain(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  return e.cause instanceof Error ? `${e.message} (${e.cause.message})` : e.message;
}
