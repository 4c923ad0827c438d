/** The Markdown summary: scenario table, counts, findings per workspace with fixes, escaping of tenant strings, golden file. */
import { md } from '../../src/report/markdown';
import { RULES } from '../../src/rules';
import { expectGolden } from '../support/golden';
import { markdownScenario } from '../support/golden-cases';

const markdown = markdownScenario;

describe('Markdown summary', () => {
  it('escapes Markdown, HTML and mentions in tenant strings', () => {
    expect(md('raw_<b>data_[x](http:@evil) | `x`')).toBe('raw\\_&lt;b&gt;data\\_\\[x\\]\\(http\\:&#64;evil\\) \\| \\`x\\`');
    const out = markdown();
    expect(out).not.toContain('<b>');
    expect(out).not.toContain('](http:@evil)');
    expect(out).not.toContain('@evil');
  });

  it('has the result, the counts, the scenario table and the findings with their fixes, per workspace', () => {
    const out = markdown();
    expect(out).toContain('❌ **1 finding(s) at or above high**');
    expect(out).toContain('| 1 | 2 | 0 | 0 | 0 |');
    expect(out).toContain('| ws\\-alpha | `private-workspace` | 1 | 1 | 0 | 0 | 0 |');
    expect(out).toContain('| ws\\-beta | `private-workspace` | 0 | 1 | 0 | 0 | 0 |');
    expect(out).toContain('### ws\\-alpha (`private-workspace`)');
    expect(out).toContain('[AMLNET103](https://github.com/amlnet/amlnet/blob/main/docs/rules/AMLNET103.md)');
    expect(out).toContain(`  - Fix: ${RULES.find((r) => r.meta.id === 'AMLNET103')!.meta.remediation.text}`);
    expect(out).toContain('<details><summary>Resource, evidence and fix</summary>');
  });

  it('lists suppressed findings collapsed with their reason, notes expired suppressions, and lists fixed baseline findings', () => {
    const out = markdown({
      baseline: true,
      config: {
        suppressions: [
          { rule: 'AMLNET103', resource: '/subscriptions/*/resourceGroups/rg-ml/**', reason: 'moving <soon>' },
          { rule: 'AMLNET301', resource: '**/datastores/images', reason: 'old', expires: '2020-01-01' },
        ],
      },
    });
    expect(out).toContain('✅ **passed**');
    expect(out).toContain('<details><summary>1 suppressed finding(s)</summary>');
    expect(out).toContain('*suppressed (config): moving &lt;soon&gt;*');
    expect(out).toContain('expired on 2020-01-01: it counts again');
    expect(out).toContain('### Fixed since the baseline (1)');
    expect(out).toContain('- ✅ [AMLNET103](https://github.com/amlnet/amlnet/blob/main/docs/rules/AMLNET103.md) on **ci\\-old**');
  });

  it('matches the golden file', () => {
    expectGolden('two-workspaces.md');
  });
});
