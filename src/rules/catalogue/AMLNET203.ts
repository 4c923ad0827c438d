import type { Dependency, Workspace } from '../../model/types';
import type { Model } from '../../model/model';
import { lowerToken, vnetOfSubnet } from '../../model/ids';
import { defineRule, type FindingInput } from '../types';
import { DEPENDENCY_LABEL, LEARN, list, short } from '../helpers';

/** The VNets where a resource has an endpoint AKS can use: Approved private endpoints, plus VNet rules (service endpoints) for storage and key vault. */
function endpointVnets(model: Model, target: Workspace | Dependency): Set<string> {
  if (!('dependencyKind' in target)) return new Set(model.vnetsOfWorkspace(target));
  const out = new Set<string>();
  for (const r of model.vnetsReachingDependency(target)) {
    if (r.via === 'vnetRule' && target.dependencyKind === 'containerRegistry') continue; // registry: private endpoint only
    out.add(r.vnetId);
  }
  return out;
}

export default defineRule({
  meta: {
    id: 'AMLNET203',
    name: 'aks-dependency-endpoints',
    severity: 'high',
    severities: [
      { severity: 'high', when: "no endpoint for the dependency in the cluster's VNet or a VNet peered with it" },
      { severity: 'medium', when: "the endpoint is only in a VNet peered with the cluster's VNet" },
    ],
    category: 'inference',
    summary: 'An AKS cluster in a VNet needs private or service endpoints for the workspace and its dependencies in that VNet.',
    rationale:
      'Microsoft Learn ("Secure Azure Machine Learning workspace resources using virtual networks", v1 inferencing): "Regardless default AKS ' +
      'cluster or private AKS cluster used, if your AKS cluster is behind of VNET, your workspace and its associate resources (storage, key vault, ' +
      'and ACR) must have private endpoints or service endpoints in the same VNET as the AKS cluster." Without them, model deployment and scoring ' +
      'fail to pull images, read models or talk to the workspace.',
    remediation: {
      text:
        "Create private endpoints for the workspace, storage, key vault and container registry in the AKS cluster's VNet " +
        '(or service endpoints for storage and key vault), with their private DNS zones linked to that VNet.',
      azCli:
        'az network private-endpoint create -g <rg> -n <dep>-pe --vnet-name <aks-vnet> --subnet <subnet> \\\n' +
        '  --private-connection-resource-id <dependency-id> --group-id <amlworkspace|blob|vault|registry> --connection-name <dep>',
      bicep:
        "resource pe 'Microsoft.Network/privateEndpoints@2024-05-01' = {\n  name: '${depName}-aks-pe'\n  location: location\n" +
        '  properties: {\n    subnet: { id: aksVnetSubnetId }\n    privateLinkServiceConnections: [ { name: depName, properties: { privateLinkServiceId: dependencyId, groupIds: [ groupId ] } } ]\n  }\n}',
    },
    links: [LEARN + 'how-to-secure-inferencing-vnet', LEARN + 'how-to-network-security-overview'],
    requires: [
      'workspaces',
      'computes',
      'managedClusters',
      'privateEndpoints',
      'storageAccounts',
      'keyVaults',
      'containerRegistries',
      'virtualNetworks',
    ],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      const targets: (Workspace | Dependency)[] = [ws, ...model.dependenciesOf(ws)];
      let haves: Set<string>[] | undefined; // each target's endpoint VNets, once per workspace that attaches a cluster
      for (const c of ws.computes) {
        const type = lowerToken(c.computeType);
        if ((type !== 'aks' && type !== 'kubernetes') || !c.clusterResourceId) continue;
        const cluster = model.managedCluster(c.clusterResourceId);
        if (!cluster) continue;
        const clusterVnets = [...new Set(cluster.subnetIds.map(vnetOfSubnet).filter((v): v is string => !!v))];
        if (clusterVnets.length === 0) continue;
        haves ??= targets.map((t) => endpointVnets(model, t));
        for (const [i, target] of targets.entries()) {
          const have = haves[i];
          const label = 'dependencyKind' in target ? `${DEPENDENCY_LABEL[target.dependencyKind]} ${target.name}` : `workspace ${target.name}`;
          let worst: 'high' | 'medium' | undefined;
          const peeredVia: string[] = [];
          for (const v of clusterVnets) {
            if (have.has(v)) continue;
            const peered = [...have].filter((h) => model.arePeered(v, h));
            if (peered.length > 0) {
              peeredVia.push(...peered);
              worst = worst ?? 'medium';
            } else worst = 'high';
          }
          if (!worst) continue;
          findings.push({
            resourceId: c.id,
            workspaceId: ws.id,
            severity: worst,
            relatedResourceIds: [target.id, cluster.id, ...clusterVnets, ...peeredVia],
            message:
              worst === 'high'
                ? `AKS compute ${c.name} runs in VNet ${list(clusterVnets)}, where the ${label} has no ${'dependencyKind' in target && target.dependencyKind !== 'containerRegistry' ? 'private or service endpoint' : 'private endpoint'}. Add one in ${list(clusterVnets)}.`
                : `AKS compute ${c.name} runs in VNet ${list(clusterVnets)}; the ${label} has endpoints only in the peered VNet ${list(peeredVia)}. Add one in ${short(clusterVnets[0])} (the docs expect the same VNet).`,
            evidence: [
              {
                resourceId: target.id,
                property: 'private endpoints / VNet rules',
                expected: `an endpoint in ${list(clusterVnets)}`,
                actual: have.size ? `endpoints in ${list(have)}` : 'none',
              },
            ],
          });
        }
      }
    }
    return findings;
  },
});
