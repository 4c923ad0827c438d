/**
 * The ARM template expression language: `[func(arg, ...).prop[index]]` inside a JSON string.
 * A string that starts with `[` and ends with `]` is an expression; `[[` at the start escapes a
 * literal `[`. Literals are 'single-quoted' strings (a quote doubled inside), integers, and the
 * words true/false/null; everything else is a function call, and function names are
 * case-insensitive (ARM's own grammar, "Template syntax and expressions" on Microsoft Learn).
 */

export type Expr =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'literal'; value: boolean | null }
  | { kind: 'call'; name: string; args: Expr[] }
  | { kind: 'property'; target: Expr; name: string }
  | { kind: 'index'; target: Expr; index: Expr };

export class ExpressionSyntaxError extends Error {}

/** What a template string holds: an expression to evaluate, or plain text (with `[[` unescaped). */
export function classify(text: string): { expression: string } | { literal: string } {
  if (text.startsWith('[[')) return { literal: text.slice(1) };
  if (text.length >= 2 && text.startsWith('[') && text.endsWith(']')) return { expression: text.slice(1, -1) };
  return { literal: text };
}

const cache = new Map<string, Expr>();

/** Parses the inside of `[...]`. Parsed trees are cached: templates repeat the same expressions in copy loops. */
export function parseExpression(source: string): Expr {
  const hit = cache.get(source);
  if (hit) return hit;
  const p = new Parser(source);
  const e = p.expression();
  p.skipSpace();
  if (!p.atEnd()) throw p.error(`unexpected ${JSON.stringify(p.rest().slice(0, 20))}`);
  if (cache.size > 20_000) cache.clear();
  cache.set(source, e);
  return e;
}

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  atEnd(): boolean {
    return this.i >= this.s.length;
  }
  rest(): string {
    return this.s.slice(this.i);
  }
  error(why: string): ExpressionSyntaxError {
    return new ExpressionSyntaxError(`${why} at position ${this.i + 1} of [${this.s}]`);
  }

  skipSpace(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  expression(): Expr {
    this.skipSpace();
    let e = this.primary();
    for (;;) {
      this.skipSpace();
      const c = this.s[this.i];
      if (c === '.') {
        this.i++;
        this.skipSpace();
        const name = this.identifier();
        if (!name) throw this.error('expected a property name after "."');
        e = { kind: 'property', target: e, name };
      } else if (c === '[') {
        this.i++;
        const index = this.expression();
        this.skipSpace();
        if (this.s[this.i] !== ']') throw this.error('expected "]"');
        this.i++;
        e = { kind: 'index', target: e, index };
      } else {
        return e;
      }
    }
  }

  private identifier(): string {
    const m = /^[A-Za-z_$][\w$]*/.exec(this.rest());
    if (!m) return '';
    this.i += m[0].length;
    return m[0];
  }

  private primary(): Expr {
    const c = this.s[this.i];
    if (c === undefined) throw this.error('unexpected end of expression');
    if (c === "'") return { kind: 'string', value: this.stringLiteral() };
    const num = /^-?\d+(\.\d+)?/.exec(this.rest());
    if (num) {
      this.i += num[0].length;
      return { kind: 'number', value: Number(num[0]) };
    }
    const name = this.identifier();
    if (!name) throw this.error(`unexpected ${JSON.stringify(c)}`);
    this.skipSpace();
    if (this.s[this.i] !== '(') {
      const lower = name.toLowerCase();
      if (lower === 'true' || lower === 'false') return { kind: 'literal', value: lower === 'true' };
      if (lower === 'null') return { kind: 'literal', value: null };
      throw this.error(`expected "(" after ${name}`);
    }
    this.i++;
    const args: Expr[] = [];
    this.skipSpace();
    if (this.s[this.i] === ')') {
      this.i++;
      return { kind: 'call', name, args };
    }
    for (;;) {
      args.push(this.expression());
      this.skipSpace();
      const d = this.s[this.i];
      if (d === ',') {
        this.i++;
        continue;
      }
      if (d === ')') {
        this.i++;
        return { kind: 'call', name, args };
      }
      throw this.error(d === undefined ? `missing ")" to close ${name}(` : `expected "," or ")" in the arguments of ${name}`);
    }
  }

  private stringLiteral(): string {
    let out = '';
    this.i++; // opening quote
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) throw this.error('unterminated string');
      if (c === "'") {
        if (this.s[this.i + 1] === "'") {
          out += "'";
          this.i += 2;
          continue;
        }
        this.i++;
        return out;
      }
      out += c;
      this.i++;
    }
  }
}
