/**
 * `amlnet graph`: the network of each workspace as Mermaid, Graphviz DOT or JSON, for people who
 * paste diagrams into wikis and pull requests. Collects (or loads a snapshot) exactly as `audit`
 * does and colours the nodes with the same findings; it never fails on findings (exit 0).
 */
import { Command, Option } from 'commander';
import type { Model } from '../model/model';
import { normalizeId } from '../model/ids';
import { toDot, toMermaid } from '../report/diagrams';
import { escapeTerminal } from '../report/escape';
import { workspaceGraph, type WorkspaceGraph } from '../report/graph';
import type { AuditReport, WorkspaceSummary } from '../report/report';
import { buildReport, inputPaths, loadInventory, type AuditIo, type AuditOptions } from './audit';
import { OutputPlan } from './outputs';
import { addCollectionOptions, scopeForSnapshot } from './collection-options';
import { UsageError } from '../errors';

export const GRAPH_FORMATS = ['mermaid', 'dot', 'json'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export interface GraphOptions extends AuditOptions {
  format?: string;
  output?: string;
}

/** The workspaces to draw: all of them, or the one `--workspace` names (by name or ARM id). */
export function selectWorkspaces(report: AuditReport, workspace: string | undefined): WorkspaceSummary[] {
  if (report.workspaces.length === 0) throw new UsageError('no Azure Machine Learning workspace was found in what was scanned; nothing to draw');
  if (!workspace) return report.workspaces;
  const want = workspace.toLowerCase();
  const found = report.workspaces.filter((w) => w.name.toLowerCase() === want || normalizeId(w.id) === normalizeId(workspace));
  if (found.length === 0) {
    const names = report.workspaces.map((w) => w.name).join(', ');
    throw new UsageError(`no workspace named ${JSON.stringify(escapeTerminal(workspace))}; the scan has: ${escapeTerminal(names)}`);
  }
  return found;
}

export function renderGraphs(format: GraphFormat, report: AuditReport, model: Model, workspaces: WorkspaceSummary[]): string {
  const graphs: WorkspaceGraph[] = workspaces.map((w) => workspaceGraph(model, report, w.id));
  if (format === 'mermaid') return toMermaid(graphs);
  if (format === 'dot') return toDot(graphs);
  const out = {
    schemaVersion: 1,
    tool: report.tool,
    workspaces: graphs.map((g, i) => ({
      workspaceId: g.workspaceId,
      name: workspaces[i].name,
      scenario: workspaces[i].scenario,
      nodes: g.nodes,
      edges: g.edges,
    })),
  };
  return JSON.stringify(out, null, 2) + '\n';
}

export async function runGraph(opts: GraphOptions, io: AuditIo): Promise<number> {
  const format = (opts.format ?? 'mermaid') as GraphFormat;
  if (!GRAPH_FORMATS.includes(format))
    throw new UsageError(`--format must be one of ${GRAPH_FORMATS.join(', ')} (got ${JSON.stringify(opts.format)})`);
  const outputs = OutputPlan.check(opts.output ? [{ flag: '--output', path: opts.output }] : [], inputPaths(opts));
  const { inventory, source } = await loadInventory(opts, io);
  const { report, model } = buildReport(inventory, source, 'none');
  const text = renderGraphs(format, report, model, selectWorkspaces(report, opts.workspace));
  if (opts.output) outputs.write(opts.output, text);
  else io.stdout(text);
  outputs.finish();
  return 0;
}

export function registerGraphCommand(program: Command, io: AuditIo, setExit: (code: number) => void): void {
  const cmd = program
    .command('graph')
    .description('export the network of each workspace as a Mermaid, DOT or JSON graph (nodes coloured by their worst finding)');
  addCollectionOptions(cmd)
    .addOption(new Option('-f, --format <format>', 'the graph syntax').choices([...GRAPH_FORMATS]).default('mermaid'))
    .option('-o, --output <file>', 'write the graph to a file instead of stdout')
    .action(async (opts: GraphOptions, cmd: Command) => {
      setExit(await runGraph(scopeForSnapshot(opts, cmd), io));
    });
}
