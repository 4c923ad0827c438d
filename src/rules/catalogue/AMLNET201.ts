import { defineRule, type FindingInput } from '../types';
import { LEARN } from '../helpers';
import { lowerToken } from '../../model/ids';

export default defineRule({
  meta: {
    id: 'AMLNET201',
    name: 'online-endpoint-public-access',
    severity: 'medium',
    category: 'inference',
    summary: 'A managed online endpoint of a workspace with public access disabled must not accept scoring requests from public networks.',
    rationale:
      'concept-secure-online-endpoint: "To prevent public access to an endpoint, set the public_network_access flag for the endpoint to disabled. ' +
      'When this flag is disabled, you can access your endpoint only via the private endpoint of your Azure Machine Learning workspace, and it ' +
      'can\'t be reached from public networks." "Secure Azure Machine Learning workspace resources using virtual networks" lists "Inbound scoring ' +
      'requests" among the traffic that network isolation of managed online endpoints secures. A workspace closed to the internet whose endpoint ' +
      'stays open exposes the model (and whatever the scoring script reaches) to the internet anyway.',
    remediation: {
      text: "Set the online endpoint's publicNetworkAccess to Disabled, so scoring requests come in only through the workspace's private endpoint.",
      azCli: 'az ml online-endpoint update -g <rg> -w <workspace> -n <endpoint> --set public_network_access=disabled',
      bicep:
        "resource endpoint 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-10-01' = {\n  parent: workspace\n  name: 'my-endpoint'\n" +
        "  location: location\n  identity: { type: 'SystemAssigned' }\n  properties: {\n    authMode: 'Key'\n    publicNetworkAccess: 'Disabled'\n  }\n}",
    },
    links: [LEARN + 'concept-secure-online-endpoint', LEARN + 'how-to-secure-online-endpoint'],
    requires: ['workspaces', 'onlineEndpoints'],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      if (model.isPublicAccessEnabled(ws)) continue;
      for (const e of ws.onlineEndpoints) {
        // Absent means unknown (an older API version, a Kubernetes endpoint), not enabled.
        if (lowerToken(e.publicNetworkAccess ?? '') !== 'enabled') continue;
        findings.push({
          resourceId: e.id,
          workspaceId: ws.id,
          relatedResourceIds: [ws.id],
          message:
            `Online endpoint ${e.name} accepts scoring requests from public networks (publicNetworkAccess Enabled) although workspace ${ws.name} ` +
            `has public access disabled. Set the endpoint's publicNetworkAccess to Disabled.`,
          evidence: [
            { resourceId: e.id, property: 'properties.publicNetworkAccess', expected: 'Disabled', actual: e.publicNetworkAccess ?? 'absent' },
            {
              resourceId: ws.id,
              property: 'properties.publicNetworkAccess',
              expected: '(context) Disabled',
              actual: ws.publicNetworkAccess ?? 'absent',
            },
          ],
        });
      }
    }
    return findings;
  },
});
