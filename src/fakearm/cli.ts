/**
 * Run the fake ARM server by hand or from the demo:
 *   node dist/fakearm/cli.js --tenant <file.json> [--port N] [--latency-ms N] [--page-size N] [--cert-dir D]
 * Prints one JSON line `{"url":..., "certPath":...}` on stdout and serves until SIGTERM/SIGINT.
 * The tenant file is a Tenant (`{subscriptions:[...], resources:[...]}`) or an Inventory
 * (its `resources`, with subscriptions taken from `scope.subscriptions`).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeSelfSignedCert } from './cert';
import { startFakeArm, type Tenant } from './server';

function usage(msg: string): never {
  process.stderr.write(
    `fakearm: ${msg}\nusage: node dist/fakearm/cli.js --tenant <file.json> [--port N] [--latency-ms N] [--page-size N] [--cert-dir D]\n`,
  );
  process.exit(2);
}

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const known = new Set(['--tenant', '--port', '--latency-ms', '--page-size', '--cert-dir']);
  for (let i = 0; i < argv.length; i++) {
    const [k, inline] = argv[i].split(/=(.*)/s, 2);
    if (!known.has(k)) usage(`unknown argument '${argv[i]}'`);
    const v = inline ?? argv[++i];
    if (v === undefined) usage(`${k} needs a value`);
    out[k.slice(2)] = v;
  }
  return out;
}

function intArg(args: Record<string, string>, name: string): number | undefined {
  if (args[name] === undefined) return undefined;
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < 0) usage(`--${name} must be a non-negative integer`);
  return n;
}

export function loadTenant(file: string): Tenant {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!doc || !Array.isArray(doc.resources)) throw new Error(`${file}: no "resources" array`);
  if (Array.isArray(doc.subscriptions)) {
    return { subscriptions: doc.subscriptions, resources: doc.resources, resourceGroups: doc.resourceGroups };
  }
  const subs: string[] = Array.isArray(doc.scope?.subscriptions) ? doc.scope.subscriptions : [];
  return { subscriptions: subs.map((subscriptionId) => ({ subscriptionId })), resources: doc.resources };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!args.tenant) usage('--tenant is required');
  const tenant = loadTenant(args.tenant);
  const certDir = args['cert-dir'] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'fakearm-'));
  const { cert, key, certPath } = makeSelfSignedCert(certDir);
  const fake = await startFakeArm({
    tenant,
    cert,
    key,
    port: intArg(args, 'port'),
    latencyMs: intArg(args, 'latency-ms'),
    pageSize: intArg(args, 'page-size'),
  });
  process.stdout.write(JSON.stringify({ url: fake.url, certPath }) + '\n');
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`fakearm: ${(e as Error)?.message ?? e}\n`);
    process.exit(1);
  });
}
