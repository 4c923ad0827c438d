import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';
import { props, publicWorkspace } from '../support/public-workspace';

describe('AMLNET002 public-workspace-private-resources', () => {
  it('stays silent on the recommended private setup', () => {
    expectNoFindings('AMLNET002', privateWorkspace().inventory());
  });

  it('fires when a private-endpoint workspace has public access Enabled and restricted storage', () => {
    const s = privateWorkspace();
    props(s.t, s.ws).publicNetworkAccess = 'Enabled';
    expectFindings('AMLNET002', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'medium',
        workspaceId: s.ws,
        related: [s.storage],
        message:
          'Workspace ws-private accepts public traffic (publicNetworkAccess is Enabled) while its default storage account stwsprivate is restricted (publicNetworkAccess Disabled, networkAcls.defaultAction Deny): data behind the VNet can be exposed through the public workspace. Disable public access on the workspace, or confirm the configuration with your security team.',
        evidence: [
          {
            resourceId: s.ws,
            property: 'properties.publicNetworkAccess / properties.allowPublicAccessWhenBehindVnet',
            expected: 'Disabled / false',
            actual: 'Enabled / absent',
          },
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/stwsprivate',
            property: 'properties.publicNetworkAccess / properties.networkAcls.defaultAction',
            expected: 'restricted (the reason the workspace should be private too)',
            actual: 'publicNetworkAccess Disabled, networkAcls.defaultAction Deny',
          },
        ],
      },
    ]);
  });

  it('fires on allowPublicAccessWhenBehindVnet', () => {
    const s = privateWorkspace();
    props(s.t, s.ws).allowPublicAccessWhenBehindVnet = true;
    expectFindings('AMLNET002', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'medium',
        message:
          'Workspace ws-private accepts public traffic (allowPublicAccessWhenBehindVnet is true) while its default storage account stwsprivate is restricted (publicNetworkAccess Disabled, networkAcls.defaultAction Deny): data behind the VNet can be exposed through the public workspace. Disable public access on the workspace, or confirm the configuration with your security team.',
        evidence: [
          {
            resourceId: s.ws,
            property: 'properties.publicNetworkAccess / properties.allowPublicAccessWhenBehindVnet',
            expected: 'Disabled / false',
            actual: 'Disabled / true',
          },
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/stwsprivate',
            property: 'properties.publicNetworkAccess / properties.networkAcls.defaultAction',
            expected: 'restricted (the reason the workspace should be private too)',
            actual: 'publicNetworkAccess Disabled, networkAcls.defaultAction Deny',
          },
        ],
      },
    ]);
  });

  it('fires on a workspace without publicNetworkAccess and without private endpoints whose storage has a firewall', () => {
    const s = publicWorkspace({ publicNetworkAccess: null });
    props(s.t, s.storage).networkAcls.defaultAction = 'Deny';
    expectFindings('AMLNET002', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'medium',
        message:
          'Workspace ws-public accepts public traffic (publicNetworkAccess is absent and it has no private endpoint) while its default storage account stwspublic is restricted (publicNetworkAccess Enabled, networkAcls.defaultAction Deny): data behind the VNet can be exposed through the public workspace. Disable public access on the workspace, or confirm the configuration with your security team.',
        evidence: [
          {
            resourceId: s.ws,
            property: 'properties.publicNetworkAccess / properties.allowPublicAccessWhenBehindVnet',
            expected: 'Disabled / false',
            actual: 'absent / absent',
          },
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-public/providers/Microsoft.Storage/storageAccounts/stwspublic',
            property: 'properties.publicNetworkAccess / properties.networkAcls.defaultAction',
            expected: 'restricted (the reason the workspace should be private too)',
            actual: 'publicNetworkAccess Enabled, networkAcls.defaultAction Deny',
          },
        ],
      },
    ]);
  });

  it('fires on storage SecuredByPerimeter', () => {
    const s = publicWorkspace();
    props(s.t, s.storage).publicNetworkAccess = 'SecuredByPerimeter';
    expectFindings('AMLNET002', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'medium',
        message:
          'Workspace ws-public accepts public traffic (publicNetworkAccess is Enabled) while its default storage account stwspublic is restricted (publicNetworkAccess SecuredByPerimeter, networkAcls.defaultAction Allow): data behind the VNet can be exposed through the public workspace. Disable public access on the workspace, or confirm the configuration with your security team.',
        evidence: [
          {
            resourceId: s.ws,
            property: 'properties.publicNetworkAccess / properties.allowPublicAccessWhenBehindVnet',
            expected: 'Disabled / false',
            actual: 'Enabled / absent',
          },
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-public/providers/Microsoft.Storage/storageAccounts/stwspublic',
            property: 'properties.publicNetworkAccess / properties.networkAcls.defaultAction',
            expected: 'restricted (the reason the workspace should be private too)',
            actual: 'publicNetworkAccess SecuredByPerimeter, networkAcls.defaultAction Allow',
          },
        ],
      },
    ]);
  });

  it('stays silent when the storage is open, even if the key vault is restricted', () => {
    const s = publicWorkspace();
    props(s.t, s.keyVault).networkAcls.defaultAction = 'Deny';
    expectNoFindings('AMLNET002', s.t.inventory());
  });

  it('stays silent when publicNetworkAccess is absent on a workspace that has private endpoints (treated as disabled)', () => {
    const s = privateWorkspace();
    delete props(s.t, s.ws).publicNetworkAccess;
    expectNoFindings('AMLNET002', s.t.inventory());
  });

  it('resolves the storage id in other casing', () => {
    const s = privateWorkspace();
    props(s.t, s.ws).publicNetworkAccess = 'enabled';
    props(s.t, s.ws).storageAccount = s.storage.toLowerCase();
    expectFindings('AMLNET002', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'medium',
        message:
          'Workspace ws-private accepts public traffic (publicNetworkAccess is Enabled) while its default storage account stwsprivate is restricted (publicNetworkAccess Disabled, networkAcls.defaultAction Deny): data behind the VNet can be exposed through the public workspace. Disable public access on the workspace, or confirm the configuration with your security team.',
        evidence: [
          {
            resourceId: s.ws,
            property: 'properties.publicNetworkAccess / properties.allowPublicAccessWhenBehindVnet',
            expected: 'Disabled / false',
            actual: 'enabled / absent',
          },
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/stwsprivate',
            property: 'properties.publicNetworkAccess / properties.networkAcls.defaultAction',
            expected: 'restricted (the reason the workspace should be private too)',
            actual: 'publicNetworkAccess Disabled, networkAcls.defaultAction Deny',
          },
        ],
      },
    ]);
  });
});
