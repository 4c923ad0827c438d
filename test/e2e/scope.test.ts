/**
 * `--workspace` and `--resource-group` narrow a snapshot exactly as they narrow a live scan, and a
 * filter that matches nothing is exit 2 naming it (a gate that checked nothing must not pass).
 */
import { DEMO_FAULTS, DEMO_SUBSCRIPTION, demoTenant } from '../../src/fixtures/demo';
import { runCli, tmpFile, triples, withFakeArm } from '../support/e2e';

const WS = (rg: string, name: string) =>
  `/subscriptions/${DEMO_SUBSCRIPTION}/resourcegroups/${rg}/providers/microsoft.machinelearningservices/workspaces/${name}`;

describe('scope filters', () => {
  it('narrow a snapshot as they narrow the live scan it was saved from', async () => {
    await withFakeArm({ tenant: demoTenant(), faults: DEMO_FAULTS }, async (fake) => {
      const snapshot = tmpFile('demo.json');
      const all = await runCli(['audit', '--subscription', DEMO_SUBSCRIPTION, '--save-snapshot', snapshot, '--format', 'json', '-q'], { fake });
      expect(all.code).toBe(1);
      for (const filter of [
        ['--workspace', 'WS-FORECAST'],
        ['--resource-group', 'rg-sandbox'],
      ]) {
        const live = await runCli(['audit', '--subscription', DEMO_SUBSCRIPTION, ...filter, '--format', 'json', '-q'], { fake });
        const saved = await runCli(['audit', '--snapshot', snapshot, ...filter, '--format', 'json', '-q']);
        expect(saved.stderr).toBe('');
        const liveJson = JSON.parse(live.stdout);
        const savedJson = JSON.parse(saved.stdout);
        expect(triples(savedJson)).toEqual(triples(liveJson));
        expect(savedJson.workspaces.map((w: { id: string }) => w.id.toLowerCase())).toEqual(
          liveJson.workspaces.map((w: { id: string }) => w.id.toLowerCase()),
        );
        expect(savedJson.scope).toEqual(liveJson.scope);
      }
      const forecast = JSON.parse((await runCli(['audit', '--snapshot', snapshot, '--workspace', 'ws-forecast', '--format', 'json', '-q'])).stdout);
      expect(forecast.workspaces.map((w: { name: string }) => w.name)).toEqual(['ws-forecast']);
      // Every finding belongs to ws-forecast, and the sandbox's unreadable endpoints are out of scope: no AMLNET900.
      expect(forecast.findings.filter((f: { workspaceId?: string }) => f.workspaceId?.toLowerCase() !== WS('rg-forecast', 'ws-forecast'))).toEqual(
        [],
      );
      expect(forecast.findings.length).toBeGreaterThan(0);
      expect(JSON.parse(all.stdout).findings.length).toBeGreaterThan(forecast.findings.length);
      const sandbox = JSON.parse(
        (await runCli(['audit', '--snapshot', snapshot, '--resource-group', 'rg-sandbox', '--format', 'json', '-q'])).stdout,
      );
      expect(sandbox.workspaces.map((w: { name: string }) => w.name)).toEqual(['ws-sandbox']);
      expect(sandbox.findings.filter((f: { ruleId: string }) => f.ruleId === 'AMLNET900')).toHaveLength(1);
    });
  });

  it('a filter that matches nothing is exit 2 naming it, for a snapshot and for a live scan', async () => {
    await withFakeArm({ tenant: demoTenant() }, async (fake) => {
      const snapshot = tmpFile('demo.json');
      await runCli(['audit', '--subscription', DEMO_SUBSCRIPTION, '--save-snapshot', snapshot, '-q', '--fail-on', 'none'], { fake });

      const saved = await runCli(['audit', '--snapshot', snapshot, '--workspace', 'ws-nope']);
      expect(saved.code).toBe(2);
      expect(saved.stdout).toBe('');
      expect(saved.stderr).toMatch(
        new RegExp(
          `^amlnet: error: --workspace ws-nope matches no workspace in snapshot ${snapshot.replace(/[.]/g, '\\.')}; it has ws-\\S+ \\(resource group rg-[a-z-]+\\)(, ws-\\S+ \\(resource group rg-[a-z-]+\\))+\\n$`,
        ),
      );

      const both = await runCli(['audit', '--snapshot', snapshot, '--resource-group', 'rg-forecast', '--workspace', 'ws-sandbox']);
      expect(both.code).toBe(2);
      expect(both.stderr).toMatch(/^amlnet: error: --resource-group rg-forecast --workspace ws-sandbox matches no workspace in snapshot /);

      const live = await runCli(['audit', '--subscription', DEMO_SUBSCRIPTION, '--workspace', 'ws-nope', '-q'], { fake });
      expect(live.code).toBe(2);
      expect(live.stdout).toBe('');
      expect(live.stderr).toBe(
        `amlnet: error: --workspace ws-nope matches no workspace in subscription ${DEMO_SUBSCRIPTION}; check the name and group (az ml workspace list --subscription <id>)\n`,
      );

      const group = await runCli(
        ['audit', '--subscription', DEMO_SUBSCRIPTION, '--resource-group', 'rg-nope', '--json', tmpFile('never.json'), '-q'],
        { fake },
      );
      expect(group.code).toBe(2);
      expect(group.stderr).toMatch(/^amlnet: error: --resource-group rg-nope matches no workspace in subscription /);
    });
  });
});
