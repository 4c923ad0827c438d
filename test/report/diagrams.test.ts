import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReport } from '../../src/cli/audit';
import { escapeDot, escapeMermaid, toDot, toMermaid } from '../../src/report/diagrams';
import { workspaceGraph } from '../../src/report/graph';
import { validateMermaid } from './mermaid-validator';
import { HOSTILE_NAME, twoWorkspaceTenant } from './tenant';

const DOT = '/usr/bin/dot';

function graphs() {
  const s = twoWorkspaceTenant();
  const { report, model } = buildReport(s.inventory(), { kind: 'snapshot' }, 'none');
  return report.workspaces.map((w) => workspaceGraph(model, report, w.id));
}

describe('escapeMermaid', () => {
  it('writes every character that could end a label, open markup or forge an entity as an entity code', () => {
    expect(escapeMermaid(HOSTILE_NAME)).toBe('#60;img src=x onerror=alert#40;1#41;#62;');
    expect(escapeMermaid('a"b')).toBe('a#34;b');
    expect(escapeMermaid('#quot; & `x` |y| [z] {w}')).toBe('#35;quot#59; #38; #96;x#96; #124;y#124; #91;z#93; #123;w#125;');
    expect(escapeMermaid('line\nbreak\u0000')).toBe('line break ');
    expect(escapeMermaid('ümlaut · 한국어')).toBe('ümlaut · 한국어');
  });
});

describe('escapeDot', () => {
  it('escapes quotes and backslashes, so \\N, \\G or a quote from the tenant stay literal', () => {
    expect(escapeDot('a"b')).toBe('a\\"b');
    expect(escapeDot('x\\N\\"')).toBe('x\\\\N\\\\\\"');
    expect(escapeDot('a\nb')).toBe('a b');
    expect(escapeDot(HOSTILE_NAME)).toBe(HOSTILE_NAME);
  });
});

describe('toMermaid', () => {
  it('emits a valid flowchart with a subgraph per VNet and the peering between them', () => {
    const text = toMermaid(graphs());
    expect(validateMermaid(text)).toEqual([]);
    expect(text.startsWith('flowchart LR\n')).toBe(true);
    expect(text).toMatch(/subgraph v\d+\["vnet-hub · 10\.20\.0\.0\/16"\]/);
    expect(text).toMatch(/subgraph v\d+\["vnet-data · 10\.30\.0\.0\/16"\]/);
    expect(text).toMatch(/^ {2}v\d+ <-->\|peering\| v\d+$/m);
    expect(text).not.toContain(HOSTILE_NAME);
    expect(text).toContain('#60;img src=x onerror=alert#40;1#41;#62;');
  });

  it('the validator rejects what Mermaid would reject', () => {
    expect(validateMermaid('graph TD\n')).not.toEqual([]);
    expect(validateMermaid('flowchart LR\n  n0["a"b"]\n')).not.toEqual([]);
    expect(validateMermaid('flowchart LR\n  n0["a"]\n  n0 --> n1\n')).toEqual(['line 3: link to undeclared id n1']);
    expect(validateMermaid('flowchart LR\n  subgraph v0["x"]\n  n0["a"]\n')).toEqual(['unbalanced subgraph/end (depth 1 at the end)']);
    expect(validateMermaid('flowchart LR\n  n0["<b>"]\n')).not.toEqual([]);
    expect(validateMermaid('flowchart LR\n  n0["a & b"]\n')).not.toEqual([]);
  });
});

describe('toDot', () => {
  it('emits a digraph with a cluster per VNet and escaped labels', () => {
    const text = toDot(graphs());
    expect(text.startsWith('digraph amlnet {')).toBe(true);
    expect((text.match(/subgraph "cluster_v\d+"/g) ?? []).length).toBe(3);
    expect(text).toMatch(/dir=both/);
  });

  const renders = existsSync(DOT) || process.env.CI ? it : it.skip;
  if (!existsSync(DOT)) {
    console.warn(`skipping the Graphviz render test: ${DOT} is absent (CI installs it with .ci/install-browser.sh)`);
  }
  renders('renders with Graphviz dot to SVG, hostile names included, without warnings', () => {
    const dir = join(__dirname, '..', '..', 'artifacts');
    mkdirSync(dir, { recursive: true });
    const dotFile = join(dir, 'graph.dot');
    writeFileSync(dotFile, toDot(graphs()));
    const run = spawnSync(DOT, ['-Tsvg', dotFile], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const svg = run.stdout;
    writeFileSync(join(dir, 'graph.svg'), svg);
    expect(svg).toContain('<svg');
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(svg).not.toContain(HOSTILE_NAME);
    // Graphviz writes '-' as &#45; in SVG text.
    expect(svg).toMatch(/vnet(-|&#45;)hub/);
    expect((svg.match(/<title>cluster_v\d+<\/title>/g) ?? []).length).toBe(3);
    // A tenant label with a quote and a backslash must not break the file either.
    const nasty = toDot(graphs()).replace('acrhub\\n', 'acr\\"hub\\\\N\\n');
    const out = execFileSync(DOT, ['-Tsvg'], { input: nasty, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    expect(out).toMatch(/acr&quot;hub\\N/);
  });
});
