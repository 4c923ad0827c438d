import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';

describe('AMLNET103 compute-same-region', () => {
  it('stays silent when regions match, in any spelling', () => {
    const s = privateWorkspace();
    s.t.compute(s.ws, 'spelled', { type: 'AmlCompute', location: 'West Europe' });
    expectNoFindings('AMLNET103', s.t.inventory());
  });

  it('fires for a compute in another region', () => {
    const s = privateWorkspace();
    const c = s.t.compute(s.ws, 'far', { type: 'ComputeInstance', location: 'eastus' });
    expectFindings('AMLNET103', s.t.inventory(), [
      {
        resourceId: c,
        severity: 'high',
        message: 'ComputeInstance far is in eastus, but workspace ws-private is in westeurope. Recreate the compute in westeurope.',
        evidence: [{ resourceId: c, property: 'location', expected: 'westeurope', actual: 'eastus' }],
      },
    ]);
  });
});
