/**
 * A rule's doc page, rendered from its metadata (trivy-checks' habit): `docs/rules/<ID>.md` is
 * this text, `amlnet rules <ID>` prints it, and a test fails when the two drift apart.
 */
import type { Rule } from './types';
import { docsUrl } from './types';

export function renderRuleDoc(rule: Pick<Rule, 'meta'>): string {
  const m = rule.meta;
  const sev = m.severities?.length
    ? m.severities.map((s) => `- **${s.severity}**: ${s.when}`).join('\n')
    : `- **${m.severity}**`;
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
    `| Reads | ${m.requires.length ? m.requires.map((r) => `\`${r}\``).join(', ') : '(the scan itself)'} |`,
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
    '## Links',
    '',
    ...m.links.map((l) => `- <${l}>`),
    `- This page: <${docsUrl(m.id)}>`,
    '',
  ].join('\n');
}
