/**
 * The layering in eslint.config.mjs catches what it is there for: an import pointing upwards is an
 * error naming the layers. Linted as text at a path inside each layer, with the type-aware rules off
 * (the probe file is not part of the TypeScript project).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');

/**
 * Lints each probe in one child process: ESLint loads eslint.config.mjs with a dynamic import, which
 * jest's module sandbox does not allow.
 */
const LINT_PROBES = `
const { ESLint } = require('eslint');
const probes = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const eslint = new ESLint({
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false, project: null } },
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off', '@typescript-eslint/no-unused-vars': 'off' },
  },
});
Promise.all(probes.map(async ([file, code]) => {
  const [result] = await eslint.lintText(code, { filePath: require('node:path').join(process.cwd(), file) });
  return result.messages.map((m) => (m.ruleId ?? 'fatal') + ': ' + m.message);
})).then((out) => process.stdout.write(JSON.stringify(out)));
`;

function lintProbes(probes: [string, string][]): string[][] {
  return JSON.parse(execFileSync(process.execPath, ['-e', LINT_PROBES], { cwd: root, input: JSON.stringify(probes), encoding: 'utf8' }));
}

describe('layering lint', () => {
  const upwards: [string, string, RegExp][] = [
    ['src/model/probe.ts', "import { RULES } from '../rules';", /src\/model must not import src\/rules/],
    ['src/model/adapters/probe.ts', "import { formatText } from '../../report/text';", /src\/model must not import src\/report/],
    ['src/rules/probe.ts', "import { collect } from '../collectors/collect';", /src\/rules must not import src\/collectors/],
    ['src/rules/catalogue/AMLNET999.ts', "import other from './AMLNET301';", /one rule never imports another/],
    ['src/report/probe.ts', "import { RULES } from '../rules';", /do not import the catalogue/],
    ['src/report/probe.ts', "import { runAudit } from '../cli/audit';", /src\/report must not import src\/cli/],
    ['src/config/probe.ts', "import { runAudit } from '../cli/audit';", /src\/config must not import src\/cli/],
    ['src/iac/terraform/probe.ts', "import { RULES } from '../../rules';", /src\/iac must not import src\/rules/],
  ];
  const downwards: [string, string][] = [
    ['src/report/probe.ts', "import type { RuleMeta } from '../rules/types';\nimport { renderRuleDoc } from '../rules/docs';"],
    ['src/rules/catalogue/AMLNET999.ts', "import { LEARN } from '../helpers';\nimport { normalizeId } from '../../model/ids';"],
    ['src/cli/probe.ts', "import { RULES } from '../rules';\nimport { collect } from '../collectors/collect';"],
  ];
  let results: string[][] = [];
  beforeAll(() => {
    results = lintProbes([...upwards, ...downwards].map(([file, code]) => [file, `${code}\nexport {};\n`]));
  });

  it.each(upwards.map((c, i) => [...c, i] as const))('%s: %s is an error', (_file, _code, message, i) => {
    expect(results[i]).toHaveLength(1);
    expect(results[i][0]).toMatch(/^no-restricted-imports: /);
    expect(results[i][0]).toMatch(message);
  });

  it.each(downwards.map((c, i) => [...c, upwards.length + i] as const))('%s: imports pointing downwards are fine', (_file, _code, i) => {
    expect(results[i]).toEqual([]);
  });
});
