import { azureMachineLearningInbound, describeRule, evaluateSubnetNsg } from '../../model/nsg';
import { defineRule, type FindingInput } from '../types';
import { LEARN, isTrainingCompute, short } from '../helpers';

export default defineRule({
  meta: {
    id: 'AMLNET105',
    name: 'compute-public-ip-inbound',
    severity: 'high',
    category: 'compute',
    summary: "A compute with a public IP needs its subnet's NSG to allow inbound TCP 44224 from the AzureMachineLearning service tag.",
    rationale:
      'Microsoft Learn ("Secure Azure Machine Learning workspace resources using virtual networks"): "If your compute cluster or compute instance ' +
      'uses a public IP address, you must Allow inbound communication so that management services can submit jobs to your compute resources." ' +
      'how-to-secure-training-vnet names that traffic: inbound TCP 44224 from the AzureMachineLearning service tag. The NSG is evaluated as Azure ' +
      'does: custom and default rules by priority, first match wins, so a deny with a lower priority number than the allow (or no allow before ' +
      'DenyAllInBound) blocks job submission. The BatchNodeManagement ports 29876-29877 of older docs are no longer required and are not checked.',
    remediation: {
      text:
        'Add an inbound NSG rule on the compute subnet allowing TCP 44224 from the AzureMachineLearning service tag, with a lower priority number ' +
        'than any rule that denies that traffic, or recreate the compute without a public IP (no inbound rule needed).',
      azCli:
        'az network nsg rule create -g <rg> --nsg-name <nsg> -n AllowAzureMLInbound --priority 100 --direction Inbound --access Allow \\\n' +
        '  --protocol Tcp --source-address-prefixes AzureMachineLearning --source-port-ranges "*" \\\n' +
        '  --destination-address-prefixes VirtualNetwork --destination-port-ranges 44224',
      bicep:
        "resource allowAml 'Microsoft.Network/networkSecurityGroups/securityRules@2024-05-01' = {\n  parent: computeNsg\n  name: 'AllowAzureMLInbound'\n" +
        "  properties: {\n    priority: 100\n    direction: 'Inbound'\n    access: 'Allow'\n    protocol: 'Tcp'\n" +
        "    sourceAddressPrefix: 'AzureMachineLearning'\n    sourcePortRange: '*'\n    destinationAddressPrefix: 'VirtualNetwork'\n    destinationPortRange: '44224'\n  }\n}",
    },
    links: [LEARN + 'how-to-secure-training-vnet', 'https://learn.microsoft.com/azure/virtual-network/network-security-group-how-it-works'],
    requires: ['workspaces', 'computes', 'virtualNetworks', 'networkSecurityGroups'],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      for (const c of ws.computes) {
        if (!isTrainingCompute(c.computeType) || c.publicIp !== 'public' || !c.subnetId) continue;
        const subnet = model.subnet(c.subnetId);
        if (!subnet) continue; // the VNet is not visible: unknown
        const decision = evaluateSubnetNsg(model, subnet, azureMachineLearningInbound(c.location ?? ws.location));
        if (!decision || decision.access === 'Allow' || !decision.nsgId) continue;
        findings.push({
          resourceId: c.id,
          workspaceId: ws.id,
          relatedResourceIds: [subnet.id, decision.nsgId],
          message:
            `${c.computeType} ${c.name} has a public IP, and NSG ${short(decision.nsgId)} on subnet ${subnet.name} denies inbound TCP 44224 from ` +
            `AzureMachineLearning through rule ${describeRule(decision.rule)}. Allow that traffic with a lower priority number, or recreate the compute without a public IP.`,
          evidence: [
            {
              resourceId: decision.nsgId,
              property: 'securityRules / defaultSecurityRules (first match for inbound TCP 44224 from AzureMachineLearning)',
              expected: 'Allow',
              actual: `Deny by ${describeRule(decision.rule)}`,
            },
          ],
        });
      }
    }
    return findings;
  },
});
