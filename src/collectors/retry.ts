/**
 * The one retry mechanism of a scan (the SDK's own retry policy is configured to 0 retries):
 * throttling and transient failures are retried within a time budget per read (`--max-wait`),
 * as Resource Manager and Resource Graph document it:
 *  - a 429 pauses every request to its throttling scope (a subscription, the tenant, or Resource
 *    Graph's per-user quota), not only the one that got it, for its `Retry-After`;
 *  - reads to a subscription are paced from `x-ms-ratelimit-remaining-subscription-reads` (no more
 *    in flight than the bucket holds), and Resource Graph queries from `x-ms-user-quota-remaining`
 *    and `x-ms-user-quota-resets-after`, so the bucket is not run dry in the first place;
 *  - 500, 502, 503, 504, 408, connection resets and timeouts back off exponentially with jitter;
 *  - a read whose next wait would end past its budget gives up at once (a `Retry-After` of a day
 *    never becomes a sleep, nor, past 2^31 ms, an immediate retry), and becomes a gap that says why.
 * Waits happen outside the session's concurrency bound, so a paused subscription holds no slot.
 */
import type { PipelineRequest, PipelineResponse, SendRequest } from '@azure/core-rest-pipeline';
import type { ProgressSink } from './progress';
import { DEFAULT_MAX_WAIT_SECONDS } from './defaults';

export interface RetrySettings {
  /** The longest one read keeps waiting and retrying, from its first attempt (`--max-wait`). */
  maxWaitMs: number;
  /** The first backoff of a transient failure (doubles each time, with jitter). */
  baseDelayMs: number;
  /** The longest single backoff. */
  maxDelayMs: number;
  /** Tests only (AMLNET_MAX_RETRIES): at most this many retries of one read, inside the budget. */
  maxRetries?: number;
  /** Refill rate assumed when a bucket is empty and nothing is in flight to learn from (Azure's documented 25 reads a second). */
  refillPerSecond: number;
}

export const DEFAULT_RETRY: RetrySettings = { maxWaitMs: DEFAULT_MAX_WAIT_SECONDS * 1000, baseDelayMs: 800, maxDelayMs: 30_000, refillPerSecond: 25 };

