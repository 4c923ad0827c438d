import { TenantBuilder } from '../../src/fixtures/builder';
import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { SUB } from '../support/scenarios';

type Rules = Record<string, { type: string; category?: string; status?: string; destination?: unknown }>;

function managed(
  opts: { isolationMode?: string; registry?: boolean; rules?: (ids: { storage: string; keyVault: string; registry?: string }) => Rules } = {},
) {
  const t = new TenantBuilder({ subscriptionId: SUB });
  const storage = t.storage('stmanaged', { publicNetworkAccess: 'Disabled', defaultAction: 'Deny' });
  const keyVault = t.keyVault('kv-managed', { publicNetworkAccess: 'Disabled' });
  const registry = opts.registry === false ? undefined : t.registry('acrmanaged', { publicNetworkAccess: 'Disabled' });
  const outboundRules = (opts.rules ?? allRules)({ storage, keyVault, registry });
  const ws = t.workspace('ws-managed', {
    storage,
    keyVault,
    registry,
    isolationMode: opts.isolationMode ?? 'AllowOnlyApprovedOutbound',
    outboundRules,
  });
  return { t, ws, storage, keyVault, registry };
}

const pe = (serviceResourceId: string, subresourceTarget: string, status = 'Active') => ({
  type: 'PrivateEndpoint',
  category: 'Required',
  status,
  destination: { serviceResourceId, subresourceTarget, sparkEnabled: false },
});

function allRules(ids: { storage: string; keyVault: string; registry?: string }): Rules {
  return {
    __SYS_PE_st_blob: pe(ids.storage, 'blob'),
    __SYS_PE_st_file: pe(ids.storage, 'file'),
    __SYS_PE_kv_vault: pe(ids.keyVault, 'vault'),
    ...(ids.registry ? { __SYS_PE_acr_registry: pe(ids.registry, 'registry') } : {}),
    pypi: { type: 'FQDN', category: 'UserDefined', status: 'Active', destination: 'pypi.org' },
  };
}

