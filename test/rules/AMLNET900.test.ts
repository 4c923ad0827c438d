import { buildModel } from '../../src/model/build';
import { evaluate } from '../../src/rules/engine';
import { RULES } from '../../src/rules';
import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace, SUB } from '../support/scenarios';

describe('AMLNET900 collection-incomplete', () => {
  it('alone, reports what could not be read with one evidence line per gap, and is silent on a complete scan', () => {
    const s = privateWorkspace();
    expectNoFindings('AMLNET900', s.t.inventory());
    s.t.gap({
      kind: 'roleAssignments',
      scope: `/subscriptions/${SUB}`,
      reason: 'error',
      status: 403,
      code: 'AuthorizationFailed',
      message: 'no read on Microsoft.Authorization',
    });
    expectFindings('AMLNET900', s.t.inventory(), [
      {
        resourceId: `/subscriptions/${SUB}`,
        severity: 'high',
        message: `Could not read roleAssignments at /subscriptions/${SUB} (HTTP 403 AuthorizationFailed). This report is partial.`,
        evidence: [
          {
            resourceId: `/subscriptions/${SUB}`,
            property: 'roleAssignments',
            expected: 'readable',
            actual: '403 AuthorizationFailed no read on Microsoft.Authorization',
          },
        ],
      },
    ]);
  });

  it('names what could not be read and the rules it left unevaluated, on the subscription', () => {
    const s = privateWorkspace();
    s.t.gap({ kind: 'datastores', scope: s.ws, reason: 'error', status: 403, code: 'AuthorizationFailed', message: 'no' });
    const { findings, gaps } = evaluate(buildModel(s.t.inventory()), RULES);
    // Exactly the rules that read datastores (the list grows as rules land).
    expect(gaps.map((g) => g.ruleId)).toEqual(
      RULES.filter((r) => r.meta.requires.includes('datastores'))
        .map((r) => r.meta.id)
        .sort(),
    );
    expect(gaps.map((g) => g.ruleId)).toEqual(expect.arrayContaining(['AMLNET301', 'AMLNET303']));
    for (const g of gaps)
      expect(g).toEqual({ ruleId: g.ruleId, reason: 'not evaluated for workspace ws-private: could not read datastores', workspaceIds: [s.ws] });
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
    const { findings, gaps } = evaluate(buildModel(s.t.inventory()), RULES);
    expect(gaps).toEqual([]);
    expect(findings.filter((f) => f.ruleId === 'AMLNET900')).toEqual([]);
  });
});

describe('gaps scoped to one workspace', () => {
  it('leave the rule running for the other workspaces, and AMLNET900 names the workspace it skipped', () => {
    const a = privateWorkspace({ name: 'ws-a' });
    const b = privateWorkspace({ name: 'ws-b', t: a.t });
    const stA = a.storage.split('/').pop()!;
    const stB = b.storage.split('/').pop()!;
    const dsA = a.t.datastore(a.ws, 'raw', { accountName: stA });
    a.t.datastore(b.ws, 'raw', { accountName: stB });
    a.t.gap({ kind: 'datastores', scope: b.ws, reason: 'error', status: 500, code: 'InternalServerError', message: 'boom' });
    const { findings, gaps } = evaluate(buildModel(a.t.inventory()), RULES);
    expect(findings.filter((f) => f.ruleId === 'AMLNET301').map((f) => f.resourceId.toLowerCase())).toEqual([dsA.toLowerCase()]);
    expect(gaps.find((g) => g.ruleId === 'AMLNET301')).toEqual({
      ruleId: 'AMLNET301',
      reason: 'not evaluated for workspace ws-b: could not read datastores',
      workspaceIds: [b.ws],
    });
    const f900 = findings.filter((f) => f.ruleId === 'AMLNET900');
    expect(f900).toHaveLength(1);
    expect(f900[0].message).toContain('AMLNET301 (not evaluated for workspace ws-b');
  });
});
