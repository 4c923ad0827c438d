/**
 * One collection, in a process of its own (so its peak RSS is its own and the fake's self-signed
 * certificate is trusted through NODE_EXTRA_CA_CERTS, read at start): the bench's parent serves
 * the tenant and spawns this with BENCH_* settings; it prints one JSON line.
 */
import { collect } from '../collectors/collect';
import { collectWithResourceGraph } from '../collectors/resourcegraph';
import { planReads } from '../collectors/needs';
import { CLOUDS } from '../model/cloud';
import { RULES } from '../rules';
import { isEnabledByDefault } from '../rules/engine';

async function run(): Promise<void> {
  const env = process.env;
  const collector = env.BENCH_COLLECTOR === 'resource-graph' ? 'resource-graph' : 'per-subscription';
  const concurrency = Number(env.BENCH_CONCURRENCY ?? '16');
  // A fixed token: the bench measures collection, not `az` start-up (tests assert `az` runs once per scan).
  const credential = { getToken: async () => ({ token: 'bench-token', expiresOnTimestamp: Date.now() + 3600_000 }) };
  const common = {
    cloud: CLOUDS.AzureCloud,
    armEndpoint: env.BENCH_ENDPOINT as string,
    concurrency,
    credential,
    reads: planReads(RULES.filter(isEnabledByDefault)),
  };
  const t0 = performance.now();
  const result =
    collector === 'resource-graph'
      ? await collectWithResourceGraph(common, { managementGroups: [], allSubscriptions: true })
      : await collect({ ...common, subscriptions: (env.BENCH_SUBSCRIPTIONS ?? '').split(',') });
  const wallMs = performance.now() - t0;
  process.stdout.write(
    JSON.stringify({
      wallMs,
      clientRequests: result.session.stats.requests,
      tokenFetches: result.session.credential.fetches,
      resources: result.inventory.resources.length,
      gaps: result.inventory.gaps.length,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
    }) + '\n',
  );
}

run().catch((e) => {
  process.stderr.write(`bench collect: ${(e as Error)?.message ?? e}\n`);
  process.exitCode = 1;
});
