import { TenantBuilder } from '../../src/fixtures/builder';
import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { SUB } from '../support/scenarios';

function managed(outboundRules: Record<string, { type: string; category?: string; status?: string; destination?: unknown }>) {
  const t = new TenantBuilder({ subscriptionId: SUB });
  const storage = t.storage('stmanaged', { publicNetworkAccess: 'Disabled', defaultAction: 'Deny' });
  const keyVault = t.keyVault('kv-managed');
  const ws = t.workspace('ws-managed', { storage, keyVault, isolationMode: 'AllowOnlyApprovedOutbound', outboundRules });
  return { t, ws, storage };
}

describe('AMLNET502 managed-vnet-outbound-rule-failed', () => {
  it('stays silent when every rule is Active or Inactive', () => {
    const s = managed({
      pypi: { type: 'FQDN', category: 'UserDefined', destination: 'pypi.org', status: 'Active' },
      __SYS_ST: {
        type: 'PrivateEndpoint',
        category: 'Required',
        destination: {
          serviceResourceId: '/subscriptions/x/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/s',
          subresourceTarget: 'blob',
        },
        status: 'Inactive',
      },
    });
    expectNoFindings('AMLNET502', s.t.inventory());
  });

  it('fires once per Failed rule, naming the rule and its destination', () => {
    const s = managed({
      pypi: { type: 'FQDN', category: 'UserDefined', destination: 'pypi.org', status: 'Failed' },
      'storage-blob': {
        type: 'PrivateEndpoint',
        category: 'UserDefined',
        destination: { serviceResourceId: '', subresourceTarget: 'blob' },
        status: 'Active',
      },
      'storage-file': {
        type: 'PrivateEndpoint',
        category: 'UserDefined',
        destination: { serviceResourceId: '', subresourceTarget: 'file' },
        status: 'failed',
      },
    });
    const rules = (s.t.find(s.ws)!.properties as any).managedNetwork.outboundRules;
    rules['storage-blob'].destination.serviceResourceId = s.storage;
    rules['storage-file'].destination.serviceResourceId = s.storage;
    expectFindings('AMLNET502', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'high',
        workspaceId: s.ws,
        message:
          "Outbound rule pypi (FQDN, UserDefined) of workspace ws-managed's managed VNet to pypi.org has status Failed, so that destination is unreachable from managed compute. Fix the cause and re-provision the rule.",
        evidence: [{ resourceId: s.ws, property: 'properties.managedNetwork.outboundRules.pypi.status', expected: 'Active', actual: 'Failed' }],
      },
      {
        resourceId: s.ws,
        severity: 'high',
        workspaceId: s.ws,
        related: [s.storage],
        message:
          "Outbound rule storage-file (PrivateEndpoint, UserDefined) of workspace ws-managed's managed VNet to stmanaged (file) has status Failed, so that destination is unreachable from managed compute. Fix the cause and re-provision the rule.",
        evidence: [
          { resourceId: s.ws, property: 'properties.managedNetwork.outboundRules.storage-file.status', expected: 'Active', actual: 'failed' },
        ],
      },
    ]);
  });

  it('reads rules given as an array (the outboundRules list API shape)', () => {
    const s = managed({});
    (s.t.find(s.ws)!.properties as any).managedNetwork.outboundRules = [
      {
        name: 'rule_name_1',
        type: 'workspace/outboundRules',
        properties: { type: 'FQDN', destination: 'contoso.com', status: 'Failed', category: 'UserDefined' },
      },
    ];
    expectFindings('AMLNET502', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'high',
        message:
          "Outbound rule rule_name_1 (FQDN, UserDefined) of workspace ws-managed's managed VNet to contoso.com has status Failed, so that destination is unreachable from managed compute. Fix the cause and re-provision the rule.",
        evidence: [
          { resourceId: s.ws, property: 'properties.managedNetwork.outboundRules.rule_name_1.status', expected: 'Active', actual: 'Failed' },
        ],
      },
    ]);
  });

  it('ignores a rule without a status', () => {
    expectNoFindings('AMLNET502', managed({ pypi: { type: 'FQDN', destination: 'pypi.org' } }).t.inventory());
  });
});
