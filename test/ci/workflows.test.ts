/**
 * The CI files users copy: action.yml and every GitHub workflow in the docs (the fenced yaml blocks
 * too) validate against GitHub's schemas with @action-validator/cli (offline), use actions on their
 * Node 24 majors, grant the permissions they need, and pass only inputs action.yml declares; the
 * Azure DevOps pipelines parse, use UseNode@1 and a pinned release, publish SARIF from inside the
 * sources, and their audit script, run with bash, says 1 from 2 and publishes the summary only
 * when it was written.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { REPO } from '../support/e2e';
import { readAction } from './composite-runner';

const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
const VALIDATOR = path.join(REPO, 'node_modules', '@action-validator', 'cli', 'cli.mjs');
const action = readAction(path.join(REPO, 'action.yml'));

/**
 * The first major of each action that runs on Node 24 (GitHub moved JavaScript actions off Node 20
 * in 2026). An action the docs use that is not here fails the test: add it with its Node 24 major.
 */
const NODE24_MAJOR: Record<string, number> = {
  'actions/checkout': 5,
  'actions/setup-node': 5,
  'actions/upload-artifact': 6,
  'actions/download-artifact': 7,
  'azure/login': 3,
  'github/codeql-action/upload-sarif': 4,
  'hashicorp/setup-terraform': 4,
};

function files(dir: string, ext: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name), ext) : e.name.endsWith(ext) ? [path.join(dir, e.name)] : []));
}

interface Doc {
  where: string;
  text: string;
  doc: any;
}

/** Every YAML document in the docs: the fenced ```yaml blocks of the Markdown files, and the .yml files. */
function docsYaml(): Doc[] {
  const out: Doc[] = [];
  for (const md of [path.join(REPO, 'README.md'), ...files(path.join(REPO, 'docs'), '.md')]) {
    const text = fs.readFileSync(md, 'utf8');
    for (const m of text.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)) {
      const line = text.slice(0, m.index).split('\n').length;
      out.push({ where: `${path.relative(REPO, md)}:${line}`, text: m[1], doc: parse(m[1]) });
    }
  }
  for (const yml of files(path.join(REPO, 'docs'), '.yml')) {
    const text = fs.readFileSync(yml, 'utf8');
    out.push({ where: path.relative(REPO, yml), text, doc: parse(text) });
  }
  return out;
}

const isObject = (d: unknown): d is Record<string, any> => typeof d === 'object' && d !== null && !Array.isArray(d);
const all = docsYaml();
const githubWorkflows = all.filter((d) => isObject(d.doc) && 'on' in d.doc && 'jobs' in d.doc);
const adoPipelines = all.filter((d) => isObject(d.doc) && !('on' in d.doc) && ('steps' in d.doc || 'stages' in d.doc || 'pool' in d.doc));

function validate(file: string): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [VALIDATOR, file], { encoding: 'utf8' });
  // The validator warns that it does not check globs (paths filters); anything else is an error.
  const output = (r.stdout + r.stderr)
    .split('\n')
    .filter((l) => l && !/^WARNING: Glob validation is not yet supported/.test(l))
    .join('\n');
  return { status: r.status, output };
}

const steps = (wf: any): any[] => Object.values(wf.jobs as Record<string, any>).flatMap((j) => j.steps ?? []);

