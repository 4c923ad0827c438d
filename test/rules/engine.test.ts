/**
 * The engine's own duties, with stand-in rules over a real model: completing findings (display
 * ids, related ids without repeats), de-duplicating, ordering, and turning a rule that throws
 * half-way into an unevaluated rule with none of its findings.
 */
import { buildModel } from '../../src/model/build';
import { evaluate } from '../../src/rules/engine';
import { defineRule, type FindingInput, type Rule, type RuleMeta } from '../../src/rules/types';
import { privateWorkspace } from '../support/scenarios';

function stand(id: string, severity: RuleMeta['severity'], check: Rule['check']): Rule {
  return defineRule({
    meta: {
      id,
      name: id.toLowerCase(),
      severity,
      category: 'workspace',
      summary: '',
      rationale: '',
      remediation: { text: '', azCli: '', bicep: '' },
      links: [],
      requires: ['workspaces'],
    },
    check,
  });
}

describe('evaluate', () => {
  const p = privateWorkspace();
  const model = buildModel(p.inventory());
  const ws = model.workspaces[0];
  const storage = model.storageAccount(ws.storageAccountId)!;

  it('completes, de-duplicates and orders findings; a rule that throws counts as unevaluated with none of its findings', () => {
    const lowOnWorkspace: FindingInput = {
      resourceId: ws.id.toUpperCase(),
      workspaceId: ws.id,
      message: 'm',
      relatedResourceIds: [storage.id, storage.id.toUpperCase(), ws.id],
      evidence: [],
    };
    const rules = [
      stand('TEST002', 'low', function* () {
        yield lowOnWorkspace;
        yield { ...lowOnWorkspace };
      }),
      stand('TEST001', 'high', function* () {
        yield { resourceId: storage.id, message: 'on storage', evidence: [{ resourceId: storage.id, property: 'p', expected: 'e', actual: 'a' }] };
      }),
      stand('TEST003', 'high', function* () {
        yield { resourceId: storage.id, message: 'before the crash', evidence: [] };
        throw new Error('boom');
      }),
    ];
    const result = evaluate(model, rules, { enabled: new Set(['TEST001', 'TEST002', 'TEST003']) });
    expect(result.findings.map((f) => [f.ruleId, f.severity, f.resourceId, f.workspaceId, f.relatedResourceIds])).toEqual([
      ['TEST001', 'high', storage.displayId, undefined, []],
      ['TEST002', 'low', ws.displayId, ws.displayId, [storage.displayId]],
    ]);
    expect(result.findings[0].evidence).toEqual([{ resourceId: storage.displayId, property: 'p', expected: 'e', actual: 'a' }]);
    expect(result.gaps).toEqual([{ ruleId: 'TEST003', reason: 'the rule failed on this data: boom' }]);
    expect(result.rulesRun.sort()).toEqual(['TEST001', 'TEST002']);
  });

  it('keeps an id the model does not hold as the rule spelled it', () => {
    const outside = '/subscriptions/00000000-0000-0000-0000-00000000ffff/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/Hub';
    const rule = stand('TEST001', 'medium', function* () {
      yield { resourceId: outside, message: 'x', relatedResourceIds: [outside], evidence: [] };
    });
    const [f] = evaluate(model, [rule], { enabled: new Set(['TEST001']) }).findings;
    expect(f.resourceId).toBe(outside);
    expect(f.relatedResourceIds).toEqual([]);
  });
});
