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
      { resourceId: s.ws, severity: 'medium', workspaceId: s.ws, messageIncludes: ['publicNetworkAccess is Enabled', 'stwsprivate'], related: [s.storage] },
    ]);
  });

  it('fires on allowPublicAccessWhenBehindVnet', () => {
    const s = privateWorkspace();
    props(s.t, s.ws).allowPublicAccessWhenBehindVnet = true;
    expectFindings('AMLNET002', s.t.inventory(), [{ resourceId: s.ws, severity: 'medium', messageIncludes: ['allowPublicAccessWhenBehindVnet'] }]);
  });

  it('fires on a workspace without publicNetworkAccess and without private endpoints whose storage has a firewall', () => {
    const s = publicWorkspace({ publicNetworkAccess: null });
    props(s.t, s.storage).networkAcls.defaultAction = 'Deny';
    expectFindings('AMLNET002', s.t.inventory(), [{ resourceId: s.ws, severity: 'medium', messageIncludes: ['absent'] }]);
  });

  it('fires on storage SecuredByPerimeter', () => {
    const s = publicWorkspace();
    props(s.t, s.storage).publicNetworkAccess = 'SecuredByPerimeter';
    expectFindings('AMLNET002', s.t.inventory(), [{ resourceId: s.ws, severity: 'medium' }]);
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
    expectFindings('AMLNET002', s.t.inventory(), [{ resourceId: s.ws, severity: 'medium' }]);
  });
});
