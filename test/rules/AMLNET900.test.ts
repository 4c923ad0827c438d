import { buildModel } from '../../src/model/build';
import { evaluate } from '../../src/rules/engine';
import { RULES } from '../../src/rules';
import { privateWorkspace, SUB } from '../support/scenarios';

describe('AMLNET900 collection-incomplete', () => {
  it('names what could not be read and the rules it left unevaluated, on the subscription', () => {
    const s = privateWorkspace();
    s.t.gap({ kind: 'datastores', scope: s.ws, reason: 'error', status: 403, code: 'AuthorizationFailed', message: 'no' });
    const { findings, unevaluated } = evaluate(buildModel(s.t.inventory()), RULES);
    // Exactly the rules that read datastores (the list grows as rules land).
    expect([...unevaluated.keys()].sort()).toEqual(RULES.filter((r) => r.meta.requires.includes('datastores')).map((r) => r.meta.id).sort());
    expect([...unevaluated.keys()]).toEqual(expect.arrayContaining(['AMLNET301', 'AMLNET303']));
    const f900 = findings.filter((f) => f.ruleId === 'AMLNET900');
    expect(f900).toHaveLength(1);
    expect(f900[0]).toMatchObject({ severity: 'high', resourceId: `/subscriptions/${SUB}` });
    expect(f900[0].message).toContain('datastores');
    expect(f900[0].message).toContain('AMLNET301');
    expect(f900[0].message).toContain('403');
  });

  it('is silent on a complete scan, and an unavailable preview API is not a gap', () => {
    const s = privateWorkspace();
    s.t.gap({ kind: 'labelingJobs', scope: s.ws, reason: 'unavailable', status: 404, message: 'preview' });
    const { findings, unevaluated } = evaluate(buildModel(s.t.inventory()), RULES);
    expect(unevaluated.size).toBe(0);
    expect(findings.filter((f) => f.ruleId === 'AMLNET900')).toEqual([]);
  });
});