describe('AMLNET503 managed-vnet-required-endpoints', () => {
  it('stays silent when storage (blob, file), key vault and registry all have PrivateEndpoint rules', () => {
    expectNoFindings('AMLNET503', managed().t.inventory());
  });

  it('fires once per dependency, naming the missing sub-resources', () => {
    const s = managed({
      rules: (ids) => ({ blob: pe(ids.storage, 'blob'), kvAsFqdn: { type: 'FQDN', status: 'Active', destination: 'kv-managed.vault.azure.net' } }),
    });
    const findings = expectFindings('AMLNET503', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'medium',
        workspaceId: s.ws,
        related: [s.storage],
        message:
          "Workspace ws-managed's managed VNet (AllowOnlyApprovedOutbound) has no PrivateEndpoint outbound rule to storage account stmanaged for file, so managed compute cannot reach it. Add the rule and provision the managed network.",
        evidence: [
          {
            resourceId: s.ws,
            property: 'properties.managedNetwork.outboundRules',
            expected: 'PrivateEndpoint rules to stmanaged for blob, file',
            actual: 'rules for blob',
          },
        ],
      },
      {
        resourceId: s.ws,
        severity: 'medium',
        workspaceId: s.ws,
        related: [s.keyVault],
        message:
          "Workspace ws-managed's managed VNet (AllowOnlyApprovedOutbound) has no PrivateEndpoint outbound rule to key vault kv-managed for vault, so managed compute cannot reach it. Add the rule and provision the managed network.",
        evidence: [
          {
            resourceId: s.ws,
            property: 'properties.managedNetwork.outboundRules',
            expected: 'PrivateEndpoint rules to kv-managed for vault',
            actual: 'none',
          },
        ],
      },
      {
        resourceId: s.ws,
        severity: 'medium',
        workspaceId: s.ws,
        related: [s.registry!],
        message:
          "Workspace ws-managed's managed VNet (AllowOnlyApprovedOutbound) has no PrivateEndpoint outbound rule to container registry acrmanaged for registry, so managed compute cannot reach it. Add the rule and provision the managed network.",
        evidence: [
          {
            resourceId: s.ws,
            property: 'properties.managedNetwork.outboundRules',
            expected: 'PrivateEndpoint rules to acrmanaged for registry',
            actual: 'none',
          },
        ],
      },
    ]);
    expect(findings.find((f) => f.message.includes('stmanaged'))!.message).not.toContain('blob');
  });

  it('names both storage sub-resources when neither is there', () => {
    const s = managed({ rules: (ids) => ({ kv: pe(ids.keyVault, 'vault'), acr: pe(ids.registry!, 'registry') }) });
    expectFindings('AMLNET503', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'medium',
        message:
          "Workspace ws-managed's managed VNet (AllowOnlyApprovedOutbound) has no PrivateEndpoint outbound rule to storage account stmanaged for blob and file, so managed compute cannot reach it. Add the rules and provision the managed network.",
        evidence: [
          {
            resourceId: s.ws,
            property: 'properties.managedNetwork.outboundRules',
            expected: 'PrivateEndpoint rules to stmanaged for blob, file',
            actual: 'none',
          },
        ],
      },
    ]);
  });

  it('does not count a rule to another resource or for another sub-resource', () => {
    const s = managed({
      rules: (ids) => ({
        ...allRules(ids),
        __SYS_PE_st_file: pe(ids.storage.replace('stmanaged', 'stother'), 'file'),
        __SYS_PE_kv_vault: pe(ids.keyVault, 'vaultx'),
      }),
    });
    expectFindings('AMLNET503', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'medium',
        message:
          "Workspace ws-managed's managed VNet (AllowOnlyApprovedOutbound) has no PrivateEndpoint outbound rule to storage account stmanaged for file, so managed compute cannot reach it. Add the rule and provision the managed network.",
        evidence: [
          {
            resourceId: s.ws,
            property: 'properties.managedNetwork.outboundRules',
            expected: 'PrivateEndpoint rules to stmanaged for blob, file',
            actual: 'rules for blob',
          },
        ],
      },
      {
        resourceId: s.ws,
        severity: 'medium',
        message:
          "Workspace ws-managed's managed VNet (AllowOnlyApprovedOutbound) has no PrivateEndpoint outbound rule to key vault kv-managed for vault, so managed compute cannot reach it. Add the rule and provision the managed network.",
        evidence: [
          {
            resourceId: s.ws,
            property: 'properties.managedNetwork.outboundRules',
            expected: 'PrivateEndpoint rules to kv-managed for vault',
            actual: 'rules for vaultx',
          },
        ],
      },
    ]);
  });

  it('compares destination ids and sub-resources case-insensitively', () => {
    const s = managed({
      rules: (ids) => ({
        a: pe(ids.storage.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/'), 'Blob'),
        b: pe(ids.storage.toLowerCase(), 'FILE'),
        c: pe(ids.keyVault.toLowerCase(), 'vault'),
        d: pe(ids.registry!.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/'), 'registry'),
      }),
    });
    expectNoFindings('AMLNET503', s.t.inventory());
  });

  it("counts a rule whatever its status (a Failed one is AMLNET502's business)", () => {
    const s = managed({ rules: (ids) => ({ ...allRules(ids), __SYS_PE_st_file: pe(ids.storage, 'file', 'Failed') }) });
    expectNoFindings('AMLNET503', s.t.inventory());
  });

  it('skips a workspace with no container registry yet', () => {
    expectNoFindings('AMLNET503', managed({ registry: false }).t.inventory());
  });

  it('does not apply to AllowInternetOutbound', () => {
    expectNoFindings('AMLNET503', managed({ isolationMode: 'AllowInternetOutbound', rules: () => ({}) }).t.inventory());
  });

  it('treats a managedNetwork without outboundRules as unknown, but an empty set as missing', () => {
    const unknown = managed({ rules: () => ({}) });
    delete (unknown.t.find(unknown.ws)!.properties as any).managedNetwork.outboundRules;
    expectNoFindings('AMLNET503', unknown.t.inventory());
    const empty = managed({ rules: () => ({}) });
    const rule = (target: string, name: string, groups: string, rules = 'rule') => ({
      resourceId: empty.ws,
      severity: 'medium' as const,
      message:
        `Workspace ws-managed's managed VNet (AllowOnlyApprovedOutbound) has no PrivateEndpoint outbound rule to ${target} for ${groups.replace(', ', ' and ')}, ` +
        `so managed compute cannot reach it. Add the ${rules} and provision the managed network.`,
      evidence: [
        {
          resourceId: empty.ws,
          property: 'properties.managedNetwork.outboundRules',
          expected: `PrivateEndpoint rules to ${name} for ${groups}`,
          actual: 'none',
        },
      ],
    });
    expectFindings('AMLNET503', empty.t.inventory(), [
      rule('container registry acrmanaged', 'acrmanaged', 'registry'),
      rule('key vault kv-managed', 'kv-managed', 'vault'),
      rule('storage account stmanaged', 'stmanaged', 'blob, file', 'rules'),
    ]);
  });
});
