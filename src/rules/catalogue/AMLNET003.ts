import type { Evidence, FindingInput } from '../types';
import { defineRule } from '../types';
import { LEARN, list } from '../helpers';
import { lowerToken } from '../../model/ids';

const APPROVED = 'approved';

export default defineRule({
  meta: {
    id: 'AMLNET003',
    name: 'workspace-private-endpoint-not-approved',
    severity: 'high',
    category: 'workspace',
    summary: 'The workspace has private endpoint connections but none of them is Approved.',
    rationale:
      'how-to-configure-private-link: a private endpoint connects the VNet to the workspace only once its connection is approved; a Pending, ' +
      'Rejected or Disconnected connection carries no traffic. The secured scenario of "Secure Azure Machine Learning workspace resources using ' +
      'virtual networks" rests on it: "Create a private endpoint for your workspace. The private endpoint connects the workspace to the vnet ' +
      'through several private IP addresses." With no Approved connection, clients in the VNet cannot reach a workspace whose public access is ' +
      'disabled, and a workspace meant to be private is reachable only in the ways nobody intended.',
    remediation: {
      text:
        'Approve the intended private endpoint connection on the workspace (Networking > Private endpoint connections), or delete the ' +
        "rejected or disconnected endpoint and create a new one in the workspace's VNet.",
      azCli:
        'az rest --method put \\\n  --url "https://management.azure.com/<workspace-id>/privateEndpointConnections/<connection-name>?api-version=2024-10-01" \\\n' +
        '  --body \'{"properties":{"privateLinkServiceConnectionState":{"status":"Approved","description":"Approved by the workspace owner"}}}\'',
      bicep:
        "resource approval 'Microsoft.MachineLearningServices/workspaces/privateEndpointConnections@2024-10-01' = {\n  parent: workspace\n" +
        "  name: connectionName\n  location: location\n  properties: {\n    privateLinkServiceConnectionState: { status: 'Approved', description: 'Approved by the workspace owner' }\n  }\n}",
    },
    links: [LEARN + 'how-to-configure-private-link', 'https://learn.microsoft.com/azure/private-link/manage-private-endpoint'],
    policies: [{ name: 'Azure Machine Learning workspaces should use private link', id: '40cec1dd-a100-4920-b15b-3024fe8901ab' }],
    requires: ['workspaces', 'privateEndpoints'],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      const connections = model.privateEndpointConnectionsOf(ws);
      if (connections.length === 0) continue;
      // A connection without a status is unknown, not unapproved.
      if (connections.some((c) => c.status === undefined || lowerToken(c.status) === APPROVED)) continue;
      if (model.hasApprovedPrivateEndpoint(ws)) continue;
      const endpoints = connections.map((c) => c.endpointId).filter((x): x is string => !!x);
      const states = connections.map((c) => `${c.endpointId ? list([c.endpointId]) : '(unnamed endpoint)'}: ${c.status}`);
      const evidence: Evidence[] = connections.map((c, i) => ({
        resourceId: ws.id,
        property: `properties.privateEndpointConnections[${i}].properties.privateLinkServiceConnectionState.status`,
        expected: 'Approved',
        actual: c.status as string,
      }));
      findings.push({
        resourceId: ws.id,
        workspaceId: ws.id,
        relatedResourceIds: endpoints,
        message:
          `Workspace ${ws.name} has ${connections.length} private endpoint connection(s) and none is Approved (${states.join('; ')}): ` +
          'no private endpoint carries traffic to it. Approve the intended connection or recreate the endpoint.',
        evidence,
      });
    }
    return findings;
  },
});