describe('GitHub: action.yml and the documented workflows', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amlnet-workflows-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds the workflows the docs give: the live audit and the two pull-request workflows', () => {
    expect(githubWorkflows.map((w) => [w.where.split(':')[0], w.doc.name])).toEqual([
      ['docs/ci/github-actions.md', 'amlnet (live audit)'],
      ['docs/ci/github-actions.md', 'amlnet (pull request)'],
      ['docs/ci/github-actions.md', 'amlnet (Terraform pull request)'],
    ]);
  });

  it('action.yml validates against the schema of actions', () => {
    expect(validate(path.join(REPO, 'action.yml'))).toEqual({ status: 0, output: '' });
  });

  it('the validator is not a rubber stamp: a step without a shell, a job without runs-on fail', () => {
    const badAction = path.join(dir, 'action.yml');
    fs.writeFileSync(badAction, 'name: x\ndescription: y\nruns:\n  using: composite\n  steps:\n    - run: echo hi\n');
    expect(validate(badAction).status).toBe(1);
    const badWorkflow = path.join(dir, 'bad.yml');
    fs.writeFileSync(badWorkflow, 'on: push\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@v6\n        with: 3\n');
    expect(validate(badWorkflow).status).toBe(1);
  });

  it.each(githubWorkflows.map((w) => [w.where, w] as const))('%s validates against the schema of workflows', (_where, w) => {
    const file = path.join(dir, `${_where.replace(/[/:]/g, '_')}.yml`);
    fs.writeFileSync(file, w.text);
    expect(validate(file)).toEqual({ status: 0, output: '' });
  });

  it('action.yml sets up Node 24 and installs the package, with no npm ci or build', () => {
    const [setup, install, audit] = action.runs.steps;
    expect(setup.uses).toBe('actions/setup-node@v6');
    expect(setup.with).toEqual({ 'node-version': 24 });
    expect(install.run).toContain('npm install --global');
    expect(install.run).toContain('--omit=dev');
    for (const s of action.runs.steps) expect(s.run ?? '').not.toMatch(/npm ci|npm run build/);
    expect(audit.id).toBe('audit');
  });

  it.each([...githubWorkflows.map((w) => [w.where, w.doc] as const), ['action.yml', { jobs: { action: { steps: action.runs.steps } } }] as const])(
    '%s uses every action on its Node 24 major, and amlnet at this release',
    (_where, wf) => {
      const uses = steps(wf)
        .map((s) => s.uses)
        .filter(Boolean) as string[];
      expect(uses.length).toBeGreaterThan(0);
      for (const u of uses) {
        const [name, ref] = u.split('@');
        if (name === 'amlnet/amlnet') {
          expect(ref).toBe(`v${pkg.version}`);
          continue;
        }
        expect(Object.keys(NODE24_MAJOR)).toContain(name);
        const major = Number(/^v(\d+)$/.exec(ref)?.[1]);
        expect({ action: name, major: major >= NODE24_MAJOR[name] ? 'current' : `v${major}` }).toEqual({ action: name, major: 'current' });
      }
    },
  );

  it.each(githubWorkflows.map((w) => [w.where, w.doc] as const))(
    '%s grants what it uses and nothing more, passes only declared inputs, uploads only a SARIF that was written',
    (_where, wf) => {
      const all = steps(wf);
      const expected: Record<string, string> = { contents: 'read' };
      if (all.some((s) => s.uses?.startsWith('azure/login@'))) expected['id-token'] = 'write';
      if (all.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@')))
        Object.assign(expected, { 'security-events': 'write', actions: 'read' });
      expect(wf.permissions).toEqual(expected);

      const amlnet = all.filter((s) => s.uses?.startsWith('amlnet/amlnet@'));
      expect(amlnet).toHaveLength(1);
      expect(Object.keys(amlnet[0].with).filter((k) => !(k in action.inputs))).toEqual([]);
      for (const upload of all.filter((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))) {
        expect(upload.with).toEqual({ sarif_file: `\${{ steps.${amlnet[0].id}.outputs.sarif }}` });
        expect(upload.if).toMatch(new RegExp(`^\\$\\{\\{ !cancelled\\(\\) && (.* && )?steps\\.${amlnet[0].id}\\.outputs\\.sarif != '' \\}\\}$`));
      }
    },
  );

  it('the inputs table of github-actions.md lists exactly the inputs of action.yml, with their defaults', () => {
    const md = fs.readFileSync(path.join(REPO, 'docs', 'ci', 'github-actions.md'), 'utf8');
    const table = md.slice(md.indexOf('## Inputs'));
    const rows = [...table.matchAll(/^\| `([\w-]+)` \|([^|]*)\|/gm)].map((m) => [m[1], m[2].trim()]);
    const declared = Object.entries(action.inputs).map(([name, spec]) => [
      name,
      spec.default === '' || spec.default === undefined ? '' : `\`${spec.default}\``,
    ]);
    // `version` defaults to the action's own release, which action.yml computes: the table says so in words.
    expect(rows.map(([n, d]) => [n, n === 'version' ? '' : d])).toEqual(declared);
  });

  it('the pull-request workflows gate on what the change introduces, and not on forks', () => {
    for (const w of githubWorkflows.filter((x) => x.doc.on.pull_request)) {
      const amlnet = steps(w.doc).find((s) => s.uses?.startsWith('amlnet/amlnet@'));
      expect(amlnet.with).toHaveProperty('only-new');
      expect(JSON.stringify(w.doc)).toContain('github.event.pull_request.head.repo.full_name');
    }
  });
});