/** setTimeout's delay is a signed 32-bit integer: anything longer fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A read that was still throttled or failing when its budget ran out: the last status, and why it stopped. */
export class RetriesExhausted extends Error {
  constructor(
    readonly status: number | undefined,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

const TRANSIENT_STATUS = new Set([408, 500, 502, 503, 504]);
const TRANSIENT_ERROR_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EPIPE', 'ECONNABORTED', 'EAI_AGAIN']);

/** Which throttling bucket a request draws from: its subscription, Resource Graph's user quota, or the tenant. */
export function throttleScopeOf(url: string): string {
  const path = new URL(url).pathname;
  if (/\/providers\/microsoft\.resourcegraph\//i.test(path)) return 'Resource Graph';
  const m = /^\/subscriptions\/([^/]+)\/./i.exec(path);
  return m ? `subscription ${m[1].toLowerCase()}` : 'tenant';
}

/**
 * `Retry-After` (seconds or an HTTP date), or Resource Graph's `x-ms-user-quota-resets-after`
 * (hh:mm:ss), in ms; undefined when absent or unreadable. Never clamped here: the budget decides.
 */
export function retryAfterMs(headers: { get(name: string): string | undefined }, now = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms') ?? headers.get('x-ms-retry-after-ms');
  if (ms !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Number(ms);
  const ra = headers.get('retry-after');
  if (ra !== undefined) {
    if (/^\s*\d+(\.\d+)?\s*$/.test(ra)) return Number(ra) * 1000;
    const at = Date.parse(ra);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  return quotaResetMs(headers.get('x-ms-user-quota-resets-after'));
}

function quotaResetMs(v: string | undefined): number | undefined {
  const m = /^\s*(\d+):(\d+):(\d+(?:\.\d+)?)\s*$/.exec(v ?? '');
  return m ? ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 : undefined;
}

/** A wait that is never cut short by setTimeout's 32-bit limit (the budget keeps waits far below it anyway). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const step = (left: number) => {
      if (left <= 0) return resolve();
      const d = Math.min(left, MAX_TIMER_MS);
      setTimeout(() => step(left - d), d);
    };
    step(ms);
  });
}

const seconds = (ms: number) => `${ms >= 10_000 ? Math.round(ms / 1000) : Math.round(ms / 100) / 10} s`;

interface ScopeState {
  /** No request to this scope leaves before this time (epoch ms). */
  pausedUntil: number;
  /** The bucket as last reported, minus what was sent since; undefined until a response says. */
  tokens?: number;
  inFlight: number;
  /** One request is waiting out a token's refill before it probes an empty bucket. */
  probing?: boolean;
  /** Requests waiting for a token, woken as answers come back. */
  waiting: (() => void)[];
  resumeTimer?: NodeJS.Timeout;
}

export interface RetryStats {
  /** Requests sent (every attempt). */
  attempts: number;
  retries: number;
  throttled: number;
  /** Reads that gave up when their budget ran out. */
  exhausted: number;
}

/**
 * Throttling state shared by every client of a session. `send` wraps one request's attempts:
 * `acquire`/`release` bound what is in flight (the session's semaphore).
 */
export class ThrottleGovernor {
  readonly stats: RetryStats = { attempts: 0, retries: 0, throttled: 0, exhausted: 0 };
  private readonly scopes = new Map<string, ScopeState>();
  private done = 0;
  private inFlight = 0;
  private lastRequestsEvent = 0;

  constructor(
    readonly settings: RetrySettings,
    private readonly onEvent: ProgressSink = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  private scope(name: string): ScopeState {
    let s = this.scopes.get(name);
    if (!s) {
      s = { pausedUntil: 0, inFlight: 0, waiting: [] };
      this.scopes.set(name, s);
    }
    return s;
  }

  /** Sends a request, retrying within its budget; returns the response to hand on, or throws RetriesExhausted. */
  async send(request: PipelineRequest, next: SendRequest, bound: { acquire(): Promise<void>; release(): void }): Promise<PipelineResponse> {
    const name = throttleScopeOf(request.url);
    const state = this.scope(name);
    const deadline = this.now() + this.settings.maxWaitMs;
    const what = `${request.method.toUpperCase()} ${new URL(request.url).pathname}`;
    for (let attempt = 0; ; attempt++) {
      await this.admit(name, state, deadline, what);
      await bound.acquire();
      if (state.pausedUntil > this.now()) {
        // The scope was paused while this request waited for a slot: it waits out the pause too.
        bound.release();
        state.inFlight--;
        attempt--;
        continue;
      }
      let response: PipelineResponse | undefined;
      let error: unknown;
      this.inFlight++;
      this.stats.attempts++;
      if (attempt > 0) this.stats.retries++;
      try {
        response = await next(request);
      } catch (err) {
        error = err;
      } finally {
        bound.release();
        state.inFlight--;
        this.inFlight--;
        this.done++;
      }
      if (response) this.observe(name, state, response);
      this.wake(state);
      this.requestsEvent();

      const retry = this.retryDecision(response, error, attempt);
      if (!retry) {
        if (error) throw error;
        return response as PipelineResponse;
      }
      if (request.abortSignal?.aborted) throw error ?? new RetriesExhausted(response?.status, undefined, `${what} was cancelled`);
      const left = deadline - this.now();
      const capped = this.settings.maxRetries !== undefined && attempt >= this.settings.maxRetries;
      if (retry.waitMs > left || capped) {
        this.stats.exhausted++;
        const why = capped
          ? `gave up after ${attempt + 1} attempt(s)`
          : retry.waitMs > left && retry.fromServer
            ? `Azure asked to wait ${seconds(retry.waitMs)}, longer than what is left of --max-wait (${seconds(Math.max(0, left))})`
            : `still failing after ${attempt + 1} attempt(s) over ${seconds(this.settings.maxWaitMs - left)} (--max-wait ${seconds(this.settings.maxWaitMs)})`;
        throw this.exhausted(response, error, why);
      }
      if (retry.pause) this.pause(name, state, retry.waitMs, retry.reason);
      else await sleep(retry.waitMs);
    }
  }

  /** Waits until the scope's pause is over and its bucket has a token for this request. */
  private async admit(name: string, state: ScopeState, deadline: number, what: string): Promise<void> {
    for (;;) {
      const now = this.now();
      if (state.pausedUntil > now) {
        if (state.pausedUntil > deadline) {
          this.stats.exhausted++;
          this.wake(state); // whoever waited behind this request decides for itself
          state.probing = false;
          throw new RetriesExhausted(
            429,
            'Throttled',
            `${what}: reads to ${name} are paused by Azure's throttling for ${seconds(state.pausedUntil - now)}, longer than what is left of --max-wait (${seconds(Math.max(0, deadline - now))})`,
          );
        }
        await sleep(state.pausedUntil - now);
        continue;
      }
      if (state.tokens === undefined || state.tokens > 0) break;
      // The bucket is empty as far as we know: wait for an answer in flight to say more, or, with
      // nothing in flight, for one token's worth of refill, then let one request (only one) probe.
      if (state.inFlight > 0 || state.probing) {
        await new Promise<void>((resolve) => state.waiting.push(resolve));
        continue;
      }
      state.probing = true;
      await sleep(Math.ceil(1000 / this.settings.refillPerSecond));
      state.probing = false;
      if (state.pausedUntil > this.now()) continue;
      state.tokens = Math.max(state.tokens ?? 0, 1);
    }
    if (state.tokens !== undefined) state.tokens--;
    state.inFlight++; // admitted: it holds its token whether or not it has a slot yet
  }

  private wake(state: ScopeState): void {
    for (const w of state.waiting.splice(0)) w();
  }

  /** Reads the bucket and quota headers every answer carries. */
  private observe(name: string, state: ScopeState, response: PipelineResponse): void {
    const h = response.headers;
    const reads = h.get('x-ms-ratelimit-remaining-subscription-reads') ?? h.get('x-ms-ratelimit-remaining-tenant-reads');
    if (reads !== undefined && /^\s*\d+\s*$/.test(reads)) {
      // The answer counts what was processed before it; the requests still in flight will each take a token too.
      state.tokens = Math.max(0, Number(reads) - state.inFlight);
    } else if (response.status !== 429) {
      state.tokens = undefined; // no bucket reported (an answer from a resource provider, say): no pacing on a guess
    }
    const quota = h.get('x-ms-user-quota-remaining');
    if (response.status !== 429 && quota !== undefined && /^\s*\d+\s*$/.test(quota)) {
      state.tokens = Math.max(0, Number(quota) - state.inFlight);
      const reset = quotaResetMs(h.get('x-ms-user-quota-resets-after'));
      if (Number(quota) <= 0 && reset !== undefined) this.pause(name, state, reset, 'Resource Graph quota window spent');
    }
  }

  private retryDecision(
    response: PipelineResponse | undefined,
    error: unknown,
    attempt: number,
  ): { waitMs: number; pause: boolean; fromServer: boolean; reason: string } | undefined {
    if (response && response.status === 429) {
      this.stats.throttled++;
      const given = retryAfterMs(response.headers, this.now());
      return {
        waitMs: given ?? this.backoff(attempt),
        pause: true,
        fromServer: given !== undefined,
        reason: `HTTP 429${codeOf(response) ? ` ${codeOf(response)}` : ''}`,
      };
    }
    if (response && TRANSIENT_STATUS.has(response.status)) {
      const given = retryAfterMs(response.headers, this.now());
      return { waitMs: given ?? this.backoff(attempt), pause: false, fromServer: given !== undefined, reason: `HTTP ${response.status}` };
    }
    if (!response && error && isTransientError(error)) return { waitMs: this.backoff(attempt), pause: false, fromServer: false, reason: 'transient' };
    return undefined;
  }

  /** Exponential backoff with "equal jitter": half the doubled delay fixed, half random. */
  private backoff(attempt: number): number {
    const d = Math.min(this.settings.maxDelayMs, this.settings.baseDelayMs * 2 ** Math.min(attempt, 30));
    return d / 2 + Math.random() * (d / 2);
  }

  /** Pauses every request to the scope; says so once per pause, and again when it is over. */
  private pause(name: string, state: ScopeState, waitMs: number, reason: string): void {
    const until = this.now() + waitMs;
    if (until <= state.pausedUntil) return;
    const wasPaused = state.pausedUntil > this.now();
    state.pausedUntil = until;
    state.tokens = 1; // after the pause, one request learns the bucket's state before the others follow
    if (!wasPaused || waitMs >= 1000) this.onEvent({ type: 'throttled', scope: name, waitMs, reason });
    if (state.resumeTimer) clearTimeout(state.resumeTimer);
    state.resumeTimer = setTimeout(
      () => {
        state.resumeTimer = undefined;
        this.onEvent({ type: 'resumed', scope: name });
      },
      Math.min(waitMs, MAX_TIMER_MS),
    );
    state.resumeTimer.unref();
  }

  private requestsEvent(): void {
    const now = this.now();
    if (now - this.lastRequestsEvent < 250) return;
    this.lastRequestsEvent = now;
    this.onEvent({ type: 'requests', done: this.done, inFlight: this.inFlight });
  }

  private exhausted(response: PipelineResponse | undefined, error: unknown, why: string): RetriesExhausted {
    if (response) {
      const body = parseError(response.bodyAsText);
      return new RetriesExhausted(response.status, body.code, `${body.message ?? `HTTP ${response.status}`} (${why})`);
    }
    const e = error as { code?: string; name?: string; message?: string };
    const code = e?.name === 'AbortError' ? 'Timeout' : e?.code;
    return new RetriesExhausted(
      undefined,
      code,
      `${e?.name === 'AbortError' ? 'the request timed out' : firstLine(e?.message ?? String(error))} (${why})`,
    );
  }
}

function isTransientError(error: unknown): boolean {
  const e = error as { code?: string; name?: string; message?: string };
  if (e?.name === 'AbortError') return true; // the per-attempt timeout
  if (e?.code && TRANSIENT_ERROR_CODES.has(e.code)) return true;
  return /socket hang up|ECONNRESET/i.test(e?.message ?? '');
}

function codeOf(response: PipelineResponse): string | undefined {
  return parseError(response.bodyAsText).code;
}

function parseError(text: string | null | undefined): { code?: string; message?: string } {
  try {
    const body = JSON.parse(text ?? '');
    const code = typeof body?.error?.code === 'string' ? body.error.code : undefined;
    const message = typeof body?.error?.message === 'string' ? firstLine(body.error.message) : undefined;
    return { code, message };
  } catch {
    return {};
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0].slice(0, 500);
}
