/**
 * A hostile HTTPS front in front of the fake Resource Manager, and a spy on another origin.
 * The front passes every request through to the fake, except those a tactic claims: those it
 * answers itself (a foreign nextLink, an error echoing the caller's token, a trickling body, a
 * gzip bomb, a redirect with a body, endless pages). The spy answers whatever reaches it and
 * records it: a test asserts it received nothing. Both listen on 127.0.0.1 only.
 */
import * as https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as zlib from 'node:zlib';

export interface Upstream {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface TacticContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** The request's path and query, as sent. */
  url: string;
  /** The Authorization header the front received (a hostile server sees the token). */
  authorization?: string;
  /** The fake Resource Manager's answer to the same request. */
  upstream: () => Promise<Upstream>;
}

export interface Tactic {
  method?: string;
  /** Matched against the path without the query, case-insensitively. */
  path: RegExp;
  /** Only this many matching requests (default: all). */
  times?: number;
  answer: (ctx: TacticContext) => void | Promise<void>;
}

export interface Front {
  url: string;
  close(): Promise<void>;
  setTactics(t: Tactic[]): void;
  /** Requests each tactic answered, by index. */
  hits: number[];
}

export interface Spy {
  url: string;
  origin: string;
  requests: { method: string; url: string; hadAuthorization: boolean }[];
  close(): Promise<void>;
}

function listen(server: https.Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`https://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function closer(server: https.Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

export async function startSpy(tls: { cert: string; key: string }): Promise<Spy> {
  const requests: Spy['requests'] = [];
  const server = https.createServer(tls, (req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', hadAuthorization: !!req.headers.authorization });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ value: [] }));
  });
  const url = await listen(server);
  return { url, origin: url, requests, close: closer(server) };
}

export async function startFront(tls: { cert: string; key: string }, upstreamUrl: string, opts: { ca?: string } = {}): Promise<Front> {
  let tactics: { tactic: Tactic; remaining: number }[] = [];
  const hits: number[] = [];
  const target = new URL(upstreamUrl);
  const fetchUpstream = (req: IncomingMessage, body: Buffer): Promise<Upstream> =>
    new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: target.host };
      delete headers['accept-encoding']; // the front reads the answer as is
      const up = https.request(
        { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers, ca: opts.ca ?? tls.cert },
        (r) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => {
            const h: Record<string, string> = {};
            for (const [k, v] of Object.entries(r.headers)) if (typeof v === 'string') h[k] = v;
            resolve({ status: r.statusCode ?? 502, headers: h, body: Buffer.concat(chunks) });
          });
          r.on('error', reject);
        },
      );
      up.on('error', reject);
      up.end(body);
    });
  const server = https.createServer(tls, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const path = decodeURIComponent((req.url ?? '').split('?')[0]);
      const i = tactics.findIndex((t) => t.remaining > 0 && (!t.tactic.method || t.tactic.method === req.method) && t.tactic.path.test(path));
      try {
        if (i >= 0) {
          tactics[i].remaining--;
          hits[i] = (hits[i] ?? 0) + 1;
          await tactics[i].tactic.answer({
            req,
            res,
            url: req.url ?? '',
            authorization: req.headers.authorization,
            upstream: () => fetchUpstream(req, body),
          });
          return;
        }
        const up = await fetchUpstream(req, body);
        res.writeHead(up.status, up.headers);
        res.end(up.body);
      } catch {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      }
    });
  });
  const url = await listen(server);
  return {
    url,
    hits,
    close: closer(server),
    setTactics: (t) => {
      tactics = t.map((tactic) => ({ tactic, remaining: tactic.times ?? Number.POSITIVE_INFINITY }));
      hits.length = 0;
    },
  };
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

/** The real first page, with its nextLink pointing at another origin (same path). */
export function foreignNextLink(path: RegExp, foreignOrigin: string): Tactic {
  return {
    method: 'GET',
    path,
    answer: async ({ res, url, upstream }) => {
      const up = await upstream();
      const page = JSON.parse(up.body.toString('utf8'));
      page.nextLink = `${foreignOrigin}${url}${url.includes('?') ? '&' : '?'}page=stolen`;
      json(res, 200, page);
    },
  };
}

/** A 403 whose message echoes the caller's Authorization header and other secrets. */
export function secretEcho(path: RegExp, secrets: string): Tactic {
  return {
    method: 'GET',
    path,
    answer: ({ res, authorization }) => json(res, 403, { error: { code: 'AuthorizationFailed', message: `Denied: '${authorization}' ${secrets}` } }),
  };
}

/** Headers at once, then one byte of a JSON body every `everyMs`, for ever (until the client goes). */
export function trickle(path: RegExp, everyMs = 2000): Tactic {
  return {
    method: 'GET',
    path,
    answer: ({ res }) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const text = '{"value":[' + ' '.repeat(1_000_000);
      let i = 0;
      res.write(text[i++]);
      const timer = setInterval(() => res.write(text[i++ % text.length]), everyMs);
      res.on('close', () => clearInterval(timer));
    },
  };
}

/** A gzip body that inflates to `inflatedBytes` (gzip members of zeros, concatenated: cheap to make and send). */
export function gzipBomb(path: RegExp, inflatedBytes: number): Tactic {
  const member = zlib.gzipSync(Buffer.alloc(1024 * 1024));
  const body = Buffer.concat(Array.from({ length: Math.ceil(inflatedBytes / (1024 * 1024)) }, () => member));
  return {
    method: 'GET',
    path,
    answer: ({ res }) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': String(body.length) });
      res.end(body);
    },
  };
}

/** A redirect carrying a JSON list body (read as data today), optionally to another origin. */
export function redirectWithBody(path: RegExp, status: number, body: unknown, location?: string): Tactic {
  return { method: 'GET', path, answer: ({ res }) => json(res, status, body, location ? { Location: location } : {}) };
}

/** `count` minimal resources of `type` under `scope`, named `x<page>-<k>`. */
export function floodItems(
  scope: string,
  type: string,
  count: number,
  page = 0,
): { id: string; name: string; type: string; location: string; properties: object }[] {
  const provider = type.split('/').slice(0, -1).join('/');
  const leaf = type.split('/').pop();
  return Array.from({ length: count }, (_, k) => {
    const name = `x${page}-${k}`;
    return { id: `${scope}/resourceGroups/rg-flood/providers/${provider}/${leaf}/${name}`, name, type, location: 'westeurope', properties: {} };
  });
}

/** `pages` pages of `perPage` items of `type` under `scope` (each page links to the next, same origin). */
export function manyItems(path: RegExp, scope: string, type: string, pages: number, perPage: number): Tactic {
  return {
    method: 'GET',
    path,
    answer: ({ req, res, url }) => {
      const u = new URL(url, `https://${req.headers.host}`);
      const page = Number(u.searchParams.get('hostilePage') ?? '0');
      u.searchParams.set('hostilePage', String(page + 1));
      json(res, 200, { value: floodItems(scope, type, perPage, page), ...(page + 1 < pages ? { nextLink: u.toString() } : {}) });
    },
  };
}

/** The real page with `extra` items appended (one page of many). */
export function appendItems(path: RegExp, extra: unknown[]): Tactic {
  return {
    method: 'GET',
    path,
    answer: async ({ res, upstream }) => {
      const page = JSON.parse((await upstream()).body.toString('utf8'));
      for (const item of extra) page.value.push(item);
      json(res, 200, page);
    },
  };
}
