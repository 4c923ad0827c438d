/**
 * A strict validator for the subset of Mermaid flowchart syntax that `amlnet graph` emits.
 * No Mermaid parser runs offline on Node 20 for flowcharts: @mermaid-js/parser (Langium) covers
 * info, packet, pie, architecture, gitGraph, radar and treemap only, and needs Node >= 22.12; the
 * full `mermaid` package needs a DOM. So this checks, line by line, what Mermaid's flowchart
 * grammar requires of our subset: the header, quoted labels with nothing that ends or breaks
 * them, balanced subgraphs, unique ids that are not keywords, links between declared ids only,
 * and class assignments to declared classes. Anything outside the subset is an error.
 */
const ID = '[A-Za-z][A-Za-z0-9_]*';
const LABEL = '"([^"\\n<>`]*)"';
const NODE = new RegExp(`^(${ID})(?:\\[${LABEL}\\]|\\(\\[${LABEL}\\]\\)|\\[\\(${LABEL}\\)\\])$`);
const SUBGRAPH = new RegExp(`^subgraph (${ID})\\[${LABEL}\\]$`);
const LINK = new RegExp(`^(${ID}) (-->|---|<-->|-\\.->)(?:\\|([A-Za-z][A-Za-z0-9 ]*)\\|)? (${ID})$`);
const CLASSDEF = new RegExp(`^classDef (${ID}) ((?:[a-z-]+:[#A-Za-z0-9.]+)(?:,[a-z-]+:[#A-Za-z0-9.]+)*)$`);
const CLASS = new RegExp(`^class (${ID}(?:,${ID})*) (${ID})$`);
const KEYWORDS = new Set(['end', 'graph', 'flowchart', 'subgraph', 'class', 'classDef', 'click', 'style', 'linkStyle', 'direction']);

export function validateMermaid(text: string): string[] {
  const errors: string[] = [];
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines[0] !== 'flowchart LR') errors.push(`line 1: expected "flowchart LR", got ${JSON.stringify(lines[0])}`);
  const ids = new Set<string>();
  const subgraphs = new Set<string>();
  const classes = new Set<string>();
  const links: [number, string, string][] = [];
  const classUses: [number, string[], string][] = [];
  let depth = 0;
  const declare = (n: number, id: string) => {
    if (KEYWORDS.has(id) || /^[ox]/.test(id)) errors.push(`line ${n}: id ${id} is a keyword or starts like an edge head (o/x)`);
    if (ids.has(id)) errors.push(`line ${n}: id ${id} declared twice`);
    ids.add(id);
  };
  const checkLabel = (n: number, label: string) => {
    // Entity codes are the only use of '#', and every '&' or ';' belongs to one.
    const stripped = label.replace(/#\d+;/g, '');
    if (/[#&;]/.test(stripped)) errors.push(`line ${n}: label ${JSON.stringify(label)} has a bare # & or ;`);
  };
  lines.slice(1).forEach((raw, i) => {
    const n = i + 2;
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if (line === '' || line.startsWith('%%')) return;
    if ((m = SUBGRAPH.exec(line))) {
      if (depth > 0) errors.push(`line ${n}: nested subgraph (not in the subset)`);
      declare(n, m[1]);
      subgraphs.add(m[1]);
      checkLabel(n, m[2]);
      depth++;
    } else if (line === 'end') {
      if (depth === 0) errors.push(`line ${n}: "end" without subgraph`);
      depth--;
    } else if ((m = NODE.exec(line))) {
      declare(n, m[1]);
      checkLabel(n, m[2] ?? m[3] ?? m[4]);
    } else if ((m = LINK.exec(line))) {
      links.push([n, m[1], m[4]]);
    } else if ((m = CLASSDEF.exec(line))) {
      classes.add(m[1]);
    } else if ((m = CLASS.exec(line))) {
      classUses.push([n, m[1].split(','), m[2]]);
    } else {
      errors.push(`line ${n}: not in the emitted subset: ${JSON.stringify(raw)}`);
    }
  });
  if (depth !== 0) errors.push(`unbalanced subgraph/end (depth ${depth} at the end)`);
  for (const [n, a, b] of links) for (const x of [a, b]) if (!ids.has(x)) errors.push(`line ${n}: link to undeclared id ${x}`);
  for (const [n, list, cls] of classUses) {
    if (!classes.has(cls)) errors.push(`line ${n}: class ${cls} is not defined`);
    for (const x of list) if (!ids.has(x) || subgraphs.has(x)) errors.push(`line ${n}: class applied to ${x}, not a declared node`);
  }
  return errors;
}
