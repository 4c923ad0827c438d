/**
 * The rule docs, rendered from metadata (trivy-checks' habit): `docs/rules/<ID>.md` is
 * renderRuleDoc's text, `amlnet rules <ID>` prints it, `docs/rules/README.md` is renderCatalogue's,
 * and `npm test` fails when a page and the metadata drift apart.
 */
import type { Rule, RuleMeta } from './types';
import { docsUrl } from './types';

const POLICY_DEFINITION =
  'https://portal.azure.com/#view/Microsoft_Azure_Policy/PolicyDetailBlade/definitionId/%2Fproviders%2FMicrosoft.Authorization%2FpolicyDefinitions%2F';

function severityText(m: RuleMeta): string {
  const all = m.severities?.length ? m.severities.map((s) => s.severity) : [m.severity];
  return [...new Set(all)].join(' / ');
}

/** What a team writes to accept one finding of this rule (docs/config.md has the details). */
function suppressionExample(m: RuleMeta): string[] {
  if (m.reportsGaps) {
    return [
      'A partial scan cannot be suppressed or tagged away: grant the missing read access instead. A baseline',
      'entry of AMLNET900 matches only a later scan that misses the same data in the same place and leaves',
      'the same rules unevaluated (see [Configuration](../config.md)).',
    ];
  }
  return [
    'Accept a finding for a stated reason in `.amlnet.yaml` (it stays in every report, marked suppressed, and no',
    'longer fails the run; see [Configuration](../config.md)):',
    '',
    '```yaml',
    'suppressions:',
    `  - rule: ${m.id}`,
    "    resource: <the finding's resourceId>   # an ARM id, or a glob: /subscriptions/*/resourceGroups/rg-sandbox/**",
    '    reason: <why this is accepted, and who decided>',
    '    expires: <YYYY-MM-DD>   # optional: the finding counts again after this day',
    '```',
    '',
    `or tag the resource the finding names: \`amlnet-ignore: ${m.id}\` (with \`amlnet-ignore-reason\` and`,
    'optionally `amlnet-ignore-expires`).',
  ];
}

export function renderRuleDoc(rule: Pick<Rule, 'meta'>): string {
  const m = rule.meta;
  const sev = m.severities?.length ? m.severities.map((s) => `- **${s.severity}**: ${s.when}`).join('\n') : `- **${m.severity}**`;
  const policies = m.policies?.length
    ? m.policies.map((p) => `- [${p.name}](${POLICY_DEFINITION}${p.id}) (\`${p.id}\`)`)
    : [
        'No built-in Azure Policy definition checks this: it depends on how several resources relate, which a policy evaluating one resource at a time cannot see.',
      ];
  return [
    `# ${m.id}: ${m.name}`,
    '',
    `<!-- Generated from src/rules/catalogue/${m.id}.ts by \`npm run docs\`; edit the metadata, not this page. -->`,
    '',
    `| | |`,
    `|---|---|`,
    `| ID | \`${m.id}\` |`,
    `| Name | \`${m.name}\` |`,
    `| Category | ${m.category} |`,
    `| Default severity | ${m.severity} |`,
    `| Enabled by default | ${m.disabledByDefault ? 'no (enable with `--rule` or config)' : 'yes'} |`,
    `| Reads | ${
      m.requires.length
        ? m.requires
            .map((r) => {
              const when = m.reads?.filter((x) => x.kind === r).map((x) => x.when);
              return `\`${r}\`${when?.length ? ` (read for ${when.join('; or for ')})` : ''}`;
            })
            .join(', ')
        : '(the scan itself)'
    } |`,
    '',
    '## Synopsis',
    '',
    m.summary,
    '',
    '## Severity',
    '',
    sev,
    '',
    '## Description',
    '',
    m.rationale,
    '',
    `Source: <${m.links[0]}>`,
    '',
    '## Recommendation',
    '',
    m.remediation.text,
    '',
    '## Examples',
    '',
    '### Azure CLI',
    '',
    '```bash',
    m.remediation.azCli,
    '```',
    '',
    '### Bicep',
    '',
    '```bicep',
    m.remediation.bicep,
    '```',
    '',
    '## Suppressing a finding',
    '',
    ...suppressionExample(m),
    '',
    '## Azure Policy',
    '',
    ...policies,
    '',
    '## Links',
    '',
    ...m.links.map((l) => `- <${l}>`),
    `- This page: <${docsUrl(m.id)}>`,
    '',
  ].join('\n');
}

/** docs/rules/README.md: the catalogue users read, one row per registered rule. */
export function renderCatalogue(rules: readonly Rule[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
  const fires = (m: RuleMeta) => (m.severities?.length ? m.severities.map((s) => `${s.severity}: ${s.when}`).join('; ') : m.summary);
  return [
    '# amlnet rules',
    '',
    '<!-- Generated from the rule metadata in src/rules/catalogue by `npm run docs`; edit the metadata, not this page. -->',
    '',
    `${rules.length} rules, from Microsoft Learn's ["Secure Azure Machine Learning workspace resources using virtual networks"](https://learn.microsoft.com/azure/machine-learning/how-to-network-security-overview)`,
    'and the articles it links to. IDs are stable: once published, an ID never changes meaning. `amlnet rules` prints',
    "this list and `amlnet rules <ID>` one page. Every finding also carries the workspace's scenario; see",
    '[the CLI contract](../cli.md#scenarios).',
    '',
    '| ID | name | severity | on by default | fires when |',
    '|---|---|---|---|---|',
    ...rules.map(
      ({ meta: m }) => `| [${m.id}](${m.id}.md) | \`${m.name}\` | ${severityText(m)} | ${m.disabledByDefault ? 'no' : 'yes'} | ${cell(fires(m))} |`,
    ),
    '',
  ].join('\n');
}
