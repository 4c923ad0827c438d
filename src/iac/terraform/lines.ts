/**
 * Where a planned resource is written, for a finding's `source.line` and SARIF location: the
 * `resource "type" "name"` block in the `.tf` files with `--terraform-root` (a module's files are
 * found from its call's `source`, or Terraform's own `.terraform/modules/modules.json` for
 * registry modules), else the line of the resource's entry in the plan JSON.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { visit } from 'jsonc-parser';
import type { ModuleStep, TerraformPlanJson } from './plan-json';
import { configModuleAt } from './plan-json';

/** Line (1-based) of each `"address": "<address>"` inside `resource_changes` (and of data sources in `prior_state`). */
export function planLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  visit(text, {
    onLiteralValue(value, _offset, _length, startLine, _startCharacter, pathSupplier) {
      if (typeof value !== 'string') return;
      const p = pathSupplier();
      if (p[p.length - 1] !== 'address') return;
      if (p[0] === 'resource_changes' || p[0] === 'prior_state') {
        if (!lines.has(value)) lines.set(value, startLine + 1);
      }
    },
  });
  return lines;
}

/** `resource "azurerm_subnet" "app" {` and `data "azurerm_subnet" "hub" {` blocks of one folder's `.tf` files. */
function blocksIn(dir: string): Map<string, { file: string; line: number }> {
  const out = new Map<string, { file: string; line: number }>();
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.tf'))
      .sort();
  } catch {
    return out;
  }
  for (const n of names) {
    let text: string;
    try {
      text = readFileSync(join(dir, n), 'utf8');
    } catch {
      continue;
    }
    text.split(/\r?\n/).forEach((line, i) => {
      const m = /^\s*(resource|data)\s+"([^"]+)"\s+"([^"]+)"/.exec(line);
      if (!m) return;
      const key = `${m[1] === 'data' ? 'data.' : ''}${m[2]}.${m[3]}`;
      if (!out.has(key)) out.set(key, { file: join(dir, n), line: i + 1 });
    });
  }
  return out;
}

const TRAVERSAL = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*|\[(\d+|"[^"]*")\])*$/;

/** Object-constructor outputs of one folder: output name -> key -> traversal, with file:line. */
function objectOutputsIn(dir: string): Map<string, Map<string, { traversal: string; at: string }>> {
  const out = new Map<string, Map<string, { traversal: string; at: string }>>();
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.tf'))
      .sort();
  } catch {
    return out;
  }
  for (const n of names) {
    let lines: string[];
    try {
      lines = readFileSync(join(dir, n), 'utf8').split(/\r?\n/);
    } catch {
      continue;
    }
    for (let i = 0; i < lines.length; i++) {
      const head = /^\s*output\s+"([^"]+)"\s*\{/.exec(lines[i]);
      if (!head) continue;
      // The value must open an object on its own line and close it before anything else happens.
      let j = i + 1;
      while (j < lines.length && !/^\s*value\s*=/.test(lines[j]) && !/^\s*}\s*$/.test(lines[j])) j++;
      if (j >= lines.length || !/^\s*value\s*=\s*\{\s*$/.test(lines[j])) continue;
      const entries = new Map<string, { traversal: string; at: string }>();
      let ok = true;
      for (j = j + 1; j < lines.length && !/^\s*}\s*$/.test(lines[j]); j++) {
        const line = lines[j]
          .replace(/\s*(#|\/\/).*$/, '')
          .trim()
          .replace(/,$/, '');
        if (line === '') continue;
        const m = /^"?([A-Za-z0-9_-]+)"?\s*[=:]\s*(.+)$/.exec(line);
        if (!m || !TRAVERSAL.test(m[2].trim())) {
          ok = false;
          break;
        }
        entries.set(m[1], { traversal: m[2].trim(), at: `${join(dir, n)}:${j + 1}` });
      }
      if (ok) out.set(head[1], entries);
    }
  }
  return out;
}

/** Finds declarations under a Terraform root folder, module by module, reading each folder once. */
export class TfSources {
  private readonly folders = new Map<string, Map<string, { file: string; line: number }>>();
  private readonly installed = new Map<string, string>();

  constructor(
    private readonly root: string,
    private readonly plan: TerraformPlanJson,
  ) {
    try {
      const manifest = JSON.parse(readFileSync(join(root, '.terraform', 'modules', 'modules.json'), 'utf8')) as {
        Modules?: { Key?: string; Dir?: string }[];
      };
      for (const m of manifest.Modules ?? []) if (typeof m.Key === 'string' && typeof m.Dir === 'string') this.installed.set(m.Key, m.Dir);
    } catch {
      /* no `terraform init` here: local module sources still resolve */
    }
  }

  /** The folder of a module path: Terraform's manifest (keys `a.b`), else the local `source` of each call. */
  private folderOf(module: readonly ModuleStep[]): string | undefined {
    if (module.length === 0) return this.root;
    const key = module.map((s) => s.name).join('.');
    const dir = this.installed.get(key);
    if (dir !== undefined) return join(this.root, dir);
    let folder = this.root;
    for (let i = 0; i < module.length; i++) {
      const source = configModuleAt(this.plan, module.slice(0, i))?.module_calls?.[module[i].name]?.source;
      if (typeof source !== 'string' || !/^\.\.?\//.test(source)) return undefined;
      folder = join(folder, source);
    }
    return folder;
  }

  private readonly outputs = new Map<string, Map<string, Map<string, { traversal: string; at: string }>>>();

  /**
   * `output "ids" { value = { pe = azurerm_subnet.pe.id, ... } }`: the entry for one key, when the
   * value is an object constructor of plain traversals (anything else: undefined, and the value stays unknown).
   */
  outputEntry(module: readonly ModuleStep[], output: string, key: string): { traversal: string; at: string } | undefined {
    const folder = this.folderOf(module);
    if (folder === undefined) return undefined;
    let outs = this.outputs.get(folder);
    if (!outs) {
      outs = objectOutputsIn(folder);
      this.outputs.set(folder, outs);
    }
    return outs.get(output)?.get(key);
  }

  find(module: readonly ModuleStep[], mode: 'managed' | 'data', type: string, name: string): { file: string; line: number } | undefined {
    const folder = this.folderOf(module);
    if (folder === undefined) return undefined;
    let blocks = this.folders.get(folder);
    if (!blocks) {
      blocks = blocksIn(folder);
      this.folders.set(folder, blocks);
    }
    return blocks.get(`${mode === 'data' ? 'data.' : ''}${type}.${name}`);
  }
}
