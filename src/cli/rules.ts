/**
 * `amlnet rules [id]`: the catalogue, or one rule's page. On a terminal (or with COLUMNS set) both are
 * laid out for reading at its width; piped, the list keeps whole lines and a rule's page is the
 * Markdown of docs/rules/<ID>.md, as `gh` prints Markdown raw to a pipe.
 */
import type { Command } from 'commander';
import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import { RULES, ruleById } from '../rules';
import { renderRuleDoc } from '../rules/docs';
import { DOCS_BASE } from '../rules/types';
import { escapeTerminal } from '../report/escape';
import { UsageError } from '../errors';
import type { AuditIo } from './audit';
import { terminalWidth } from './terminal';

/** One line a rule: id, severity, name, summary; cut to `width` when given. */
export function ruleList(width?: number): string {
  const rows = RULES.map(
    (r) =>
      `${r.meta.id}  ${r.meta.severity.padEnd(6)}  ${r.meta.name.padEnd(40)}  ${r.meta.summary}${r.meta.disabledByDefault ? ' (off by default)' : ''}`,
  );
  const fitted = width === undefined ? rows : rows.map((row) => (stringWidth(row) > width ? cliTruncate(row, width) : row));
  return fitted.join('\n') + '\n';
}

/** A link relative to the rule pages (`../config.md`) means nothing in a terminal: it becomes the page's URL. */
function absoluteLinks(line: string): string {
  return line.replace(/\]\((?![a-z][a-z0-9+.-]*:|#)([^)\s]+)\)/gi, (_m, href: string) => `](${new URL(href, DOCS_BASE).href})`);
}

/**
 * A rule's page for a terminal `width` wide: paragraphs, list items and the key/value table (as `Key: value`
 * lines) re-wrapped at the width, links made absolute, the generator's comment left out. Headings stay as they
 * are, and so do fenced
 * code blocks, so that a command copies whole; a word longer than the width (a URL) is not broken either.
 */
export function ruleDocForTerminal(markdown: string, width: number): string {
  const out: string[] = [];
  let paragraph: string[] = [];
  let hanging = '';
  const flush = () => {
    if (paragraph.length === 0) return;
    const lines = wrapAnsi(paragraph.join(' '), Math.max(20, width - hanging.length), { hard: false, trim: true }).split('\n');
    out.push(...lines.map((l, i) => (i === 0 ? l : hanging + l)));
    paragraph = [];
  };
  let inFence = false;
  for (const raw of markdown.split('\n')) {
    if (raw.startsWith('```')) {
      flush();
      inFence = !inFence;
      out.push(raw);
      continue;
    }
    if (inFence) {
      out.push(raw);
      continue;
    }
    if (/^\s*<!--.*-->\s*$/.test(raw)) continue;
    const line = absoluteLinks(raw);
    if (line.trim() === '') {
      flush();
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
      continue;
    }
    // The page's key/value table reads as `Key: value` lines, wrapped like prose.
    if (/^\|(\s*\|)+\s*$|^\|[\s:|-]+\|\s*$/.test(line)) continue;
    const pair = /^\|\s*([^|]+?)\s*\|\s*(.*?)\s*\|\s*$/.exec(line);
    if (pair) {
      flush();
      paragraph = [`${pair[1]}: ${pair[2]}`];
      hanging = '  ';
      flush();
      continue;
    }
    if (line.startsWith('#')) {
      flush();
      out.push(line);
      continue;
    }
    const item = /^\s*(?:[-*]|\d+\.)\s+/.exec(line);
    if (item || paragraph.length === 0) {
      flush();
      paragraph = [line.trimEnd()];
      hanging = item ? ' '.repeat(item[0].length) : '';
    } else {
      paragraph.push(line.trim());
    }
  }
  flush();
  return out.join('\n').replace(/\n*$/, '\n');
}

export function registerRulesCommand(program: Command, io: AuditIo): void {
  program
    .command('rules')
    .description('list the rule catalogue, or explain one rule')
    .argument('[id]', 'a rule id such as AMLNET004, or its name')
    .action((id?: string) => {
      const laidOut = io.isTTY || !!io.env.COLUMNS;
      const width = laidOut ? terminalWidth(io.env, io.isTTY ? io.columns : undefined) : undefined;
      if (!id) {
        io.stdout(ruleList(width));
        return;
      }
      const rule = ruleById(id) ?? RULES.find((r) => r.meta.name === id.toLowerCase());
      if (!rule) throw new UsageError(`unknown rule ${JSON.stringify(escapeTerminal(id))}; run "amlnet rules" for the catalogue`);
      const page = renderRuleDoc(rule);
      io.stdout(width === undefined ? page : ruleDocForTerminal(page, width));
    });
}
