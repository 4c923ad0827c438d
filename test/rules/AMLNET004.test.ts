import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';

describe('AMLNET004 workspace-storage-same-vnet', () => {
  it('stays silent on the recommended setup', () => {
    expectNoFindings('AMLNET004', privateWorkspace().inventory());
  });

  it('fires when the storage account is reachable only from another VNet', () => {
    const s = privateWorkspace();
    const other = s.t.vnet('vnet-data', { addressPrefixes: ['10.20.0.0/16'], subnets: [{ name: 'snet-pe', prefix: '10.20.1.0/24' }] });
    const st = s.t.storage('stdataonly', { publicNetworkAccess: 'Disabled', defaultAction: 'Deny' });
    s.t.privateEndpoint('pe-stdataonly-blob', { subnet: other.subnet('snet-pe'), target: st, groupId: 'blob' });
    (s.t.find(s.ws)!.properties as any).storageAccount = st;
    expectFindings('AMLNET004', s.t.inventory(), [
      { resourceId: s.ws, severity: 'high', workspaceId: s.ws, messageIncludes: ['vnet-data', 'stdataonly', 'vnet-ws-private'], related: [st, other.id] },
    ]);
  });

  it('fires when the storage is reachable only through a VNet rule for another VNet', () => {
    const s = privateWorkspace();
    const other = s.t.vnet('vnet-other', { addressPrefixes: ['10.30.0.0/16'], subnets: [{ name: 'apps', prefix: '10.30.1.0/24', serviceEndpoints: ['Microsoft.Storage'] }] });
    const st = s.t.storage('stviarule', { defaultAction: 'Deny', vnetRules: [other.subnet('apps')] });
    (s.t.find(s.ws)!.properties as any).storageAccount = st;
    expectFindings('AMLNET004', s.t.inventory(), [{ resourceId: s.ws, severity: 'high' }]);
  });

  it('accepts another subnet of the same VNet', () => {
    const s = privateWorkspace();
    const st = s.t.storage('stsamevnet', { defaultAction: 'Deny', vnetRules: [s.computeSubnet] });
    (s.t.find(s.ws)!.properties as any).storageAccount = st;
    expectNoFindings('AMLNET004', s.t.inventory());
  });

  it('compares ids case-insensitively', () => {
    const s = privateWorkspace();
    const st = s.t.storage('stcasing', { defaultAction: 'Deny', vnetRules: [s.computeSubnet.toLowerCase().replace('resourcegroups', 'resourcegroups')] });
    (s.t.find(s.ws)!.properties as any).storageAccount = st.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/');
    expectNoFindings('AMLNET004', s.t.inventory());
  });

  it('ignores a pending storage endpoint in another VNet when nothing else reaches the storage', () => {
    const s = privateWorkspace();
    const other = s.t.vnet('vnet-pending', { addressPrefixes: ['10.40.0.0/16'], subnets: [{ name: 'pe', prefix: '10.40.1.0/24' }] });
    const st = s.t.storage('stpending', { publicNetworkAccess: 'Disabled', defaultAction: 'Deny' });
    s.t.privateEndpoint('pe-stpending', { subnet: other.subnet('pe'), target: st, groupId: 'blob', status: 'Pending' });
    (s.t.find(s.ws)!.properties as any).storageAccount = st;
    expectNoFindings('AMLNET004', s.t.inventory());
  });

  it('does not apply to a workspace without an Approved private endpoint', () => {
    const s = privateWorkspace();
    (s.t.find(s.ws)!.properties as any).privateEndpointConnections[0].properties.privateLinkServiceConnectionState.status = 'Rejected';
    const other = s.t.vnet('vnet-data2', { addressPrefixes: ['10.50.0.0/16'], subnets: [{ name: 'pe', prefix: '10.50.1.0/24' }] });
    const st = s.t.storage('stdata2', { publicNetworkAccess: 'Disabled', defaultAction: 'Deny' });
    s.t.privateEndpoint('pe-stdata2', { subnet: other.subnet('pe'), target: st, groupId: 'blob' });
    (s.t.find(s.ws)!.properties as any).storageAccount = st;
    expectNoFindings('AMLNET004', s.t.inventory());
  });
});
