/**
 * Reading a JSON input of a change (template, parameters, what-if result): comments allowed (as
 * Resource Manager allows them in templates), every problem a UsageError naming the file and line,
 * and the parse tree kept so a declaration's line can be found for SARIF and `source.line`.
 */
import { readFileSync } from 'node:fs';
import { findNodeAtLocation, parseTree, type Node as JsonNode, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { UsageError, unreadableReason } from '../errors';

export interface ParsedFile {
  value: any;
  tree: JsonNode | undefined;
  text: string;
  lineStarts: number[];
}

/** Parses JSON (comments allowed, as Resource Manager allows them in templates) keeping the tree for line numbers. */
export function parseJsonFile(path: string, what: string, text?: string): ParsedFile {
  let body = text;
  if (body === undefined) {
    try {
      body = readFileSync(path, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${what} ${path}: ${unreadableReason(err)}`);
    }
  }
  body = body.replace(/^\uFEFF/, '');
  const errors: ParseError[] = [];
  const tree = parseTree(body, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !tree) {
    const e = errors[0];
    const line = e ? body.slice(0, e.offset).split('\n').length : 1;
    throw new UsageError(`${what} ${path} is not valid JSON: ${e ? printParseErrorCode(e.error) : 'empty'} at line ${line}`);
  }
  const lineStarts = [0];
  for (let i = 0; i < body.length; i++) if (body.charCodeAt(i) === 10) lineStarts.push(i + 1);
  return { value: nodeValue(tree), tree, text: body, lineStarts };
}

/** jsonc-parser's getNodeValue, without letting a `__proto__` key reach an object's prototype. */
function nodeValue(n: JsonNode): any {
  switch (n.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const p of n.children ?? []) {
        const [k, v] = p.children ?? [];
        if (!k || !v) continue;
        Object.defineProperty(out, String(k.value), { value: nodeValue(v), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return (n.children ?? []).map(nodeValue);
    default:
      return n.value;
  }
}

export function lineOf(file: ParsedFile, path: (string | number)[]): number | undefined {
  if (!file.tree) return undefined;
  const node = findNodeAtLocation(file.tree, path);
  if (!node) return undefined;
  // The line of the declaration's key ("name": {...} in 2.0) or its opening brace.
  const offset = node.parent?.type === 'property' ? node.parent.offset : node.offset;
  let lo = 0;
  let hi = file.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (file.lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
