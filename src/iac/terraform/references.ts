/**
 * Resolves a value the plan knows only after apply through the plan's `configuration`: an
 * attribute's expression `references`, through module variables (the calling module's
 * expression) and module outputs (the called module's expression), to the resource instance it
 * names. The plan shows which names an expression refers to, not how it combines them, so a value
 * resolves only when one reference is left after dropping those that merely prefix another
 * (`var.ids` beside `var.ids["a"]`); several candidates, a key the plan does not show, an instance
 * of a `count`/`for_each` the reference does not pick, or a `local` are unknown with the reason,
 * never the first candidate.
 */
import type { ConfigExpression, Instance, Json, ModuleStep, TerraformPlanJson } from './plan-json';
import { configModuleAt, moduleAddressOf } from './plan-json';

export type Step = { attr: string } | { key: string | number } | { splat: true };

export type Resolved =
  | { kind: 'value'; value: unknown; via: string[] }
  | { kind: 'instance'; inst: Instance; via: string[] }
  /** `computed`: the configuration does not set it; the provider (the service) will. */
  | { kind: 'unknown'; reason: string; computed?: boolean; via: string[] };

/** Where an expression is evaluated: a module instance, and the `each`/`count` of the resource or module call. */
export interface Scope {
  module: ModuleStep[];
  /** each.key / count.index of the instance whose expression this is. */
  key?: string | number;
  /** The for_each expression that `each.value` indexes, and the scope it is evaluated in. */
  forEach?: { expr: ConfigExpression; scope: Scope };
}

const MAX_DEPTH = 64;

