import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';

describe('AMLNET402 custom-dns-records', () => {
  it('stays silent on the recommended setup (Azure DNS)', () => {
    expectNoFindings('AMLNET402', privateWorkspace().inventory());
  });

  it('lists every FQDN and private IP of an endpoint in a VNet with custom DNS servers', () => {
    const s = privateWorkspace();
    (s.vnet.resource.properties as any).dhcpOptions.dnsServers = ['10.0.0.53', '10.0.0.54'];
    const wsPe = s.t.id('Microsoft.Network', 'privateEndpoints', 'pe-ws-private');
    const raw = s.t.find(wsPe)!.properties as any;
    raw.customDnsConfigs = [
      { fqdn: 'abc-123.workspace.westeurope.api.azureml.ms', ipAddresses: ['10.10.1.5'] },
      { fqdn: 'abc-123.workspace.westeurope.cert.api.azureml.ms', ipAddresses: ['10.10.1.5'] },
      { fqdn: 'ml-ws-private-westeurope-abc.notebooks.azure.net', ipAddresses: ['10.10.1.6'] },
    ];
    const findings = expectFindings('AMLNET402', s.t.inventory(), [
      {
        resourceId: wsPe,
        severity: 'info',
        workspaceId: s.ws,
        related: [s.ws, s.vnet.id],
        message:
          'Private endpoint pe-ws-private of the workspace ws-private is in VNet vnet-ws-private, which uses custom DNS servers (10.0.0.53, 10.0.0.54); they need a host record or conditional forwarder for: abc-123.workspace.westeurope.api.azureml.ms -> 10.10.1.5; abc-123.workspace.westeurope.cert.api.azureml.ms -> 10.10.1.5; ml-ws-private-westeurope-abc.notebooks.azure.net -> 10.10.1.6.',
        evidence: [
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/virtualNetworks/vnet-ws-private',
            property: 'properties.dhcpOptions.dnsServers',
            expected: "empty (Azure DNS) or records for the endpoint's FQDNs",
            actual: '10.0.0.53, 10.0.0.54',
          },
        ],
      },
      {
        resourceId: s.t.id('Microsoft.Network', 'privateEndpoints', 'pe-stwsprivate-blob'),
        severity: 'info',
        workspaceId: s.ws,
        related: [s.storage],
        message:
          'Private endpoint pe-stwsprivate-blob of the storage account stwsprivate is in VNet vnet-ws-private, which uses custom DNS servers (10.0.0.53, 10.0.0.54); they need a host record or conditional forwarder for: stwsprivate.blob.example -> 10.0.1.4.',
        evidence: [
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/virtualNetworks/vnet-ws-private',
            property: 'properties.dhcpOptions.dnsServers',
            expected: "empty (Azure DNS) or records for the endpoint's FQDNs",
            actual: '10.0.0.53, 10.0.0.54',
          },
        ],
      },
      {
        resourceId: s.t.id('Microsoft.Network', 'privateEndpoints', 'pe-stwsprivate-file'),
        severity: 'info',
        workspaceId: s.ws,
        message:
          'Private endpoint pe-stwsprivate-file of the storage account stwsprivate is in VNet vnet-ws-private, which uses custom DNS servers (10.0.0.53, 10.0.0.54); they need a host record or conditional forwarder for: stwsprivate.file.example -> 10.0.1.4.',
        evidence: [
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/virtualNetworks/vnet-ws-private',
            property: 'properties.dhcpOptions.dnsServers',
            expected: "empty (Azure DNS) or records for the endpoint's FQDNs",
            actual: '10.0.0.53, 10.0.0.54',
          },
        ],
      },
      {
        resourceId: s.t.id('Microsoft.Network', 'privateEndpoints', 'pe-kv-ws-private'),
        severity: 'info',
        workspaceId: s.ws,
        related: [s.keyVault],
        message:
          'Private endpoint pe-kv-ws-private of the key vault kv-ws-private is in VNet vnet-ws-private, which uses custom DNS servers (10.0.0.53, 10.0.0.54); they need a host record or conditional forwarder for: kv-ws-private.vault.example -> 10.0.1.4.',
        evidence: [
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/virtualNetworks/vnet-ws-private',
            property: 'properties.dhcpOptions.dnsServers',
            expected: "empty (Azure DNS) or records for the endpoint's FQDNs",
            actual: '10.0.0.53, 10.0.0.54',
          },
        ],
      },
      {
        resourceId: s.t.id('Microsoft.Network', 'privateEndpoints', 'pe-acr-ws-private'),
        severity: 'info',
        workspaceId: s.ws,
        related: [s.registry],
        message:
          'Private endpoint pe-acr-ws-private of the container registry acrwsprivate is in VNet vnet-ws-private, which uses custom DNS servers (10.0.0.53, 10.0.0.54); they need a host record or conditional forwarder for: acrwsprivate.registry.example -> 10.0.1.4.',
        evidence: [
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/virtualNetworks/vnet-ws-private',
            property: 'properties.dhcpOptions.dnsServers',
            expected: "empty (Azure DNS) or records for the endpoint's FQDNs",
            actual: '10.0.0.53, 10.0.0.54',
          },
        ],
      },
    ]);
    expect(findings[0].evidence[0]).toMatchObject({ property: 'properties.dhcpOptions.dnsServers', actual: '10.0.0.53, 10.0.0.54' });
  });

  it('fires only for endpoints in the custom-DNS VNet, once per endpoint even when two workspaces share the dependency', () => {
    const s = privateWorkspace();
    const custom = s.t.vnet('vnet-custom', {
      addressPrefixes: ['10.61.0.0/16'],
      dnsServers: ['192.168.0.53'],
      subnets: [{ name: 'pe', prefix: '10.61.1.0/24' }],
    });
    const kvPe = s.t.privateEndpoint('pe-kv-custom', {
      subnet: custom.subnet('pe'),
      target: s.keyVault,
      groupId: 'vault',
      ip: '10.61.1.4',
      fqdns: ['kv-ws-private.vault.azure.net'],
    });
    s.t.workspace('ws-second', { storage: s.storage, keyVault: s.keyVault });
    expectFindings('AMLNET402', s.t.inventory(), [
      {
        resourceId: kvPe,
        severity: 'info',
        message:
          'Private endpoint pe-kv-custom of the key vault kv-ws-private is in VNet vnet-custom, which uses custom DNS servers (192.168.0.53); they need a host record or conditional forwarder for: kv-ws-private.vault.azure.net -> 10.61.1.4.',
        evidence: [
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/virtualNetworks/vnet-custom',
            property: 'properties.dhcpOptions.dnsServers',
            expected: "empty (Azure DNS) or records for the endpoint's FQDNs",
            actual: '192.168.0.53',
          },
        ],
      },
    ]);
  });

  it('ignores Pending endpoints and endpoints of unrelated resources', () => {
    const s = privateWorkspace();
    const custom = s.t.vnet('vnet-custom', {
      addressPrefixes: ['10.61.0.0/16'],
      dnsServers: ['192.168.0.53'],
      subnets: [{ name: 'pe', prefix: '10.61.1.0/24' }],
    });
    s.t.privateEndpoint('pe-acr-pending', { subnet: custom.subnet('pe'), target: s.registry, groupId: 'registry', status: 'Pending' });
    const other = s.t.storage('stunrelated');
    s.t.privateEndpoint('pe-unrelated', { subnet: custom.subnet('pe'), target: other, groupId: 'blob' });
    expectNoFindings('AMLNET402', s.t.inventory());
  });
});
