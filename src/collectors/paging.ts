/**
 * Paged reads that keep the ARM shape. Typed SDK list operations are driven page by page while
 * the raw JSON of each page is captured through `onResponse` (so the inventory holds what
 * Resource Manager sent, not the SDK's flattened models); APIs the SDK does not speak (newer or
 * preview ML api-versions) go through the same client's pipeline with `sendRequest`.
 */
import { createPipelineRequest } from '@azure/core-rest-pipeline';
import type { ServiceClient } from '@azure/core-client';
import type { ArmResource } from '../model/inventory';
import { RetriesExhausted } from './retry';
import { GuardRefusal } from './guard';
import { redactText } from './redact';

/** A read that failed: what Resource Manager said, without the request's headers. */
export class ArmReadError extends Error {
  constructor(
    readonly status: number | undefined,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** The credential could not produce a token: nothing can be collected. */
export class AuthenticationFailure extends Error {
  /** Each credential's own reason (DefaultAzureCredential tries several), one line each. */
  constructor(
    message: string,
    readonly reasons: string[] = [],
  ) {
    super(message);
  }
}

/** The reasons inside @azure/identity's AggregateAuthenticationError (`errors`), or its message's own lines. */
function credentialReasons(e: { message?: string; errors?: unknown[] }): string[] {
  const raw =
    Array.isArray(e.errors) && e.errors.length
      ? e.errors.map((x) => String((x as { message?: unknown })?.message ?? x))
      : (e.message ?? '').split('\n').slice(1);
  return raw.map((r) => firstLine(r.replace(/^(\w*Error: )+/, '').trim())).filter(Boolean);
}

const AUTH_ERROR_NAMES = new Set([
  'CredentialUnavailableError',
  'AuthenticationError',
  'AggregateAuthenticationError',
  'AuthenticationRequiredError',
]);

/** The most pages one list may take: a `nextLink` that never ends is a fault, not a tenant. */
export const MAX_PAGES = 10_000;

/**
 * The most items one list may hold (all its pages): far above any real list of one type in one
 * subscription or Resource Graph query, well below what exhausts the heap (250 pages of 20,000).
 */
export const MAX_LIST_ITEMS = 250_000;

function tooLong(status: number): ArmReadError {
  return new ArmReadError(
    status,
    'ListTooLong',
    `the list passed ${MAX_LIST_ITEMS.toLocaleString('en-US')} items, the most amlnet reads of one list; the rest was not read`,
  );
}

/** Appends without spreading (a page of 150,000 items as arguments overflows the stack). */
export function appendAll<T>(into: T[], items: readonly T[]): void {
  for (const item of items) into.push(item);
}

function parseBody(text: string | undefined, status: number | undefined): Record<string, any> {
  try {
    const v = JSON.parse(text ?? '');
    if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  } catch {
    /* fall through */
  }
  throw new ArmReadError(status, 'InvalidResponse', `the response (HTTP ${status ?? '?'}) is not a JSON object`);
}

/** Turns whatever a client threw into an ArmReadError, or an AuthenticationFailure. */
export function toReadError(err: unknown): Error {
  if (err instanceof ArmReadError || err instanceof AuthenticationFailure) return err;
  // Throttled or failing past the retry budget: the message already says what and why.
  if (err instanceof RetriesExhausted) return new ArmReadError(err.status, err.code, err.message);
  if (err instanceof GuardRefusal) return new ArmReadError(err.status, err.code, err.message);
  const e = err as { name?: string; statusCode?: number; code?: string; message?: string; response?: { bodyAsText?: string } };
  if (e && AUTH_ERROR_NAMES.has(e.name ?? ''))
    return new AuthenticationFailure(
      firstLine(e.message ?? 'authentication failed'),
      credentialReasons(e as { message?: string; errors?: unknown[] }),
    );
  let code = e?.code;
  let message = e?.message ?? String(err);
  if (e?.response?.bodyAsText) {
    try {
      const body = JSON.parse(e.response.bodyAsText);
      code = body?.error?.code ?? code;
      message = body?.error?.message ?? message;
    } catch {
      /* keep the client's message */
    }
  }
  if (e?.name === 'AbortError' || /timed? ?out|timeout/i.test(message)) code = code ?? 'Timeout';
  if (e?.code === 'PARSE_ERROR' || e?.name === 'SyntaxError') code = 'InvalidResponse';
  return readError(e?.statusCode, code, firstLine(message));
}

/**
 * A 401 from Resource Manager means the token itself was refused (expired, wrong tenant or
 * audience): every other read would fail the same way, so it ends the scan as an authentication
 * failure (exit 2) instead of turning every list into a gap.
 */
function readError(status: number | undefined, code: string | undefined, message: string): ArmReadError | AuthenticationFailure {
  if (status === 401) return new AuthenticationFailure(`Resource Manager refused the token (HTTP 401${code ? ` ${code}` : ''}): ${message}`);
  return new ArmReadError(status, code, message);
}

/** A server's message as a gap keeps it: redacted before it is cut, so no cut leaves half a secret behind. */
function firstLine(s: string): string {
  return redactText(s).split('\n')[0].slice(0, 500);
}

function valuesOf(body: Record<string, any>): ArmResource[] {
  const value = body.value;
  if (!Array.isArray(value)) throw new ArmReadError(200, 'InvalidResponse', 'a list response has no "value" array');
  return value.filter((v) => v && typeof v === 'object' && typeof v.id === 'string');
}

interface Pageable {
  byPage(): AsyncIterableIterator<unknown>;
}

export interface ListResult {
  items: ArmResource[];
  /** Set when paging stopped early (a looping or endless nextLink); the items read so far are kept. */
  truncated?: ArmReadError;
}

/** What a typed list operation is given: the raw-response callback and request options. */
export interface TypedListOptions {
  onResponse: (raw: { status: number; bodyAsText?: string | null; parsedBody?: unknown }) => void;
  requestOptions: { shouldDeserialize: (response: { status: number }) => boolean };
}

/**
 * Drives a typed SDK list operation, capturing every page's raw JSON. The SDK parses each page
 * but does not map it to its models (the inventory keeps the raw JSON, so that work would be
 * thrown away): a list page's `value` and `nextLink` are the same on the wire as in the model,
 * so the SDK's paging reads them from the raw JSON alike. Errors are deserialized as usual.
 */
export async function listTyped(start: (options: TypedListOptions) => Pageable): Promise<ListResult> {
  const items: ArmResource[] = [];
  const seenLinks = new Set<string>();
  let loop: ArmReadError | undefined;
  let pages = 0;
  const onResponse: TypedListOptions['onResponse'] = (raw) => {
    if (raw.status >= 400) return; // the SDK throws; toReadError reads the body
    const parsed = raw.parsedBody;
    const body =
      parsed && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as Record<string, any>)
        : parseBody(raw.bodyAsText ?? undefined, raw.status);
    appendAll(items, valuesOf(body));
    pages++;
    const next = typeof body.nextLink === 'string' ? body.nextLink : undefined;
    if (next && (seenLinks.has(next) || pages >= MAX_PAGES))
      loop = new ArmReadError(
        raw.status,
        'NextLinkLoop',
        `paging did not end (nextLink ${seenLinks.has(next) ? 'repeats' : `past ${MAX_PAGES} pages`})`,
      );
    if (items.length > MAX_LIST_ITEMS) loop = tooLong(raw.status);
    if (next) seenLinks.add(next);
  };
  const requestOptions = { shouldDeserialize: (response: { status: number }) => response.status >= 400 };
  try {
    for await (const _page of start({ onResponse, requestOptions }).byPage()) {
      if (loop) break;
    }
  } catch (err) {
    throw toReadError(err);
  }
  return { items: items.length > MAX_LIST_ITEMS ? items.slice(0, MAX_LIST_ITEMS) : items, truncated: loop };
}

/** GETs a URL through a client's pipeline and returns the JSON body; 4xx/5xx become ArmReadError. */
export async function getRaw(client: ServiceClient, url: string): Promise<Record<string, any>> {
  return (await sendRaw(client, url, 'GET')).body;
}

/** A raw request through a client's pipeline (auth, retries, the read-only policy): the JSON body and the response headers. */
export async function sendRaw(
  client: ServiceClient,
  url: string,
  method: 'GET' | 'POST',
  json?: unknown,
): Promise<{ body: Record<string, any>; headers: { get(name: string): string | undefined } }> {
  let response;
  try {
    const request = createPipelineRequest({ url, method, ...(json === undefined ? {} : { body: JSON.stringify(json) }) });
    if (json !== undefined) request.headers.set('Content-Type', 'application/json');
    response = await client.sendRequest(request);
  } catch (err) {
    throw toReadError(err);
  }
  if (response.status >= 400) {
    let code: string | undefined;
    let message = `HTTP ${response.status}`;
    try {
      const body = JSON.parse(response.bodyAsText ?? '');
      code = body?.error?.code;
      message = body?.error?.message ?? message;
    } catch {
      /* not JSON */
    }
    throw readError(response.status, code, firstLine(message));
  }
  // The client's deserialization policy has already parsed a JSON body: use that, not a second parse.
  const parsed = (response as { parsedBody?: unknown }).parsedBody;
  const body =
    parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, any>)
      : parseBody(response.bodyAsText ?? undefined, response.status);
  return { body, headers: response.headers };
}

/** A paged list through a client's pipeline, following `nextLink`. */
export async function listRaw(client: ServiceClient, url: string): Promise<ListResult> {
  const items: ArmResource[] = [];
  const seen = new Set<string>([url]);
  let next: string | undefined = url;
  let pages = 0;
  while (next) {
    const body = await getRaw(client, next);
    appendAll(items, valuesOf(body));
    pages++;
    const link: string | undefined = typeof body.nextLink === 'string' && body.nextLink ? body.nextLink : undefined;
    if (items.length > MAX_LIST_ITEMS) return { items: items.slice(0, MAX_LIST_ITEMS), truncated: tooLong(200) };
    if (link && (seen.has(link) || pages >= MAX_PAGES)) {
      return {
        items,
        truncated: new ArmReadError(200, 'NextLinkLoop', `paging did not end (nextLink ${seen.has(link) ? 'repeats' : `past ${MAX_PAGES} pages`})`),
      };
    }
    if (link) seen.add(link);
    next = link;
  }
  return { items };
}