/** `module.net.ids["a"]`, `azurerm_subnet.this[0].id`, `var.x[*].id` -> steps; undefined when not a plain traversal. */
export function parseTraversal(ref: string): Step[] | undefined {
  const first = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(ref);
  if (!first) return undefined;
  const steps: Step[] = [{ attr: first[0] }];
  let i = first[0].length;
  while (i < ref.length) {
    const rest = ref.slice(i);
    let m: RegExpExecArray | null;
    if ((m = /^\.([A-Za-z_][A-Za-z0-9_-]*)/.exec(rest))) steps.push({ attr: m[1] });
    else if ((m = /^\[(\d+)\]/.exec(rest))) steps.push({ key: Number(m[1]) });
    else if ((m = /^\[("(?:[^"\\]|\\.)*")\]/.exec(rest))) steps.push({ key: JSON.parse(m[1]) as string });
    else if ((m = /^(\[\*\]|\.\*)/.exec(rest))) steps.push({ splat: true });
    else return undefined;
    i += m[0].length;
  }
  return steps;
}

export function formatSteps(steps: readonly Step[]): string {
  return steps.map((s, i) => ('attr' in s ? `${i === 0 ? '' : '.'}${s.attr}` : 'key' in s ? `[${JSON.stringify(s.key)}]` : '[*]')).join('');
}

function sameStep(a: Step, b: Step): boolean {
  if ('attr' in a) return 'attr' in b && a.attr === b.attr;
  if ('key' in a) return 'key' in b && String(a.key) === String(b.key);
  return 'splat' in b;
}

function isPrefix(a: readonly Step[], b: readonly Step[]): boolean {
  return a.length < b.length && a.every((s, i) => sameStep(s, b[i]));
}

/** The references an expression really uses: those that are not a prefix of another (Terraform lists `a.b["k"]`, `a.b`, `a`). */
export function candidatesOf(expr: ConfigExpression): { ref: string; steps: Step[] }[] | undefined {
  const parsed: { ref: string; steps: Step[] }[] = [];
  for (const ref of Array.isArray(expr.references) ? expr.references : []) {
    const steps = typeof ref === 'string' ? parseTraversal(ref) : undefined;
    if (!steps) return undefined;
    if (!parsed.some((p) => p.ref === ref)) parsed.push({ ref, steps });
  }
  return parsed.filter((p) => !parsed.some((q) => isPrefix(p.steps, q.steps)));
}

function isExpression(v: unknown): v is ConfigExpression {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && ('references' in (v as Json) || 'constant_value' in (v as Json));
}

/** The marker in `after_unknown` at a path: true when that value (or a parent of it) is known only after apply. */
function unknownAt(marker: unknown, path: readonly (string | number)[]): boolean {
  let m = marker;
  for (const p of path) {
    if (m === true) return true;
    if (m === null || typeof m !== 'object') return false;
    m = (m as Json)[p as any];
  }
  return m === true;
}

export interface ResolverHooks {
  /** The ARM id an instance will have (built by the mapping from its planned name, group and subscription). */
  armIdOf(inst: Instance): string | undefined;
  /** A value the provider computes at apply that amlnet can still name (a managed identity's principal id), else undefined. */
  computedValue?(inst: Instance, path: readonly (string | number)[]): unknown;
  /** `key = traversal` of an output whose value is an object constructor, read from the .tf source when given. */
  outputEntry?(module: readonly ModuleStep[], output: string, key: string): { traversal: string; at: string } | undefined;
}

export class Resolver {
  private readonly byName = new Map<string, Instance[]>();

  constructor(
    private readonly plan: TerraformPlanJson,
    instances: readonly Instance[],
    private readonly hooks: ResolverHooks,
  ) {
    for (const inst of instances) {
      const k = this.nameKey(inst.module, inst.mode, inst.type, inst.name);
      const list = this.byName.get(k);
      if (list) list.push(inst);
      else this.byName.set(k, [inst]);
    }
  }

  private nameKey(module: readonly ModuleStep[], mode: string, type: string, name: string): string {
    return `${moduleAddressOf(module)}|${mode}|${type}|${name}`;
  }

  instancesNamed(module: readonly ModuleStep[], mode: string, type: string, name: string): Instance[] {
    return this.byName.get(this.nameKey(module, mode, type, name)) ?? [];
  }

  /** The scope an instance's own expressions are evaluated in. */
  scopeOf(inst: Instance): Scope {
    return {
      module: inst.module,
      key: inst.index,
      forEach: inst.config?.for_each_expression ? { expr: inst.config.for_each_expression, scope: this.moduleScope(inst.module) } : undefined,
    };
  }

  /** The scope of a module instance (its own `each` is its call's for_each, evaluated in the caller). */
  private moduleScope(module: ModuleStep[]): Scope {
    if (module.length === 0) return { module };
    const parent = module.slice(0, -1);
    const call = configModuleAt(this.plan, parent)?.module_calls?.[module[module.length - 1].name];
    return {
      module,
      key: module[module.length - 1].key,
      forEach: call?.for_each_expression ? { expr: call.for_each_expression, scope: this.moduleScope(parent) } : undefined,
    };
  }

  /**
   * An attribute of an instance, `path` in the provider's schema (`subnet_id`,
   * `private_service_connection.0.private_connection_resource_id`): the planned value when known,
   * else what its configuration expression resolves to, else computed by the provider.
   */
  attribute(inst: Instance, path: readonly (string | number)[], depth = 0): Resolved {
    if (depth > MAX_DEPTH) return { kind: 'unknown', reason: 'references nest too deeply', via: [] };
    if (path.length === 1 && path[0] === 'id') {
      const id = this.hooks.armIdOf(inst);
      return id ? { kind: 'value', value: id, via: [] } : { kind: 'unknown', reason: `the id of ${inst.address} cannot be built`, via: [] };
    }
    // Known in the plan: the planned value itself.
    let v: unknown = inst.after;
    let i = 0;
    for (; i < path.length; i++) {
      if (unknownAt(inst.afterUnknown, path.slice(0, i + 1))) break;
      v = v !== null && typeof v === 'object' ? (v as Json)[path[i] as any] : undefined;
    }
    if (i === path.length) return { kind: 'value', value: v, via: [] };
    // Known after apply: follow the configuration.
    let e: unknown = inst.config?.expressions;
    for (let j = 0; j < path.length; j++) {
      if (isExpression(e)) return this.expression(this.scopeOf(inst), e, path.slice(j).map(toStep), depth + 1);
      if (Array.isArray(e)) e = typeof path[j] === 'number' ? e[path[j] as number] : undefined;
      else if (e !== null && typeof e === 'object') e = (e as Json)[path[j] as any];
      else {
        e = undefined;
        break;
      }
      if (e === undefined) break;
    }
    if (isExpression(e)) return this.expression(this.scopeOf(inst), e, [], depth + 1);
    const named = this.hooks.computedValue?.(inst, path);
    if (named !== undefined) return { kind: 'value', value: named, via: [] };
    return { kind: 'unknown', computed: true, reason: `${inst.address}.${path.join('.')} is computed by the provider at apply`, via: [] };
  }

  /** The value of a configuration expression, with `rest` applied to it. */
  expression(scope: Scope, expr: ConfigExpression, rest: Step[], depth = 0): Resolved {
    if ('constant_value' in expr) return applySteps(expr.constant_value, rest, []);
    const cands = candidatesOf(expr);
    if (!cands) return { kind: 'unknown', reason: `an expression amlnet cannot follow (${(expr.references ?? []).join(', ')})`, via: [] };
    if (cands.length === 0)
      return { kind: 'unknown', reason: 'an expression with no reference the plan shows (a function or a value computed at apply)', via: [] };
    if (cands.length > 1) {
      const shown =
        cands
          .slice(0, 6)
          .map((c) => c.ref)
          .join(', ') + (cands.length > 6 ? `, and ${cands.length - 6} more` : '');
      return {
        kind: 'unknown',
        reason: `ambiguous: the expression refers to ${cands.length} candidates (${shown}) and the plan does not show which one it picks`,
        via: [],
      };
    }
    const r = this.reference(scope, [...cands[0].steps, ...rest], depth + 1);
    return { ...r, via: [cands[0].ref, ...r.via] } as Resolved;
  }

  /** A reference (`var.x`, `module.m.out`, `azurerm_subnet.a.id`, `data.t.n.id`, `each.value`) in a scope. */
  reference(scope: Scope, steps: Step[], depth = 0): Resolved {
    if (depth > MAX_DEPTH) return { kind: 'unknown', reason: 'references nest too deeply', via: [] };
    const head = steps[0];
    const text = formatSteps(steps);
    if (!head || !('attr' in head)) return { kind: 'unknown', reason: `cannot follow ${text}`, via: [] };
    const attrAt = (i: number): string | undefined => {
      const s = steps[i];
      return s && 'attr' in s ? s.attr : undefined;
    };
    switch (head.attr) {
      case 'var': {
        const name = attrAt(1);
        if (!name) return { kind: 'unknown', reason: `cannot follow ${text}`, via: [] };
        const rest = steps.slice(2);
        if (scope.module.length === 0) {
          const given = this.plan.variables?.[name];
          if (given && 'value' in given) return applySteps(given.value, rest, []);
          const dflt = this.plan.configuration?.root_module?.variables?.[name];
          return dflt && 'default' in dflt
            ? applySteps(dflt.default, rest, [])
            : { kind: 'unknown', reason: `root variable ${name} has no value in the plan`, via: [] };
        }
        const parent = scope.module.slice(0, -1);
        const call = configModuleAt(this.plan, parent)?.module_calls?.[scope.module[scope.module.length - 1].name];
        const expr = call?.expressions?.[name];
        if (!expr) {
          const dflt = call?.module?.variables?.[name];
          return dflt && 'default' in dflt
            ? applySteps(dflt.default, rest, [])
            : { kind: 'unknown', reason: `variable ${name} of ${moduleAddressOf(scope.module)} is not set by its call`, via: [] };
        }
        // The call's arguments are evaluated in the calling module, with the called instance's each.key.
        const callScope: Scope = {
          module: parent,
          key: scope.module[scope.module.length - 1].key,
          forEach: call?.for_each_expression ? { expr: call.for_each_expression, scope: this.moduleScope(parent) } : undefined,
        };
        return this.expression(callScope, expr, rest, depth + 1);
      }
      case 'local':
        return { kind: 'unknown', reason: `${text}: local values are not in the plan's JSON`, via: [] };
      case 'each':
      case 'count': {
        const what = attrAt(1);
        if ((head.attr === 'each' && what === 'key') || (head.attr === 'count' && what === 'index')) {
          return scope.key === undefined
            ? { kind: 'unknown', reason: `${text} outside a count/for_each`, via: [] }
            : applySteps(scope.key, steps.slice(2), []);
        }
        if (head.attr === 'each' && what === 'value' && scope.forEach && scope.key !== undefined) {
          return this.expression(scope.forEach.scope, scope.forEach.expr, [{ key: scope.key }, ...steps.slice(2)], depth + 1);
        }
        return { kind: 'unknown', reason: `${text}: the for_each value is not shown in the plan`, via: [] };
      }
      case 'module': {
        const name = attrAt(1);
        if (!name) return { kind: 'unknown', reason: `cannot follow ${text}`, via: [] };
        const callCfg = configModuleAt(this.plan, scope.module)?.module_calls?.[name];
        if (!callCfg) return { kind: 'unknown', reason: `${text}: no module call ${name}`, via: [] };
        let i = 2;
        let key: string | number | undefined;
        const s2 = steps[2];
        if (s2 && 'key' in s2) {
          key = s2.key;
          i = 3;
        }
        if (key === undefined && (callCfg.count_expression || callCfg.for_each_expression)) {
          return {
            kind: 'unknown',
            reason: `${text}: module.${name} has several instances (count/for_each) and the reference does not say which`,
            via: [],
          };
        }
        const out = attrAt(i);
        if (!out) return { kind: 'unknown', reason: `${text}: the whole module object is used, not one of its outputs`, via: [] };
        const outCfg = callCfg.module?.outputs?.[out];
        if (!outCfg?.expression)
          return { kind: 'unknown', reason: `${text}: output ${out} of module.${name} is not in the plan's configuration`, via: [] };
        const child: ModuleStep[] = [...scope.module, { name, key }];
        const rest = steps.slice(i + 1);
        // An object output looked up by key (`module.net.ids["pe"]`): the plan shows its references but
        // not its keys; the .tf source (--terraform-root) does, when the value is a plain object constructor.
        const lookup = rest[0];
        const entry = lookup && 'key' in lookup ? this.hooks.outputEntry?.(child, out, String(lookup.key)) : undefined;
        if (entry) {
          const steps2 = parseTraversal(entry.traversal);
          if (steps2) {
            const r = this.reference(this.moduleScope(child), [...steps2, ...rest.slice(1)], depth + 1);
            return {
              ...r,
              via: [`${moduleAddressOf(child)}.${out}${formatSteps([lookup])} = ${entry.traversal} (${entry.at})`, ...r.via],
            } as Resolved;
          }
        }
        const r = this.expression(this.moduleScope(child), outCfg.expression, rest, depth + 1);
        return { ...r, via: [`${moduleAddressOf(child)}.${out}`, ...r.via] } as Resolved;
      }
      case 'data': {
        const type = attrAt(1);
        const name = attrAt(2);
        if (!type || !name) return { kind: 'unknown', reason: `cannot follow ${text}`, via: [] };
        return this.resourceReference(scope, 'data', type, name, steps.slice(3), text, depth);
      }
      case 'path':
      case 'terraform':
      case 'self':
        return { kind: 'unknown', reason: `${text} is not a value amlnet reads`, via: [] };
      default: {
        const name = attrAt(1);
        if (!name) return { kind: 'unknown', reason: `cannot follow ${text}`, via: [] };
        return this.resourceReference(scope, 'managed', head.attr, name, steps.slice(2), text, depth);
      }
    }
  }

  private resourceReference(scope: Scope, mode: 'managed' | 'data', type: string, name: string, rest: Step[], text: string, depth: number): Resolved {
    const all = this.instancesNamed(scope.module, mode, type, name);
    const label = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
    if (all.length === 0) return { kind: 'unknown', reason: `${text}: ${label} is not in the plan`, via: [] };
    let inst: Instance | undefined;
    let i = 0;
    const first = rest[0];
    if (first && 'key' in first) {
      inst = all.find((x) => x.index !== undefined && String(x.index) === String(first.key));
      if (!inst) return { kind: 'unknown', reason: `${text}: ${label} has no instance ${JSON.stringify(first.key)} in the plan`, via: [] };
      i = 1;
    } else if (first && 'splat' in first) {
      return {
        kind: 'unknown',
        reason: `${text}: a splat over ${label}'s instances, one of which is picked by an expression the plan does not show`,
        via: [],
      };
    } else if (all.length === 1 && all[0].index === undefined) {
      inst = all[0];
    } else {
      return {
        kind: 'unknown',
        reason: `${text}: ${label} has ${all.length} instances (count/for_each) and the reference does not say which`,
        via: [],
      };
    }
    if (i === rest.length) return { kind: 'instance', inst, via: [inst.address] };
    const path: (string | number)[] = [];
    for (const s of rest.slice(i)) {
      if ('splat' in s) return { kind: 'unknown', reason: `${text}: a splat amlnet does not follow`, via: [] };
      path.push('attr' in s ? s.attr : s.key);
    }
    const r = this.attribute(inst, path, depth + 1);
    return { ...r, via: [inst.address, ...r.via] } as Resolved;
  }
}

function toStep(p: string | number): Step {
  return typeof p === 'number' ? { key: p } : { attr: p };
}

function applySteps(value: unknown, steps: readonly Step[], via: string[]): Resolved {
  let v = value;
  for (const s of steps) {
    if ('splat' in s) return { kind: 'unknown', reason: 'a splat amlnet does not follow', via };
    const k = 'attr' in s ? s.attr : s.key;
    if (v === null || typeof v !== 'object') return { kind: 'unknown', reason: `no ${JSON.stringify(k)} in the value`, via };
    v = (v as Json)[k as any];
  }
  return { kind: 'value', value: v, via };
}
