import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace, SUB2 } from '../support/scenarios';

describe('AMLNET104 compute-same-subscription', () => {
  it('stays silent on the recommended setup', () => {
    expectNoFindings('AMLNET104', privateWorkspace().inventory());
  });

  it('fires when the subnet is in another subscription (even in other casing)', () => {
    const s = privateWorkspace();
    const foreign = `/subscriptions/${SUB2.toUpperCase()}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-x/subnets/a`;
    const c = s.t.compute(s.ws, 'foreign', { type: 'AmlCompute', subnet: foreign });
    expectFindings('AMLNET104', s.t.inventory(), [
      {
        resourceId: c,
        severity: 'high',
        message:
          "AmlCompute foreign uses a subnet in subscription 00000000-0000-0000-0000-000000000002, but workspace ws-private is in subscription 00000000-0000-0000-0000-000000000001. Recreate it in a VNet of the workspace's subscription.",
        evidence: [
          {
            resourceId: c,
            property: 'properties.properties.subnet.id (subscription)',
            expected: '00000000-0000-0000-0000-000000000001',
            actual: '00000000-0000-0000-0000-000000000002',
          },
        ],
      },
    ]);
  });

  it('does not mistake a subscription id in other casing for another subscription', () => {
    const s = privateWorkspace();
    s.t.compute(s.ws, 'upper', { type: 'AmlCompute', subnet: s.computeSubnet.replace('/subscriptions/', '/SUBSCRIPTIONS/') });
    expectNoFindings('AMLNET104', s.t.inventory());
  });
});
