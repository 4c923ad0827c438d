import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';
import { props, publicWorkspace } from '../support/public-workspace';

/** The seed's "optional: enable public access" setup, half done: workspace public, storage firewall without client IPs. */
function publicPrivateWorkspace() {
  const s = privateWorkspace();
  props(s.t, s.ws).publicNetworkAccess = 'Enabled';
  props(s.t, s.storage).publicNetworkAccess = 'Enabled'; // selected networks: the firewall decides
  return s;
}

describe('AMLNET009 public-access-storage-client-ips', () => {
  it('stays silent on the recommended private setup (public access disabled)', () => {
    expectNoFindings('AMLNET009', privateWorkspace().inventory());
  });

  it('fires when the storage firewall has no IP rules', () => {
    const s = publicPrivateWorkspace();
    expectFindings('AMLNET009', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'low',
        workspaceId: s.ws,
        related: [s.storage],
        message:
          "Workspace ws-private has a private endpoint and public access enabled, but its default storage account stwsprivate is restricted and its firewall has no IP rules: clients on the internet (SDK, studio) reach the workspace but not its data. Add the clients' public IPs to stwsprivate's firewall.",
        evidence: [
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/stwsprivate',
            property: 'properties.networkAcls.ipRules',
            expected: 'the public IP ranges of clients that use the workspace over the internet',
            actual: 'none',
          },
        ],
      },
    ]);
  });

  it('fires on allowPublicAccessWhenBehindVnet, and says to enable selected-network access when storage public access is Disabled', () => {
    const s = privateWorkspace();
    props(s.t, s.ws).publicNetworkAccess = 'Disabled';
    props(s.t, s.ws).allowPublicAccessWhenBehindVnet = true;
    expectFindings('AMLNET009', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'low',
        message:
          "Workspace ws-private has a private endpoint and public access enabled, but its default storage account stwsprivate is restricted and its firewall has no IP rules: clients on the internet (SDK, studio) reach the workspace but not its data. Add the clients' public IPs to stwsprivate's firewall (and set its public network access to Enabled from selected networks).",
        evidence: [
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/stwsprivate',
            property: 'properties.networkAcls.ipRules',
            expected: 'the public IP ranges of clients that use the workspace over the internet',
            actual: 'none',
          },
        ],
      },
    ]);
  });

  it('stays silent when the firewall lists client IPs', () => {
    const s = publicPrivateWorkspace();
    props(s.t, s.storage).networkAcls.ipRules = [{ value: '203.0.113.0/24', action: 'Allow' }];
    expectNoFindings('AMLNET009', s.t.inventory());
  });

  it('stays silent when the storage is open', () => {
    const s = publicPrivateWorkspace();
    props(s.t, s.storage).networkAcls.defaultAction = 'Allow';
    expectNoFindings('AMLNET009', s.t.inventory());
  });

  it('does not apply without an Approved workspace private endpoint', () => {
    const s = publicPrivateWorkspace();
    props(s.t, s.ws).privateEndpointConnections[0].properties.privateLinkServiceConnectionState.status = 'Disconnected';
    expectNoFindings('AMLNET009', s.t.inventory());
  });

  it('does not apply to a public workspace without private endpoints (AMLNET002 covers it)', () => {
    const s = publicWorkspace();
    props(s.t, s.storage).networkAcls.defaultAction = 'Deny';
    expectNoFindings('AMLNET009', s.t.inventory());
  });

  it('treats a storage payload without networkAcls as unknown', () => {
    const s = publicPrivateWorkspace();
    props(s.t, s.storage).publicNetworkAccess = 'Disabled';
    delete props(s.t, s.storage).networkAcls;
    expectNoFindings('AMLNET009', s.t.inventory());
  });
});