describe('Azure DevOps: the documented pipelines', () => {
  it('finds the pipelines the docs give: the scheduled audit and the pull-request check', () => {
    expect(adoPipelines.map((p) => p.where.split(':')[0])).toEqual(['docs/ci/azure-devops.md', 'docs/ci/azure-pipelines.yml']);
  });

  const tasks = (p: any): any[] => (p.steps as any[]).filter((s) => s.task);
  const scripts = (p: any): string[] => (p.steps as any[]).map((s) => s.script ?? s.inputs?.inlineScript).filter(Boolean);

  it.each(adoPipelines.map((p) => [p.where, p.doc] as const))(
    '%s: UseNode@1 on Node 24, amlnet at the pinned release, SARIF from inside the sources when it was written',
    (_where, p) => {
      const names = tasks(p).map((t) => t.task);
      expect(names).not.toContain('NodeTool@0');
      expect(tasks(p).find((t) => t.task === 'UseNode@1')?.inputs).toEqual({ version: '24.x' });
      expect(p.variables.amlnetVersion).toBe(pkg.version);
      expect(scripts(p).join('\n')).toContain('"amlnet@$AMLNET_VERSION"');
      // Pipeline values reach scripts through env:, never as $(macros) spliced into the text.
      for (const s of scripts(p)) expect(s).not.toMatch(/\$\([A-Za-z]+(\.[A-Za-z]+)*\)/);
      const sarif = tasks(p).filter((t) => t.inputs?.ArtifactName === 'CodeAnalysisLogs');
      expect(sarif).toHaveLength(1);
      expect(sarif[0].inputs.PathtoPublish).toMatch(/^\$\(Build\.SourcesDirectory\)\/.+\.sarif$/);
      for (const t of tasks(p).filter((x) => x.task.startsWith('Publish'))) expect(t.condition).toBe("in(variables['amlnetExitCode'], '0', '1')");
      const audit = tasks(p).find((t) => t.task === 'AzureCLI@2');
      expect(audit.inputs.workingDirectory).toBe('$(Build.SourcesDirectory)');
    },
  );

  describe("the scheduled pipeline's audit script, run with bash", () => {
    const pipeline = adoPipelines.find((p) => p.where === 'docs/ci/azure-pipelines.yml')!.doc;
    const script: string = tasks(pipeline).find((t) => t.task === 'AzureCLI@2').inputs.inlineScript;
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amlnet-ado-'));
      fs.mkdirSync(path.join(dir, 'bin'));
      // A stand-in amlnet: records its arguments, writes the files it is asked for unless it "fails" with 2.
      fs.writeFileSync(
        path.join(dir, 'bin', 'amlnet'),
        [
          '#!/usr/bin/env node',
          "const fs = require('fs'); const a = process.argv.slice(2); const code = Number(process.env.STUB_CODE);",
          "fs.writeFileSync('argv.json', JSON.stringify(a));",
          "if (code !== 2) for (const f of ['--sarif', '--markdown']) fs.writeFileSync(a[a.indexOf(f) + 1], 'x');",
          'process.exit(code);',
        ].join('\n'),
        { mode: 0o755 },
      );
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it.each([
      [0, ['##vso[task.setvariable variable=amlnetExitCode]0', '##vso[task.uploadsummary]<cwd>/amlnet-results/amlnet.md']],
      [
        1,
        [
          '##vso[task.setvariable variable=amlnetExitCode]1',
          '##vso[task.uploadsummary]<cwd>/amlnet-results/amlnet.md',
          '##vso[task.logissue type=error]amlnet: findings at or above high; see the Scans tab and the amlnet summary',
        ],
      ],
      [
        2,
        [
          '##vso[task.setvariable variable=amlnetExitCode]2',
          '##vso[task.logissue type=error]amlnet could not run the audit (exit code 2); its error is above',
        ],
      ],
    ])('amlnet exits %i', (code, lines) => {
      const cwd = fs.mkdtempSync(path.join(dir, 'sources-'));
      const r = spawnSync('bash', ['--noprofile', '--norc', '-e', '-c', script], {
        cwd,
        encoding: 'utf8',
        env: {
          PATH: `${path.join(dir, 'bin')}${path.delimiter}${process.env.PATH}`,
          FAIL_ON: 'high',
          SUBSCRIPTIONS: 'sub-a, sub-b',
          STUB_CODE: String(code),
        },
      });
      expect(r.status).toBe(code);
      expect(r.stdout.split('\n').filter((l) => l.startsWith('##vso'))).toEqual(lines.map((l) => l.replace('<cwd>', cwd)));
      expect(JSON.parse(fs.readFileSync(path.join(cwd, 'argv.json'), 'utf8'))).toEqual([
        'audit',
        '--fail-on',
        'high',
        '--sarif',
        'amlnet-results/amlnet.sarif',
        '--markdown',
        'amlnet-results/amlnet.md',
        '--json',
        'amlnet-results/amlnet.json',
        '--save-snapshot',
        'amlnet-results/amlnet-inventory.json',
        '--no-color',
        '--subscription',
        'sub-a',
        '--subscription',
        'sub-b',
      ]);
    });
  });
});
