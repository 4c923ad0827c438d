/**
 * What a rule's test file exercises, read from its source (KICS's queries_content_test habit): the
 * firing and silent cases it declares through test/support/rule-tester.ts. Static, so an empty file,
 * a file that tests another rule or a case that only logs counts for nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as ts from 'typescript';

export interface RuleCases {
  /** Cases that expect findings: `expectFindings(id, inventory, [non-empty])`, or a `ruleTester` table's `invalid` entries. */
  firing: number;
  /** Cases that expect silence: `expectNoFindings(id, ...)`, `expectFindings(id, inventory, [])`, or a table's `valid` entries. */
  silent: number;
}

function arrayLength(node: ts.Expression | undefined): number | undefined {
  return node && ts.isArrayLiteralExpression(node) ? node.elements.length : undefined;
}

function tableEntries(table: ts.Expression | undefined, key: 'valid' | 'invalid'): number {
  if (!table || !ts.isObjectLiteralExpression(table)) return 0;
  const prop = table.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === key);
  return arrayLength(prop?.initializer) ?? 0;
}

export function ruleCasesIn(file: string, ruleId: string): RuleCases {
  const cases: RuleCases = { firing: 0, silent: 0 };
  if (!existsSync(file)) return cases;
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const [id, second, third] = node.arguments;
      const forThisRule = !!id && ts.isStringLiteral(id) && id.text === ruleId;
      const fn = node.expression.text;
      if (forThisRule && fn === 'expectNoFindings') cases.silent++;
      if (forThisRule && fn === 'expectFindings') {
        // An array built by code (a map over dependencies) still expects findings; only a literal [] expects none.
        if (arrayLength(third) === 0) cases.silent++;
        else if (third) cases.firing++;
      }
      if (forThisRule && fn === 'ruleTester') {
        cases.silent += tableEntries(second, 'valid');
        cases.firing += tableEntries(second, 'invalid');
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return cases;
}
