/** The rule tester fails on anything short of the exact findings: another message, evidence or severity, a missing or an extra finding. */
import type { Finding } from '../src/rules/types';
import { expectFindings, expectNoFindings, runRule, type Expected } from './support/rule-tester';
import { privateWorkspace } from './support/scenarios';

describe('rule tester', () => {
  // AMLNET003 fires once on a private workspace whose only connection is Rejected (its own test pins the text).
  const s = privateWorkspace();
  (s.t.find(s.ws)!.properties as any).privateEndpointConnections[0].properties.privateLinkServiceConnectionState.status = 'Rejected';
  const inventory = s.t.inventory();
  const [found] = runRule('AMLNET003', inventory).findings;
  const exact = (f: Finding): Expected => ({
    resourceId: f.resourceId,
    severity: f.severity,
    workspaceId: f.workspaceId,
    message: f.message,
    evidence: f.evidence,
  });

  it('passes on the exact findings, whatever the casing of ids', () => {
    expect(found).toBeDefined();
    const e = exact(found);
    expectFindings('AMLNET003', inventory, [
      { ...e, resourceId: e.resourceId.toUpperCase(), evidence: e.evidence.map((x) => ({ ...x, resourceId: x.resourceId.toLowerCase() })) },
    ]);
  });

  it.each<[string, (e: Expected) => Expected[]]>([
    ['another message', (e) => [{ ...e, message: e.message + ' ' }]],
    ['another evidence value', (e) => [{ ...e, evidence: e.evidence.map((x) => ({ ...x, actual: 'Approved' })) }]],
    ['missing evidence', (e) => [{ ...e, evidence: [] }]],
    ['another severity', (e) => [{ ...e, severity: 'low' }]],
    ['a finding that is not reported', (e) => [e, { ...e, resourceId: s.storage }]],
    ['no finding where one is reported', () => []],
  ])('fails on %s', (_case, change) => {
    expect(() => expectFindings('AMLNET003', inventory, change(exact(found)))).toThrow();
  });

  it('fails expectNoFindings when the rule fires', () => {
    expect(() => expectNoFindings('AMLNET003', inventory)).toThrow();
  });
});
