import { TenantBuilder, type NsgRuleSpec } from '../../src/fixtures/builder';
import { buildModel } from '../../src/model/build';
import { azureMachineLearningInbound, evaluateNsg, evaluateSubnetNsg, portRangeMatches } from '../../src/model/nsg';
import type { NetworkSecurityGroup } from '../../src/model/types';

const SUB = '00000000-0000-0000-0000-0000000000aa';

function nsgWith(rules: NsgRuleSpec[], mutate?: (raw: any) => void): NetworkSecurityGroup {
  const t = new TenantBuilder({ subscriptionId: SUB });
  const id = t.nsg('nsg-test', rules);
  if (mutate) mutate(t.find(id)!.properties);
  return buildModel(t.inventory()).nsg(id)!;
}

const aml = azureMachineLearningInbound('westeurope');
const allow = (over: Partial<NsgRuleSpec> = {}): NsgRuleSpec => ({
  name: 'allow-aml',
  priority: 100,
  direction: 'Inbound',
  access: 'Allow',
  protocol: 'Tcp',
  source: 'AzureMachineLearning',
  destinationPort: '44224',
  ...over,
});
const deny = (over: Partial<NsgRuleSpec> = {}): NsgRuleSpec => ({
  name: 'deny-aml',
  priority: 200,
  direction: 'Inbound',
  access: 'Deny',
  protocol: '*',
  source: '*',
  destinationPort: '*',
  ...over,
});

describe('NSG evaluation', () => {
  it('denies through the default DenyAllInBound when no custom rule allows', () => {
    const d = evaluateNsg(nsgWith([]), aml);
    expect(d.access).toBe('Deny');
    expect(d.rule?.name).toBe('DenyAllInBound');
    expect(d.rule?.isDefault).toBe(true);
  });

  it('lets an allow with a lower priority number win over a deny', () => {
    const d = evaluateNsg(nsgWith([deny({ priority: 200 }), allow({ priority: 100 })]), aml);
    expect(d).toMatchObject({ access: 'Allow', rule: { name: 'allow-aml' } });
  });

  it('lets a deny with a lower priority number win over an allow, whatever the listing order', () => {
    const d = evaluateNsg(nsgWith([allow({ priority: 300 }), deny({ priority: 150 })]), aml);
    expect(d).toMatchObject({ access: 'Deny', rule: { name: 'deny-aml', priority: 150 } });
  });

  it('sorts custom and default rules together: a custom allow at 4096 still beats DenyAllInBound', () => {
    expect(evaluateNsg(nsgWith([allow({ priority: 4096 })]), aml).access).toBe('Allow');
  });

  it('ignores rules of the other direction', () => {
    const d = evaluateNsg(nsgWith([allow({ direction: 'Outbound' })]), aml);
    expect(d.rule?.name).toBe('DenyAllInBound');
  });

  it('matches protocol * and Tcp, not Udp', () => {
    expect(evaluateNsg(nsgWith([allow({ protocol: '*' })]), aml).access).toBe('Allow');
    expect(evaluateNsg(nsgWith([allow({ protocol: 'TCP' })]), aml).access).toBe('Allow');
    expect(evaluateNsg(nsgWith([allow({ protocol: 'Udp' })]), aml).access).toBe('Deny');
  });

  it('matches destination ports given as *, a single port, a range, or plural destinationPortRanges', () => {
    expect(evaluateNsg(nsgWith([allow({ destinationPort: '*' })]), aml).access).toBe('Allow');
    expect(evaluateNsg(nsgWith([allow({ destinationPort: '44000-45000' })]), aml).access).toBe('Allow');
    expect(evaluateNsg(nsgWith([allow({ destinationPort: '44225-45000' })]), aml).access).toBe('Deny');
    expect(evaluateNsg(nsgWith([allow({ destinationPort: '443' })]), aml).access).toBe('Deny');
    expect(evaluateNsg(nsgWith([allow({ destinationPorts: ['22', '44224'] })]), aml).access).toBe('Allow');
    expect(evaluateNsg(nsgWith([allow({ destinationPorts: ['22', '29876-29877'] })]), aml).access).toBe('Deny');
  });

  it('reads sources from sourceAddressPrefixes as well as sourceAddressPrefix', () => {
    expect(evaluateNsg(nsgWith([allow({ sources: ['10.0.0.0/8', 'AzureMachineLearning'] })]), aml).access).toBe('Allow');
    expect(evaluateNsg(nsgWith([allow({ sources: ['10.0.0.0/8', 'VirtualNetwork'] })]), aml).access).toBe('Deny');
    // A deny listing the tag among several prefixes also matches.
    expect(evaluateNsg(nsgWith([deny({ priority: 100, sources: ['1.2.3.4', 'azuremachinelearning'] }), allow({ priority: 200 })]), aml).access).toBe(
      'Deny',
    );
  });

  it('matches the sources *, Internet, AzureMachineLearning and its regional form, case-insensitively', () => {
    for (const src of [
      '*',
      'Internet',
      'INTERNET',
      'AzureMachineLearning',
      'azuremachinelearning',
      'AzureMachineLearning.westeurope',
      'AzureMachineLearning.WestEurope',
    ]) {
      expect([src, evaluateNsg(nsgWith([allow({ source: src })]), aml).access]).toEqual([src, 'Allow']);
    }
    for (const src of [
      'VirtualNetwork',
      'AzureLoadBalancer',
      'BatchNodeManagement',
      'AzureMachineLearning.eastus',
      'AzureMachineLearningX',
      '20.0.0.0/8',
    ]) {
      expect([src, evaluateNsg(nsgWith([allow({ source: src })]), aml).access]).toEqual([src, 'Deny']);
    }
  });

  it('accepts any regional form of the tag when the region is unknown', () => {
    expect(evaluateNsg(nsgWith([allow({ source: 'AzureMachineLearning.eastus' })]), azureMachineLearningInbound()).access).toBe('Allow');
  });

  it("adds Azure's default rules when the payload leaves them out", () => {
    const n = nsgWith([], (p) => {
      delete p.defaultSecurityRules;
    });
    expect(evaluateNsg(n, aml)).toMatchObject({ access: 'Deny', rule: { name: 'DenyAllInBound' } });
    const outbound = { ...aml, direction: 'Outbound' as const, sourceMatches: (s: string) => s === '*' || s === 'VirtualNetwork' };
    expect(evaluateNsg(n, outbound)).toMatchObject({ access: 'Allow', rule: { name: 'AllowVnetOutBound' } });
  });

  it('lets nothing be denied in a subnet without an NSG, and calls an NSG it cannot see unknown', () => {
    const t = new TenantBuilder({ subscriptionId: SUB });
    const v = t.vnet('v', {
      subnets: [
        { name: 'open', prefix: '10.0.1.0/24' },
        {
          name: 'hidden',
          prefix: '10.0.2.0/24',
          nsg: '/subscriptions/x/resourceGroups/r/providers/Microsoft.Network/networkSecurityGroups/elsewhere',
        },
      ],
    });
    const m = buildModel(t.inventory());
    expect(evaluateSubnetNsg(m, m.subnet(v.subnet('open'))!, aml)).toEqual({ access: 'Allow' });
    expect(evaluateSubnetNsg(m, m.subnet(v.subnet('hidden'))!, aml)).toBeUndefined();
  });

  it('parses port ranges', () => {
    expect(portRangeMatches(' 44224 ', 44224)).toBe(true);
    expect(portRangeMatches('44224 - 44230', 44230)).toBe(true);
    expect(portRangeMatches('abc', 44224)).toBe(false);
  });
});
