import { ruleTester } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';

/** The private workspace with its default storage account replaced by `st`. */
function withStorage(make: (s: ReturnType<typeof privateWorkspace>) => string) {
  const s = privateWorkspace();
  const st = make(s);
  (s.t.find(s.ws)!.properties as any).storageAccount = st;
  return { ...s, st };
}

const message = (storage: string, through: string) =>
  `Workspace ws-private's private endpoints are in VNet vnet-ws-private, but its default storage account ${storage} is reachable only through ${through}. ` +
  'Add a private endpoint (blob and file) or a VNet rule for a subnet of vnet-ws-private.';

ruleTester('AMLNET004', {
  valid: [
    { name: 'the recommended setup', inventory: () => privateWorkspace().inventory() },
    {
      name: 'another subnet of the same VNet',
      inventory: () => withStorage((s) => s.t.storage('stsamevnet', { defaultAction: 'Deny', vnetRules: [s.computeSubnet] })).t.inventory(),
    },
    {
      name: 'ids compared case-insensitively',
      inventory: () =>
        withStorage((s) =>
          s.t
            .storage('stcasing', { defaultAction: 'Deny', vnetRules: [s.computeSubnet.toLowerCase()] })
            .toUpperCase()
            .replace('/SUBSCRIPTIONS/', '/subscriptions/'),
        ).t.inventory(),
    },
    {
      name: 'a pending storage endpoint in another VNet, when nothing else reaches the storage',
      inventory: () =>
        withStorage((s) => {
          const other = s.t.vnet('vnet-pending', { addressPrefixes: ['10.40.0.0/16'], subnets: [{ name: 'pe', prefix: '10.40.1.0/24' }] });
          const st = s.t.storage('stpending', { publicNetworkAccess: 'Disabled', defaultAction: 'Deny' });
          s.t.privateEndpoint('pe-stpending', { subnet: other.subnet('pe'), target: st, groupId: 'blob', status: 'Pending' });
          return st;
        }).t.inventory(),
    },
    {
      name: 'a workspace without an Approved private endpoint (the rule does not apply)',
      inventory: () => {
        const s = withStorage((s) => {
          const other = s.t.vnet('vnet-data2', { addressPrefixes: ['10.50.0.0/16'], subnets: [{ name: 'pe', prefix: '10.50.1.0/24' }] });
          const st = s.t.storage('stdata2', { publicNetworkAccess: 'Disabled', defaultAction: 'Deny' });
          s.t.privateEndpoint('pe-stdata2', { subnet: other.subnet('pe'), target: st, groupId: 'blob' });
          return st;
        });
        (s.t.find(s.ws)!.properties as any).privateEndpointConnections[0].properties.privateLinkServiceConnectionState.status = 'Rejected';
        return s.t.inventory();
      },
    },
  ],
  invalid: [
    {
      name: 'the storage account is reachable only from another VNet, through a private endpoint',
      run: () => {
        let vnet = '';
        const s = withStorage((s) => {
          const other = s.t.vnet('vnet-data', { addressPrefixes: ['10.20.0.0/16'], subnets: [{ name: 'snet-pe', prefix: '10.20.1.0/24' }] });
          const st = s.t.storage('stdataonly', { publicNetworkAccess: 'Disabled', defaultAction: 'Deny' });
          s.t.privateEndpoint('pe-stdataonly-blob', { subnet: other.subnet('snet-pe'), target: st, groupId: 'blob' });
          vnet = other.id;
          return st;
        });
        return {
          inventory: s.t.inventory(),
          findings: [
            {
              resourceId: s.ws,
              severity: 'high',
              workspaceId: s.ws,
              related: [s.st, vnet],
              message: message('stdataonly', 'private endpoint pe-stdataonly-blob in VNet vnet-data'),
              evidence: [
                {
                  resourceId: s.st,
                  property: 'private endpoints / networkAcls.virtualNetworkRules',
                  expected: 'a VNet among vnet-ws-private',
                  actual: 'vnet-data',
                },
              ],
            },
          ],
        };
      },
    },
    {
      name: 'the storage account is reachable only through a VNet rule for another VNet',
      run: () => {
        const s = withStorage((s) => {
          const other = s.t.vnet('vnet-other', {
            addressPrefixes: ['10.30.0.0/16'],
            subnets: [{ name: 'apps', prefix: '10.30.1.0/24', serviceEndpoints: ['Microsoft.Storage'] }],
          });
          return s.t.storage('stviarule', { defaultAction: 'Deny', vnetRules: [other.subnet('apps')] });
        });
        return {
          inventory: s.t.inventory(),
          findings: [
            {
              resourceId: s.ws,
              severity: 'high',
              workspaceId: s.ws,
              message: message('stviarule', 'VNet rule for subnet apps in VNet vnet-other'),
              evidence: [
                {
                  resourceId: s.st,
                  property: 'private endpoints / networkAcls.virtualNetworkRules',
                  expected: 'a VNet among vnet-ws-private',
                  actual: 'vnet-other',
                },
              ],
            },
          ],
        };
      },
    },
  ],
});
