import { TenantBuilder } from '../../src/fixtures/builder';
import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace, SUB } from '../support/scenarios';

function withDeployment(egress?: string) {
  const s = privateWorkspace();
  const ep = s.t.onlineEndpoint(s.ws, 'ep', { publicNetworkAccess: 'Disabled' });
  const dep = s.t.deployment(ep, 'blue', egress ? { egressPublicNetworkAccess: egress } : {});
  return { ...s, ep, dep };
}

function managedWorkspace(egress?: string) {
  const t = new TenantBuilder({ subscriptionId: SUB });
  const storage = t.storage('stmanaged', { publicNetworkAccess: 'Disabled', defaultAction: 'Deny' });
  const keyVault = t.keyVault('kv-managed', { publicNetworkAccess: 'Disabled', defaultAction: 'Deny' });
  const ws = t.workspace('ws-managed', { storage, keyVault, publicNetworkAccess: 'Disabled', isolationMode: 'AllowOnlyApprovedOutbound' });
  const ep = t.onlineEndpoint(ws, 'ep', { publicNetworkAccess: 'Disabled' });
  const dep = t.deployment(ep, 'blue', egress ? { egressPublicNetworkAccess: egress } : {});
  return { t, ws, ep, dep };
}

describe('AMLNET202 online-deployment-egress', () => {
  it('stays silent on a deployment with egress disabled in a secured workspace', () => {
    expectNoFindings('AMLNET202', withDeployment('Disabled').t.inventory());
  });

  it('is low for egress Enabled in a secured workspace without a managed VNet', () => {
    const s = withDeployment('Enabled');
    expectFindings('AMLNET202', s.t.inventory(), [
      {
        resourceId: s.dep,
        severity: 'low',
        workspaceId: s.ws,
        related: [s.ep],
        message:
          'Deployment blue of endpoint ep reaches the workspace, registry and storage of secured workspace ws-private over public networks (egressPublicNetworkAccess Enabled). Recreate it with egressPublicNetworkAccess Disabled, or move the workspace to a managed VNet.',
        evidence: [{ resourceId: s.dep, property: 'properties.egressPublicNetworkAccess', expected: 'Disabled', actual: 'Enabled' }],
      },
    ]);
  });

  it('counts a workspace secured only by restricted storage (no private endpoint)', () => {
    const t = new TenantBuilder({ subscriptionId: SUB });
    const storage = t.storage('strestricted', { defaultAction: 'Deny' });
    const keyVault = t.keyVault('kv-open');
    const ws = t.workspace('ws-public', { storage, keyVault, publicNetworkAccess: 'Enabled' });
    const dep = t.deployment(t.onlineEndpoint(ws, 'ep'), 'green', { egressPublicNetworkAccess: 'Enabled' });
    expectFindings('AMLNET202', t.inventory(), [
      {
        resourceId: dep,
        severity: 'low',
        message:
          'Deployment green of endpoint ep reaches the workspace, registry and storage of secured workspace ws-public over public networks (egressPublicNetworkAccess Enabled). Recreate it with egressPublicNetworkAccess Disabled, or move the workspace to a managed VNet.',
        evidence: [{ resourceId: dep, property: 'properties.egressPublicNetworkAccess', expected: 'Disabled', actual: 'Enabled' }],
      },
    ]);
  });

  it('does not apply to a workspace that is not secured at all', () => {
    const t = new TenantBuilder({ subscriptionId: SUB });
    const ws = t.workspace('ws-open', { storage: t.storage('stopen'), keyVault: t.keyVault('kv-open') });
    t.deployment(t.onlineEndpoint(ws, 'ep'), 'blue', { egressPublicNetworkAccess: 'Enabled' });
    expectNoFindings('AMLNET202', t.inventory());
  });

  it('treats a missing egressPublicNetworkAccess as unknown', () => {
    expectNoFindings('AMLNET202', withDeployment().t.inventory());
  });

  it('is info when the flag is set, Enabled or Disabled, on a managed-VNet workspace', () => {
    for (const egress of ['Enabled', 'Disabled']) {
      const s = managedWorkspace(egress);
      expectFindings('AMLNET202', s.t.inventory(), [
        {
          resourceId: s.dep,
          severity: 'info',
          message:
            `Deployment blue of endpoint ep sets egressPublicNetworkAccess ${egress}, but workspace ws-managed uses a managed VNet (AllowOnlyApprovedOutbound), ` +
            'which controls outbound traffic instead; the flag has no effect. Drop it when you next recreate the deployment.',
          evidence: [
            {
              resourceId: s.dep,
              property: 'properties.egressPublicNetworkAccess',
              expected: 'absent (managed VNet controls egress)',
              actual: egress,
            },
          ],
        },
      ]);
    }
  });

  it('is silent on a managed-VNet workspace whose deployment leaves the flag out', () => {
    expectNoFindings('AMLNET202', managedWorkspace().t.inventory());
  });

  it('is info, not low, on an AllowInternetOutbound managed VNet with egress Enabled', () => {
    const s = managedWorkspace('Enabled');
    (s.t.find(s.ws)!.properties as any).managedNetwork.isolationMode = 'AllowInternetOutbound';
    expectFindings('AMLNET202', s.t.inventory(), [
      {
        resourceId: s.dep,
        severity: 'info',
        message:
          'Deployment blue of endpoint ep sets egressPublicNetworkAccess Enabled, but workspace ws-managed uses a managed VNet (AllowInternetOutbound), which controls outbound traffic instead; the flag has no effect. Drop it when you next recreate the deployment.',
        evidence: [
          {
            resourceId: s.dep,
            property: 'properties.egressPublicNetworkAccess',
            expected: 'absent (managed VNet controls egress)',
            actual: 'Enabled',
          },
        ],
      },
    ]);
  });

  it('treats isolationMode Disabled as no managed VNet', () => {
    const s = managedWorkspace('Enabled');
    (s.t.find(s.ws)!.properties as any).managedNetwork.isolationMode = 'Disabled';
    expectFindings('AMLNET202', s.t.inventory(), [
      {
        resourceId: s.dep,
        severity: 'low',
        message:
          'Deployment blue of endpoint ep reaches the workspace, registry and storage of secured workspace ws-managed over public networks (egressPublicNetworkAccess Enabled). Recreate it with egressPublicNetworkAccess Disabled, or move the workspace to a managed VNet.',
        evidence: [{ resourceId: s.dep, property: 'properties.egressPublicNetworkAccess', expected: 'Disabled', actual: 'Enabled' }],
      },
    ]);
  });
});
