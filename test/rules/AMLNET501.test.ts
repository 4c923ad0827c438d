import { TenantBuilder } from '../../src/fixtures/builder';
import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace, SUB } from '../support/scenarios';

function managed(isolationMode = 'AllowOnlyApprovedOutbound') {
  const t = new TenantBuilder({ subscriptionId: SUB });
  const vnet = t.vnet('vnet-customer', { subnets: [{ name: 'compute', prefix: '10.0.1.0/24' }] });
  const storage = t.storage('stmanaged', { publicNetworkAccess: 'Disabled', defaultAction: 'Deny' });
  const keyVault = t.keyVault('kv-managed', { publicNetworkAccess: 'Disabled', defaultAction: 'Deny' });
  const ws = t.workspace('ws-managed', { storage, keyVault, publicNetworkAccess: 'Disabled', isolationMode });
  return { t, ws, vnet, subnet: vnet.subnet('compute') };
}

describe('AMLNET501 managed-vnet-customer-compute', () => {
  it('stays silent on managed compute without a subnet', () => {
    const s = managed();
    s.t.compute(s.ws, 'cpu-cluster', { type: 'AmlCompute', enableNodePublicIp: false });
    s.t.compute(s.ws, 'ci-1', { type: 'ComputeInstance' });
    expectNoFindings('AMLNET501', s.t.inventory());
  });

  it('fires on a compute instance and a cluster left in a customer subnet', () => {
    const s = managed();
    const cluster = s.t.compute(s.ws, 'cpu-cluster', { type: 'AmlCompute', subnet: s.subnet });
    const instance = s.t.compute(s.ws, 'ci-1', { type: 'ComputeInstance', subnet: s.subnet });
    expectFindings('AMLNET501', s.t.inventory(), [
      {
        resourceId: cluster,
        severity: 'high',
        workspaceId: s.ws,
        related: [s.subnet, s.vnet.id],
        message:
          'Compute cpu-cluster of managed-VNet workspace ws-managed (AllowOnlyApprovedOutbound) is in customer subnet compute of VNet vnet-customer instead of the managed VNet. Recreate it without a subnet so it runs in the managed VNet.',
        evidence: [
          {
            resourceId: cluster,
            property: 'properties.properties.subnet.id',
            expected: 'absent (the managed VNet)',
            actual:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg-ml/providers/microsoft.network/virtualnetworks/vnet-customer/subnets/compute',
          },
        ],
      },
      {
        resourceId: instance,
        severity: 'high',
        workspaceId: s.ws,
        message:
          'Compute ci-1 of managed-VNet workspace ws-managed (AllowOnlyApprovedOutbound) is in customer subnet compute of VNet vnet-customer instead of the managed VNet. Recreate it without a subnet so it runs in the managed VNet.',
        evidence: [
          {
            resourceId: instance,
            property: 'properties.properties.subnet.id',
            expected: 'absent (the managed VNet)',
            actual:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg-ml/providers/microsoft.network/virtualnetworks/vnet-customer/subnets/compute',
          },
        ],
      },
    ]);
  });

  it('fires on Kubernetes, AKS and attached VM computes, with or without a subnet', () => {
    const s = managed('AllowInternetOutbound');
    const aks = s.t.aks('aks-1', {});
    const k8s = s.t.compute(s.ws, 'k8s', { type: 'Kubernetes', resourceId: aks });
    const v1 = s.t.compute(s.ws, 'aks-v1', { type: 'AKS', resourceId: aks });
    const vm = s.t.compute(s.ws, 'dsvm', { type: 'VirtualMachine', resourceId: s.t.id('Microsoft.Compute', 'virtualMachines', 'dsvm') });
    expectFindings('AMLNET501', s.t.inventory(), [
      {
        resourceId: k8s,
        severity: 'high',
        related: [aks],
        message:
          'Compute k8s of managed-VNet workspace ws-managed (AllowInternetOutbound) is a Kubernetes compute, which a managed VNet does not support. Move the workload to managed compute or a managed online endpoint.',
        evidence: [
          {
            resourceId: k8s,
            property: 'properties.computeType',
            expected: 'ComputeInstance, AmlCompute or serverless (managed compute)',
            actual: 'Kubernetes',
          },
        ],
      },
      {
        resourceId: v1,
        severity: 'high',
        message:
          'Compute aks-v1 of managed-VNet workspace ws-managed (AllowInternetOutbound) is a AKS compute, which a managed VNet does not support. Move the workload to managed compute or a managed online endpoint.',
        evidence: [
          {
            resourceId: v1,
            property: 'properties.computeType',
            expected: 'ComputeInstance, AmlCompute or serverless (managed compute)',
            actual: 'AKS',
          },
        ],
      },
      {
        resourceId: vm,
        severity: 'high',
        message:
          'Compute dsvm of managed-VNet workspace ws-managed (AllowInternetOutbound) is a VirtualMachine compute, which a managed VNet does not support. Move the workload to managed compute or a managed online endpoint.',
        evidence: [
          {
            resourceId: vm,
            property: 'properties.computeType',
            expected: 'ComputeInstance, AmlCompute or serverless (managed compute)',
            actual: 'VirtualMachine',
          },
        ],
      },
    ]);
  });

  it('does not apply to a customer-VNet workspace', () => {
    const s = privateWorkspace();
    s.t.compute(s.ws, 'dsvm', { type: 'VirtualMachine' });
    expectNoFindings('AMLNET501', s.t.inventory());
  });

  it('does not apply when isolationMode is Disabled', () => {
    const s = managed('Disabled');
    s.t.compute(s.ws, 'cpu-cluster', { type: 'AmlCompute', subnet: s.subnet });
    expectNoFindings('AMLNET501', s.t.inventory());
  });
});
