/**
 * What every request and response of every client passes, whatever the SDK does: the bearer
 * token goes only to the Resource Manager endpoint's origin, a whole response (headers and body)
 * has a deadline, a body is bounded after decompression, and a redirect is never read as data.
 * A compromised proxy or a hostile endpoint can then cost a gap, never the token, a hang or a crash.
 *
 * Two policies, because core-client adds the bearer-token policy before the retry phase: the
 * origin guard sits just before it (so a foreign URL is refused before a token is even asked for),
 * the response guard sits on the wire (after retries and redirects, each attempt checked again).
 */
import {
  bearerTokenAuthenticationPolicyName,
  RestError,
  type PipelinePolicy,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';

/** A request or response amlnet refused: the read becomes a gap with this code. */
export class GuardRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'GuardRefusal';
  }
}

/** The most one response may inflate to. ARM list pages are a few MB; Resource Graph pages of 1000 rows rarely 20 MB. */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** The default deadline of one attempt, headers and body together. */
export const DEFAULT_DEADLINE_MS = 60_000;

export interface GuardOptions {
  /** The Resource Manager endpoint; its origin (scheme, host, port) is the only one a request may go to. */
  armEndpoint: string;
  /** Headers and body of one attempt must arrive within this. */
  deadlineMs?: number;
  maxResponseBytes?: number;
}

export const ORIGIN_GUARD_POLICY = 'amlnetOriginGuard';
export const RESPONSE_GUARD_POLICY = 'amlnetResponseGuard';

function checkOrigin(url: string, origin: string): void {
  let target: string;
  try {
    target = new URL(url).origin;
  } catch {
    throw new GuardRefusal('ForeignOrigin', 'refused a request to a URL that does not parse (a nextLink outside Resource Manager?)');
  }
  if (target !== origin) {
    throw new GuardRefusal(
      'ForeignOrigin',
      `refused to send the token to ${target}: the answer pointed outside the Resource Manager endpoint ${origin} (a nextLink to another origin)`,
    );
  }
}

/** Placed right before the bearer-token policy: nothing leaves for another origin, not even a token request. */
export function originGuardPolicy(armEndpoint: string): { policy: PipelinePolicy; beforePolicies: string[] } {
  const origin = new URL(armEndpoint).origin;
  return {
    policy: {
      name: ORIGIN_GUARD_POLICY,
      sendRequest: (request, next) => {
        checkOrigin(request.url, origin);
        return next(request);
      },
    },
    beforePolicies: [bearerTokenAuthenticationPolicyName],
  };
}

// Makes the HTTP client hand over the (decompressed) body as a stream, whatever the status.
const STREAM_EVERY_STATUS = new Set([Number.POSITIVE_INFINITY]);

/**
 * On the wire, per attempt. The HTTP client's own `timeout` stops at the headers (a body that
 * trickles is read for ever) and its timer outlives a refused connection (the process lingers):
 * this deadline replaces it and covers the body, and is always cleared. A missed deadline is a
 * RestError with a system-error code, so the retry policy treats it as any timeout.
 */
export function responseGuardPolicy(opts: GuardOptions): PipelinePolicy {
  const origin = new URL(opts.armEndpoint).origin;
  const deadlineMs = opts.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const maxBytes = opts.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  return {
    name: RESPONSE_GUARD_POLICY,
    sendRequest: async (request, next) => {
      checkOrigin(request.url, origin);
      const outer = request.abortSignal;
      const streamed = request.streamResponseStatusCodes;
      const controller = new AbortController();
      let missed = false;
      const onOuterAbort = () => controller.abort();
      outer?.addEventListener('abort', onOuterAbort);
      if (outer?.aborted) controller.abort();
      const timer = setTimeout(() => {
        missed = true;
        controller.abort();
      }, deadlineMs);
      request.abortSignal = controller.signal;
      request.timeout = 0;
      request.streamResponseStatusCodes = STREAM_EVERY_STATUS;
      try {
        const response = await next(request);
        const stream = response.readableStreamBody;
        if (stream) {
          delete response.readableStreamBody;
          response.bodyAsText = await readBounded(stream, maxBytes, controller);
        }
        if (response.status >= 300 && response.status < 400) throw redirectRefusal(response);
        return response;
      } catch (err) {
        if (missed) throw deadlineError(request, deadlineMs);
        throw err;
      } finally {
        clearTimeout(timer);
        outer?.removeEventListener('abort', onOuterAbort);
        request.abortSignal = outer;
        request.streamResponseStatusCodes = streamed;
      }
    },
  };
}

function deadlineError(request: PipelineRequest, ms: number): RestError {
  return new RestError(`the response (headers and body) did not complete within ${formatMs(ms)} (timed out)`, { code: 'ETIMEDOUT', request });
}

function redirectRefusal(response: PipelineResponse): GuardRefusal {
  const location = response.headers.get('location');
  let where = '';
  if (location) {
    try {
      where = ` to ${new URL(location, response.request.url).origin}`;
    } catch {
      where = ' to an unparsable location';
    }
  }
  return new GuardRefusal(
    'UnexpectedRedirect',
    `Resource Manager answered HTTP ${response.status} (a redirect${where}) where a JSON answer was expected; amlnet follows no redirect and reads no body of one`,
    response.status,
  );
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** Reads a body up to `maxBytes` (after decompression); past it, or on the deadline, the connection is dropped. */
function readBounded(stream: NodeJS.ReadableStream, maxBytes: number, controller: AbortController): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      controller.signal.removeEventListener('abort', onAbort);
      if (err) {
        (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        reject(err);
      } else {
        resolve(Buffer.concat(chunks).toString('utf8'));
      }
    };
    const onAbort = () => finish(new Error('aborted'));
    controller.signal.addEventListener('abort', onAbort);
    if (controller.signal.aborted) return onAbort();
    stream.on('data', (chunk: Buffer | string) => {
      if (done) return;
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += b.length;
      if (size > maxBytes) {
        finish(
          new GuardRefusal(
            'ResponseTooLarge',
            `the response inflated past ${Math.round(maxBytes / (1024 * 1024))} MiB, the most amlnet reads of one answer; it was dropped`,
          ),
        );
        controller.abort(); // drop the connection too, not only the decompressor
        return;
      }
      chunks.push(b);
    });
    stream.on('end', () => finish());
    stream.on('error', (e: Error) => finish(e));
  });
}
