import { defineRule, type FindingInput } from '../types';
import { LEARN } from '../helpers';
import { lowerToken } from '../../model/ids';

export default defineRule({
  meta: {
    id: 'AMLNET009',
    name: 'public-access-storage-client-ips',
    severity: 'low',
    category: 'workspace',
    summary: "A private-endpoint workspace opened to the public needs its clients' IPs in the storage firewall.",
    rationale:
      'Microsoft Learn ("Secure Azure Machine Learning workspace resources using virtual networks", Optional: Enable public access): after securing ' +
      'the workspace with a private endpoint, to let clients develop remotely with the SDK or studio, "Enable public access to the workspace" and ' +
      '"Configure the Azure Storage firewall to allow communication with the IP address of clients that connect over the public internet." Without ' +
      'those IP rules, internet clients reach the workspace but not its data.',
    remediation: {
      text:
        "Add the public IP addresses or ranges of the clients that use the workspace over the internet to the storage account's firewall " +
        '(with public network access set to "enabled from selected networks"), or have them connect through the VNet instead.',
      azCli:
        'az storage account update -g <rg> -n <storage> --public-network-access Enabled --default-action Deny\n' +
        'az storage account network-rule add -g <rg> --account-name <storage> --ip-address <client-public-ip-or-range>',
      bicep:
        "resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  // ...\n  properties: {\n    publicNetworkAccess: 'Enabled'\n" +
        "    networkAcls: {\n      defaultAction: 'Deny'\n      bypass: 'AzureServices'\n      ipRules: [ { value: '203.0.113.0/24', action: 'Allow' } ]\n    }\n  }\n}",
    },
    links: [LEARN + 'how-to-secure-workspace-vnet', 'https://learn.microsoft.com/azure/storage/common/storage-network-security'],
    requires: ['workspaces', 'storageAccounts', 'privateEndpoints'],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      if (!model.hasApprovedPrivateEndpoint(ws) || !model.isPublicAccessEnabled(ws)) continue;
      const storage = model.storageAccount(ws.storageAccountId);
      if (!storage || !model.isRestricted(storage)) continue;
      const acls = storage.networkAcls;
      if (!acls || acls.ipRules.length > 0) continue; // no firewall in the payload: unknown, not bad
      const disabled = lowerToken(storage.publicNetworkAccess ?? '') === 'disabled';
      findings.push({
        resourceId: ws.id,
        workspaceId: ws.id,
        relatedResourceIds: [storage.id],
        message:
          `Workspace ${ws.name} has a private endpoint and public access enabled, but its default storage account ${storage.name} is restricted ` +
          `and its firewall has no IP rules: clients on the internet (SDK, studio) reach the workspace but not its data. Add the clients' public IPs ` +
          `to ${storage.name}'s firewall${disabled ? ' (and set its public network access to Enabled from selected networks)' : ''}.`,
        evidence: [
          {
            resourceId: storage.id,
            property: 'properties.networkAcls.ipRules',
            expected: 'the public IP ranges of clients that use the workspace over the internet',
            actual: 'none',
          },
        ],
      });
    }
    return findings;
  },
});
