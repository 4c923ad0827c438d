/**
 * The output formats, one pure function each (ESLint's formatter habit). A formatter gets the
 * report (findings and gaps), the metadata of the rules it was computed with (ESLint's
 * `data.rulesMeta`: reporters never import the catalogue) and, for formats that draw the
 * network, the model.
 */
import type { Model } from '../model/model';
import type { RulesMeta } from '../rules/types';
import { formatHtml } from './html';
import { formatJson } from './json';
import { formatMarkdown } from './markdown';
import { formatSarif, type InventoryFile } from './sarif';
import { formatText } from './text';
import { escapeInvisibles } from './escape';
import type { AuditReport } from './report';

export interface FormatContext {
  model: Model;
  rulesMeta: RulesMeta;
  color: boolean;
  /** The text report's width in columns (80 when not given). */
  width?: number;
  /** The text report's `--details` view. */
  verbose: boolean;
  /** The inventory file SARIF results point at (the snapshot read or written by this run). */
  inventoryFile?: InventoryFile;
}

export type Formatter = (report: AuditReport, context: FormatContext) => string;

export const FORMATTERS = {
  text: (report, ctx) => formatText(report, { color: ctx.color, details: ctx.verbose, width: ctx.width, rulesMeta: ctx.rulesMeta }),
  json: (report, ctx) => formatJson(report, ctx.rulesMeta),
  html: (report, ctx) => formatHtml(report, ctx.model, ctx.rulesMeta),
  sarif: (report, ctx) => formatSarif(report, ctx.rulesMeta, ctx.inventoryFile),
  markdown: (report, ctx) => formatMarkdown(report, ctx.rulesMeta),
} satisfies Record<string, Formatter>;

export type FormatName = keyof typeof FORMATTERS;

/**
 * The last guard before a format reaches stdout (escapeInvisibles). The text formatter escapes
 * every tenant string where it enters and then adds its own colour: the guard would escape that
 * colour too (a terminal would show `\u001b[1m`), so text skips it.
 */
export function lastGuard(format: FormatName, output: string): string {
  return format === 'text' ? output : escapeInvisibles(output);
}

export const FORMAT_NAMES = Object.keys(FORMATTERS) as FormatName[];

/** Extra outputs written in the same run (`--json <file>` ...): option name -> format. */
export const EXTRA_OUTPUTS: { option: string; format: FormatName; description: string }[] = [
  { option: 'json', format: 'json', description: 'also write the JSON report to a file' },
  { option: 'html', format: 'html', description: 'also write the self-contained HTML report (a network diagram per workspace) to a file' },
  { option: 'sarif', format: 'sarif', description: 'also write SARIF 2.1.0 (GitHub code scanning) to a file' },
  { option: 'markdown', format: 'markdown', description: 'also write a Markdown summary (PR comment, $GITHUB_STEP_SUMMARY) to a file' },
];
