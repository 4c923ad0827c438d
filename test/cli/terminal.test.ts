/** Colour, width and the progress display, decided from flags, environment and streams. */
import { progressDisplay } from '../../src/cli/progress';
import { canRewriteLine, colorEnabled, terminalWidth } from '../../src/cli/terminal';

describe('colour', () => {
  it.each([
    ['a terminal', {}, true, undefined, true],
    ['a pipe', {}, false, undefined, false],
    ['--no-color on a terminal', {}, true, false, false],
    ['--no-color beats FORCE_COLOR', { FORCE_COLOR: '1' }, true, false, false],
    ['NO_COLOR', { NO_COLOR: '1' }, true, undefined, false],
    ['NO_COLOR empty is unset (no-color.org)', { NO_COLOR: '' }, true, undefined, true],
    ['TERM=dumb', { TERM: 'dumb' }, true, undefined, false],
    ['FORCE_COLOR=1 on a pipe', { FORCE_COLOR: '1' }, false, undefined, true],
    ['FORCE_COLOR=3 on a pipe', { FORCE_COLOR: '3' }, false, undefined, true],
    ['FORCE_COLOR empty means on (as chalk reads it)', { FORCE_COLOR: '' }, false, undefined, true],
    ['FORCE_COLOR=0 on a terminal', { FORCE_COLOR: '0' }, true, undefined, false],
    ['FORCE_COLOR=false on a terminal', { FORCE_COLOR: 'false' }, true, undefined, false],
    ["FORCE_COLOR beats NO_COLOR (Node's precedence)", { FORCE_COLOR: '1', NO_COLOR: '1' }, false, undefined, true],
    ['FORCE_COLOR beats TERM=dumb', { FORCE_COLOR: '2', TERM: 'dumb' }, true, undefined, true],
  ])('%s', (_name, env, isTTY, flag, expected) => {
    expect(colorEnabled({ flag, env, isTTY })).toBe(expected);
  });

  it('never in a file written with --output', () => {
    expect(colorEnabled({ env: { FORCE_COLOR: '1' }, isTTY: true, toFile: true })).toBe(false);
  });

  it('rewrites a line only on a terminal that is not dumb', () => {
    expect([canRewriteLine({}, true), canRewriteLine({ TERM: 'dumb' }, true), canRewriteLine({}, false)]).toEqual([true, false, false]);
  });
});

describe('width', () => {
  it('COLUMNS first, then the terminal, then 80; never under 40', () => {
    expect(terminalWidth({ COLUMNS: '100' }, 132)).toBe(100);
    expect(terminalWidth({}, 132)).toBe(132);
    expect(terminalWidth({}, undefined)).toBe(80);
    expect(terminalWidth({}, 0)).toBe(80);
    expect(terminalWidth({ COLUMNS: 'wide' }, undefined)).toBe(80);
    expect(terminalWidth({ COLUMNS: '12' }, undefined)).toBe(40);
  });
});

describe('progress display', () => {
  it('plain: one line per phase with the count so far, one every 5 s of requests, each throttling pause, the total', () => {
    const out: string[] = [];
    let t = 0;
    const d = progressDisplay((s) => out.push(s), { live: false, now: () => t });
    d.sink({ type: 'requests', done: 0, inFlight: 0 });
    d.sink({ type: 'phase', message: 'listing resources in 2 subscription(s)' });
    t = 1000;
    d.sink({ type: 'requests', done: 10, inFlight: 16 });
    t = 5500;
    d.sink({ type: 'requests', done: 90, inFlight: 16 });
    t = 6000;
    d.sink({ type: 'requests', done: 95, inFlight: 16 });
    d.sink({ type: 'throttled', scope: 'subscription 1', waitMs: 12_400, reason: 'HTTP 429 \u001b[31m' });
    d.sink({ type: 'resumed', scope: 'subscription 1' });
    d.sink({ type: 'phase', message: 'reading 3 workspace(s)' });
    d.end(120);
    expect(out.join('')).toBe(
      [
        'amlnet: listing resources in 2 subscription(s) (0 request(s) done so far)',
        'amlnet: 90 request(s) done, 16 in flight',
        'amlnet: Azure throttled reads of subscription 1: waiting 13s (HTTP 429 \\u001b[31m)',
        'amlnet: reads of subscription 1 resumed',
        'amlnet: reading 3 workspace(s) (95 request(s) done so far)',
        'amlnet: collection done: 120 request(s)',
        '',
      ].join('\n'),
    );
  });

  it('live: one line rewritten in place with the phase, the count and any wait, cut to the width, erased at the end', () => {
    const out: string[] = [];
    const d = progressDisplay((s) => out.push(s), { live: true, width: 60 });
    d.sink({ type: 'requests', done: 0, inFlight: 0 });
    d.sink({ type: 'phase', message: 'listing resources' });
    d.sink({ type: 'requests', done: 7, inFlight: 3 });
    d.sink({ type: 'throttled', scope: 'sub-a', waitMs: 3000, reason: '429' });
    d.sink({ type: 'resumed', scope: 'sub-a' });
    d.end(9);
    expect(out).toEqual([
      '\r\u001b[2Kamlnet: listing resources · 0 request(s) done',
      '\r\u001b[2Kamlnet: listing resources · 7 request(s) done, 3 in flight',
      '\r\u001b[2Kamlnet: throttled by Azure, waiting 3s (sub-a) · listing r…',
      '\r\u001b[2Kamlnet: listing resources · 7 request(s) done, 3 in flight',
      '\r\u001b[2K',
    ]);
  });
});
