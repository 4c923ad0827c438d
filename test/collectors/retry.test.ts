/**
 * The retry governor on its own, with a stand-in for the HTTP layer: what it retries, how long it
 * waits, what it says (progress events), and where it stops. The end-to-end behaviour against the
 * fake Resource Manager is in test/faults.test.ts.
 */
import { createHttpHeaders, createPipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import type { ProgressEvent } from '../../src/collectors/progress';
import { retryAfterMs, RetriesExhausted, ThrottleGovernor, throttleScopeOf } from '../../src/collectors/retry';

const SUB = '11111111-2222-3333-4444-555555555555';
const url = (path: string) => `https://127.0.0.1:1/subscriptions/${SUB}${path}?api-version=1`;
const free = { acquire: async () => undefined, release: () => undefined };

function answer(status: number, headers: Record<string, string> = {}, body = ''): PipelineResponse {
  const request = createPipelineRequest({ url: url('/x') });
  return { status, headers: createHttpHeaders(headers), request, bodyAsText: body };
}

/** A `next` that answers from a script, one entry per attempt, and logs when each attempt came. */
function scripted(script: (PipelineResponse | Error)[]) {
  const at: number[] = [];
  const next = async () => {
    at.push(Date.now());
    const a = script.shift();
    if (!a) throw new Error('script exhausted');
    if (a instanceof Error) throw a;
    return a;
  };
  return { next, at };
}

const settings = { maxWaitMs: 5_000, baseDelayMs: 20, maxDelayMs: 200, refillPerSecond: 25 };

describe('retryAfterMs', () => {
  const h = (o: Record<string, string>) => createHttpHeaders(o);
  test("seconds, an HTTP date, retry-after-ms, and Resource Graph's hh:mm:ss", () => {
    expect(retryAfterMs(h({ 'retry-after': '7' }))).toBe(7000);
    expect(retryAfterMs(h({ 'retry-after': new Date(Date.UTC(2030, 0, 1, 0, 0, 30)).toUTCString() }), Date.UTC(2030, 0, 1))).toBe(30_000);
    expect(retryAfterMs(h({ 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfterMs(h({ 'x-ms-user-quota-resets-after': '00:01:02.5' }))).toBe(62_500);
    expect(retryAfterMs(h({ 'retry-after': 'soon' }))).toBeUndefined();
    // Never clamped: a value past 2^31 ms stays what it is, so the budget can refuse it.
    expect(retryAfterMs(h({ 'retry-after': '2147484' }))).toBe(2_147_484_000);
  });
  test('throttling scopes: the subscription, Resource Graph, the tenant', () => {
    expect(throttleScopeOf(url('/providers/Microsoft.Network/virtualNetworks'))).toBe(`subscription ${SUB}`);
    expect(throttleScopeOf('https://h/providers/Microsoft.ResourceGraph/resources?api-version=1')).toBe('Resource Graph');
    expect(throttleScopeOf('https://h/subscriptions?api-version=1')).toBe('tenant');
  });
});

describe('ThrottleGovernor', () => {
  test('a 429 pauses the scope for its Retry-After, says so, then resumes; the next read of the scope waits too', async () => {
    const events: ProgressEvent[] = [];
    const g = new ThrottleGovernor(settings, (e) => events.push(e));
    const first = scripted([
      answer(429, { 'retry-after-ms': '300' }, '{"error":{"code":"SubscriptionRequestsThrottled","message":"slow down"}}'),
      answer(200),
    ]);
    const second = scripted([answer(200)]);
    const t0 = Date.now();
    const a = g.send(createPipelineRequest({ url: url('/a') }), first.next, free);
    await new Promise((r) => setTimeout(r, 50));
    const b = g.send(createPipelineRequest({ url: url('/b') }), second.next, free);
    expect((await a).status).toBe(200);
    expect((await b).status).toBe(200);
    expect(first.at[1] - t0).toBeGreaterThanOrEqual(290);
    expect(second.at[0] - t0).toBeGreaterThanOrEqual(290);
    expect(events.filter((e) => e.type === 'throttled')).toEqual([
      { type: 'throttled', scope: `subscription ${SUB}`, waitMs: 300, reason: 'HTTP 429 SubscriptionRequestsThrottled' },
    ]);
    await new Promise((r) => setTimeout(r, 20));
    expect(events.some((e) => e.type === 'resumed' && e.scope === `subscription ${SUB}`)).toBe(true);
  });

  test('5xx, resets and timeouts back off and retry; 4xx other than 408/429 do not', async () => {
    const g = new ThrottleGovernor(settings);
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const timeout = Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
    const s = scripted([answer(500), answer(502), reset, timeout, answer(503), answer(504), answer(200)]);
    expect((await g.send(createPipelineRequest({ url: url('/c') }), s.next, free)).status).toBe(200);
    expect(s.at).toHaveLength(7);
    const f = scripted([answer(403), answer(200)]);
    expect((await g.send(createPipelineRequest({ url: url('/d') }), f.next, free)).status).toBe(403);
    expect(f.at).toHaveLength(1);
  });

  test('a Retry-After longer than the budget ends the read at once, naming why', async () => {
    const g = new ThrottleGovernor({ ...settings, maxWaitMs: 10_000 });
    const s = scripted([
      answer(429, { 'retry-after': '86400' }, '{"error":{"code":"SubscriptionRequestsThrottled","message":"Number of read requests exceeded."}}'),
    ]);
    const t0 = Date.now();
    const err = await g.send(createPipelineRequest({ url: url('/e') }), s.next, free).catch((e: unknown) => e);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(err).toBeInstanceOf(RetriesExhausted);
    expect(err).toMatchObject({ status: 429, code: 'SubscriptionRequestsThrottled' });
    expect((err as Error).message).toMatch(
      /^Number of read requests exceeded\. \(Azure asked to wait 86400 s, longer than what is left of --max-wait \(\d+(\.\d)? s\)\)$/,
    );
  });

  test('a failure that never clears is retried until the budget is spent', async () => {
    // On jest's clock (Date.now and setTimeout both), so the bound checks the governor's decisions, not the machine's load.
    jest.useFakeTimers();
    const g = new ThrottleGovernor({ ...settings, maxWaitMs: 400 });
    const s = scripted(Array.from({ length: 100 }, () => answer(503)));
    const pending = g.send(createPipelineRequest({ url: url('/f') }), s.next, free).catch((e: unknown) => e);
    await jest.runAllTimersAsync();
    const err = await pending;
    jest.useRealTimers();
    expect(err).toBeInstanceOf(RetriesExhausted);
    expect((err as Error).message).toMatch(/still failing after \d+ attempt\(s\)/);
    expect(s.at.length).toBeGreaterThan(2);
    expect(s.at[s.at.length - 1] - s.at[0]).toBeLessThanOrEqual(400);
  });

  test('paced from the remaining-reads header: no more in flight than the bucket holds', async () => {
    const g = new ThrottleGovernor(settings);
    let inFlight = 0;
    let most = 0;
    let remaining = 3;
    const next = async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      remaining = Math.max(0, remaining - 1);
      return answer(200, { 'x-ms-ratelimit-remaining-subscription-reads': String(remaining) });
    };
    // The first answer says 2 are left: from then on, at most what the bucket holds goes out at once.
    await g.send(createPipelineRequest({ url: url('/g0') }), next, free);
    most = 0;
    await Promise.all(Array.from({ length: 6 }, (_, i) => g.send(createPipelineRequest({ url: url(`/g${i + 1}`) }), next, free)));
    expect(most).toBeLessThanOrEqual(2);
  });
});
