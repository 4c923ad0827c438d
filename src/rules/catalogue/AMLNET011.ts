import type { Dependency } from '../../model/types';
import { defineRule, type FindingInput } from '../types';
import { DEPENDENCY_LABEL, LEARN } from '../helpers';
import { describeAccess } from '../access';
import { lowerToken } from '../../model/ids';

export default defineRule({
  meta: {
    id: 'AMLNET011',
    name: 'image-build-compute',
    severity: 'high',
    category: 'workspace',
    summary: 'With a restricted container registry or storage account, the workspace needs a compute cluster for image builds.',
    rationale:
      'how-to-secure-workspace-vnet: "By default, Azure Machine Learning will try to use a serverless compute to build the image. This works only ' +
      'when the workspace-dependent resources such as Storage Account or Container Registry are not under any network restriction (private ' +
      'endpoints). If your workspace-dependent resources are network restricted, use an image-build-compute instead." The image-build compute ' +
      'is "an Azure Machine Learning CPU SKU compute cluster in the same VNet as your workspace-dependent resources". Without it, environment ' +
      'image builds fail, and with them training jobs and deployments that need a custom environment.',
    remediation: {
      text:
        "Create a CPU compute cluster in the VNet of the workspace's dependencies (with outbound internet access for package repositories) " +
        "and set it as the workspace's image-build compute.",
      azCli:
        'az ml compute create -g <rg> -w <workspace> -n image-builder --type AmlCompute --size Standard_DS3_v2 --min-instances 0 --max-instances 2 \\\n' +
        '  --vnet-name <vnet> --subnet <subnet>\n' +
        'az ml workspace update -g <rg> -n <workspace> --image-build-compute image-builder',
      bicep:
        "resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {\n  name: workspaceName\n  location: location\n" +
        "  properties: {\n    // ...\n    imageBuildCompute: 'image-builder' // an AmlCompute cluster of this workspace\n  }\n}",
    },
    links: [LEARN + 'how-to-secure-workspace-vnet', LEARN + 'how-to-create-attach-compute-cluster'],
    requires: ['workspaces', 'computes', 'storageAccounts', 'containerRegistries'],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      const restricted = [model.dependency(ws.containerRegistryId), model.storageAccount(ws.storageAccountId)].filter(
        (d): d is Dependency => !!d && model.isRestricted(d),
      );
      if (restricted.length === 0) continue;
      const named = ws.imageBuildCompute?.trim();
      // ARM compute names are case-insensitive.
      const compute = named ? ws.computes.find((c) => lowerToken(c.name) === lowerToken(named)) : undefined;
      if (compute && lowerToken(compute.computeType) === 'amlcompute') continue;
      const problem = !named
        ? 'imageBuildCompute is not set, so images are built on serverless compute'
        : compute
          ? `imageBuildCompute names ${compute.name}, a ${compute.computeType}, not a compute cluster (AmlCompute)`
          : `imageBuildCompute names ${named}, which is not a compute of the workspace`;
      const why = restricted.map((d) => `${DEPENDENCY_LABEL[d.dependencyKind]} ${d.name} (${describeAccess(d)})`).join(' and ');
      findings.push({
        resourceId: ws.id,
        workspaceId: ws.id,
        relatedResourceIds: [...restricted.map((d) => d.id), ...(compute ? [compute.id] : [])],
        message:
          `Workspace ${ws.name}: ${problem}, but its ${why} ${restricted.length > 1 ? 'are' : 'is'} network restricted, so image builds fail. ` +
          'Set imageBuildCompute to a CPU compute cluster in the VNet of those resources.',
        evidence: [
          {
            resourceId: ws.id,
            property: 'properties.imageBuildCompute',
            expected: `the name of an AmlCompute cluster of the workspace${
              ws.computes.some((c) => lowerToken(c.computeType) === 'amlcompute')
                ? ` (${ws.computes
                    .filter((c) => lowerToken(c.computeType) === 'amlcompute')
                    .map((c) => c.name)
                    .join(', ')})`
                : ''
            }`,
            actual: named ?? 'absent or empty',
          },
        ],
      });
    }
    return findings;
  },
});
