/**
 * A local npm registry for tests that install the packed package: HTTP on 127.0.0.1, serving the
 * production dependencies this checkout already installed (package-lock.json says which; each
 * tarball is packed from its node_modules folder). `npm install` pointed at it resolves and fetches
 * exactly as from the public registry, with no traffic off this machine and no dependence on what
 * npm's cache happens to hold; a dev dependency is not there, so an install that needs one fails.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

interface LockEntry {
  name?: string;
  version: string;
  dev?: boolean;
  link?: boolean;
  [field: string]: unknown;
}

/** The manifest fields npm reads from a packument to resolve and place a package. */
const MANIFEST_FIELDS = [
  'dependencies',
  'optionalDependencies',
  'peerDependencies',
  'peerDependenciesMeta',
  'bin',
  'engines',
  'os',
  'cpu',
  'license',
];

export interface NpmRegistry {
  url: string;
  /** Every request path, in order. */
  requests: string[];
  /** Requests answered 404 (a package that is not a production dependency of this checkout). */
  notFound: string[];
  /** `name@version` of every tarball served. */
  tarballs: string[];
  /** `name@version` of every production dependency in package-lock.json. */
  production: string[];
  /** The npm settings (environment variables) that point an install at this registry and nowhere else. */
  npmEnv(dir: string): NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export async function startNpmRegistry(repo: string): Promise<NpmRegistry> {
  const lock = JSON.parse(fs.readFileSync(path.join(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const versions = new Map<string, Map<string, { entry: LockEntry; folder: string }>>();
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (!key.startsWith('node_modules/') || entry.dev || entry.link) continue;
    const name = entry.name ?? key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (!versions.has(name)) versions.set(name, new Map());
    versions.get(name)!.set(entry.version, { entry, folder: path.join(repo, key) });
  }
  const packed = new Map<string, { tgz: Buffer; integrity: string }>();
  const pack = (name: string, version: string) => {
    const id = `${name}@${version}`;
    if (!packed.has(id)) {
      const { folder } = versions.get(name)!.get(version)!;
      const tgz = execFileSync('tar', ['-czf', '-', '--exclude=./node_modules', '--transform', 's,^\\.,package,', '-C', folder, '.'], {
        maxBuffer: 256 * 1024 * 1024,
      });
      packed.set(id, { tgz, integrity: `sha512-${createHash('sha512').update(tgz).digest('base64')}` });
    }
    return packed.get(id)!;
  };

  const requests: string[] = [];
  const notFound: string[] = [];
  const tarballs: string[] = [];
  let url = '';
  const server = http.createServer((req, res) => {
    const p = decodeURIComponent((req.url ?? '/').split('?')[0]);
    requests.push(p);
    const tarball = /^\/-\/tarballs\/(.+)\/([^/]+)\.tgz$/.exec(p);
    const name = tarball ? tarball[1] : p.slice(1);
    const known = versions.get(name);
    if (req.method !== 'GET' || !known || (tarball && !known.has(tarball[2]))) {
      notFound.push(p);
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    if (tarball) {
      tarballs.push(`${name}@${tarball[2]}`);
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(pack(name, tarball[2]).tgz);
      return;
    }
    const docs: Record<string, unknown> = {};
    for (const [version, { entry }] of known) {
      const manifest: Record<string, unknown> = { name, version };
      for (const f of MANIFEST_FIELDS) if (entry[f] !== undefined) manifest[f] = entry[f];
      manifest.dist = { tarball: `${url}/-/tarballs/${name}/${version}.tgz`, integrity: pack(name, version).integrity };
      docs[version] = manifest;
    }
    const latest = [...known.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).pop();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name, 'dist-tags': { latest }, versions: docs }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    notFound,
    tarballs,
    production: [...versions].flatMap(([name, vs]) => [...vs.keys()].map((v) => `${name}@${v}`)).sort(),
    npmEnv(dir) {
      // Empty user and global configs: an .npmrc on the machine (a scoped registry, a proxy) cannot send the install elsewhere.
      const user = path.join(dir, 'user.npmrc');
      const global = path.join(dir, 'global.npmrc');
      for (const f of [user, global]) fs.writeFileSync(f, '');
      return {
        npm_config_registry: `${url}/`,
        npm_config_cache: path.join(dir, 'npm-cache'),
        npm_config_userconfig: user,
        npm_config_globalconfig: global,
        npm_config_update_notifier: 'false',
        npm_config_audit: 'false',
        npm_config_fund: 'false',
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The environment without inherited npm settings (`npm test` sets npm_config_* for its children). */
export function withoutNpmSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !/^npm_/i.test(k)));
}
