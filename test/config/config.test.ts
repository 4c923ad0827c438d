/** Config validation: every mistake is an exit-2 error naming the file, the path and what is expected. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../src/errors';
import { evaluateOptionsFor, findConfigFile, loadConfig, parseConfig, validateConfig } from '../../src/config/config';
import { resourceMatcher } from '../../src/config/glob';
import { RULES } from '../../src/rules';
import type { Rule } from '../../src/rules/types';
import { tempDir } from '../support/ci-tenant';

const F = '.amlnet.json';
const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    return (err as Error).message;
  }
  throw new Error('expected a UsageError');
};
const invalid = (data: unknown) => errorOf(() => validateConfig(data, F, RULES));

describe('config validation', () => {
  it.each([
    [[], 'config .amlnet.json: the top level must be an object with "rules" and/or "suppressions" (got an array)'],
    [{ rule: {} }, 'config .amlnet.json: rule: unknown key (expected rules, suppressions)'],
    [{ rules: [] }, 'config .amlnet.json: rules: expected an object of rule id -> "on" | "off" | { severity, options } (got [])'],
    [{ rules: { AMLNET999: 'off' } }, 'config .amlnet.json: rules.AMLNET999: unknown rule id; run "amlnet rules" for the catalogue'],
    [
      { rules: { AMLNET004: 'disabled' } },
      'config .amlnet.json: rules.AMLNET004: expected "on", "off" or an object { severity, options } (got "disabled")',
    ],
    [
      { rules: { AMLNET004: { severity: 'critical' } } },
      'config .amlnet.json: rules.AMLNET004.severity: expected one of high, medium, low, info (got "critical")',
    ],
    [{ rules: { AMLNET004: { level: 'low' } } }, 'config .amlnet.json: rules.AMLNET004.level: unknown key (expected severity, options)'],
    [
      { rules: { AMLNET004: { options: { maxPeers: 2 } } } },
      'config .amlnet.json: rules.AMLNET004.options.maxPeers: unknown option (AMLNET004 takes no options)',
    ],
    [
      { rules: { AMLNET900: 'off' } },
      'config .amlnet.json: rules.AMLNET900: AMLNET900 cannot be turned off: a partial scan must not pass unnoticed (grant the scanner read access, or run with --fail-on none)',
    ],
    [{ suppressions: {} }, 'config .amlnet.json: suppressions: expected a list of { rule, resource, reason, expires? } (got {})'],
    [
      { suppressions: [{ rule: 'AMLNET004', resource: '/subscriptions/x', reason: 'ok', until: '2025-01-01' }] },
      'config .amlnet.json: suppressions[0].until: unknown key (expected rule, resource, reason, expires)',
    ],
    [
      { suppressions: [{ rule: 'AMLNET04', resource: '/subscriptions/x', reason: 'ok' }] },
      'config .amlnet.json: suppressions[0].rule: unknown rule id "AMLNET04"; run "amlnet rules" for the catalogue',
    ],
    [
      { suppressions: [{ rule: 'AMLNET900', resource: '/subscriptions/x', reason: 'known gap' }] },
      'config .amlnet.json: suppressions[0].rule: AMLNET900 (partial scan) cannot be suppressed: grant the scanner read access to what it could not read, or record today\'s gaps with "amlnet baseline create"',
    ],
    [
      { suppressions: [{ rule: 'AMLNET004', reason: 'ok' }] },
      'config .amlnet.json: suppressions[0].resource: expected an ARM resource id or a glob such as /subscriptions/*/resourceGroups/rg-ml/** (got nothing)',
    ],
    [
      { suppressions: [{ rule: 'AMLNET004', resource: 'ws1', reason: 'ok' }] },
      'config .amlnet.json: suppressions[0].resource: expected an ARM resource id starting with /subscriptions/, or a glob (got "ws1")',
    ],
    [
      { suppressions: [{ rule: 'AMLNET004', resource: '/subscriptions/x', reason: ' ' }] },
      'config .amlnet.json: suppressions[0].reason: a reason is required: say why this finding is accepted (it is shown in every report)',
    ],
    [
      { suppressions: [{ rule: 'AMLNET004', resource: '/subscriptions/x', reason: 'ok', expires: '2025-02-30' }] },
      'config .amlnet.json: suppressions[0].expires: expected a date YYYY-MM-DD (got "2025-02-30")',
    ],
    [
      { suppressions: [{ rule: 'AMLNET004', resource: '/subscriptions/x', reason: 'ok', expires: '31/12/2025' }] },
      'config .amlnet.json: suppressions[0].expires: expected a date YYYY-MM-DD (got "31/12/2025")',
    ],
  ])('rejects %j', (data, message) => {
    expect(invalid(data)).toBe(message);
  });

  it('accepts a full config and turns it into engine options', () => {
    const config = validateConfig(
      {
        $schema: './amlnet.schema.json',
        rules: { AMLNET004: 'off', AMLNET103: { severity: 'medium' }, AMLNET301: 'on' },
        suppressions: [{ rule: '*', resource: '/subscriptions/*/resourceGroups/rg-dev/**', reason: 'dev sandbox', expires: '2999-01-01' }],
      },
      F,
      RULES,
    );
    expect(config.suppressions).toEqual([
      {
        rule: '*',
        resource: '/subscriptions/*/resourceGroups/rg-dev/**',
        reason: 'dev sandbox',
        expires: '2999-01-01',
        source: '.amlnet.json suppressions[0]',
      },
    ]);
    const opts = evaluateOptionsFor(config, RULES);
    expect(opts.enabled!.has('AMLNET004')).toBe(false);
    expect(opts.enabled!.has('AMLNET103')).toBe(true);
    expect(opts.severityOverrides!.get('AMLNET103')).toBe('medium');
  });

  it('validates per-rule options against what the rule declares, and hands them to the rule', () => {
    const fake: Rule = {
      ...RULES[0],
      meta: {
        ...RULES[0].meta,
        id: 'AMLNET601',
        disabledByDefault: true,
        options: { bastionSkus: { type: 'string[]', description: 'SKUs that count' } },
      },
    };
    const rules = [...RULES, fake];
    expect(errorOf(() => validateConfig({ rules: { AMLNET601: { options: { bastionSkus: 'Basic' } } } }, F, rules))).toBe(
      'config .amlnet.json: rules.AMLNET601.options.bastionSkus: expected a list of strings (got "Basic")',
    );
    expect(errorOf(() => validateConfig({ rules: { AMLNET601: { options: { sku: ['Basic'] } } } }, F, rules))).toBe(
      'config .amlnet.json: rules.AMLNET601.options.sku: unknown option (AMLNET601 takes bastionSkus)',
    );
    const config = validateConfig({ rules: { AMLNET601: { options: { bastionSkus: ['Standard'] } } } }, F, rules);
    const opts = evaluateOptionsFor(config, rules);
    expect(opts.enabled!.has('AMLNET601')).toBe(true);
    expect(opts.ruleOptions!.get('AMLNET601')).toEqual({ bastionSkus: ['Standard'] });
  });

  it('--rule enables a rule that is off by default, and rejects unknown ids', () => {
    const fake: Rule = { ...RULES[0], meta: { ...RULES[0].meta, id: 'AMLNET601', disabledByDefault: true } };
    const rules = [...RULES, fake];
    const empty = validateConfig({}, F, rules);
    expect(evaluateOptionsFor(empty, rules).enabled!.has('AMLNET601')).toBe(false);
    expect(evaluateOptionsFor(empty, rules, ['amlnet601']).enabled!.has('AMLNET601')).toBe(true);
    // The command line wins over the file.
    expect(evaluateOptionsFor(validateConfig({ rules: { AMLNET601: 'off' } }, F, rules), rules, ['AMLNET601']).enabled!.has('AMLNET601')).toBe(true);
    expect(errorOf(() => evaluateOptionsFor(empty, rules, ['AMLNET6O1']))).toBe(
      '--rule "AMLNET6O1": unknown rule id; run "amlnet rules" for the catalogue',
    );
  });

  it('reads YAML, with unquoted dates, and reports syntax errors with a line', () => {
    const yaml = [
      'rules:',
      '  AMLNET103: { severity: low }',
      'suppressions:',
      '  - rule: AMLNET301',
      '    resource: /subscriptions/*/resourceGroups/rg-ml/**/datastores/images',
      '    reason: images are public',
      '    expires: 2030-01-31',
    ].join('\n');
    const config = parseConfig(yaml, '.amlnet.yaml', RULES);
    expect(config.suppressions[0].expires).toBe('2030-01-31');
    expect(config.rules.get('AMLNET103')).toEqual({ enabled: true, severity: 'low' });
    expect(errorOf(() => parseConfig('rules:\n  AMLNET103: [\n', 'c.yaml', RULES))).toMatch(
      /^config c\.yaml is not valid YAML \(line \d+, column \d+\): /,
    );
    expect(errorOf(() => parseConfig('rules:\n  AMLNET103: off\n  AMLNET103: on\n', 'c.yaml', RULES))).toMatch(
      /^config c\.yaml is not valid YAML .*[Mm]ap keys must be unique/,
    );
    expect(errorOf(() => parseConfig('{"rules": ', 'c.json', RULES))).toMatch(/^config c\.json is not valid JSON: /);
  });

  it('finds .amlnet.json or .amlnet.yaml in the folder, and refuses two', () => {
    const dir = tempDir();
    expect(findConfigFile(undefined, dir)).toBeUndefined();
    writeFileSync(join(dir, '.amlnet.yaml'), 'rules: {}\n');
    expect(findConfigFile(undefined, dir)).toBe(join(dir, '.amlnet.yaml'));
    expect(findConfigFile('other.json', dir)).toBe('other.json');
    writeFileSync(join(dir, '.amlnet.json'), '{}\n');
    expect(errorOf(() => findConfigFile(undefined, dir))).toBe(
      `both .amlnet.json and .amlnet.yaml are in ${dir}; keep one, or choose with --config <file>`,
    );
    mkdirSync(join(dir, 'sub'));
    expect(errorOf(() => loadConfig(join(dir, 'sub', 'missing.json'), RULES))).toBe(
      `cannot read config ${join(dir, 'sub', 'missing.json')}: no such file`,
    );
  });
});

describe('resource globs', () => {
  const ws = '/subscriptions/S1/resourceGroups/RG-ML/providers/Microsoft.MachineLearningServices/workspaces/ws1';
  it.each([
    [ws.toLowerCase(), ws, true],
    [`${ws}/`, ws, true],
    ['/subscriptions/*/resourceGroups/rg-ml/**', `${ws}/computes/c1`, true],
    ['/subscriptions/*/resourceGroups/rg-ml/**', ws, true],
    ['/subscriptions/*/resourceGroups/rg-other/**', ws, false],
    [`${ws}/**`, ws, true],
    [`${ws}/**`, `${ws}/computes/c1`, true],
    [`${ws}/**`, `${ws}2`, false],
    [`${ws}/computes/*`, `${ws}/computes/c1`, true],
    [`${ws}/computes/*`, `${ws}/computes/c1/x/y`, false],
    ['**/workspaces/ws?', ws, true],
    ['**/storageAccounts/st*', ws, false],
  ])('%s matches %s: %s', (pattern, id, expected) => {
    expect(resourceMatcher(pattern)(id)).toBe(expected);
  });
});
