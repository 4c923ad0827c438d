/**
 * Evaluates an ARM deployment template the way Resource Manager does, into the resources it would
 * PUT: parameters (supplied, converted to the declared type, or defaults), variables (with copy
 * loops), resources with conditions and copy loops, child resources declared inside their parent,
 * nested deployments (inline or a relative templateLink) with inner or outer expression scope and
 * their outputs, languageVersion 2.0 symbolic names and `existing` resources. Resource names, ids,
 * symbolic names, parameters, variables and functions are matched case-insensitively, as in ARM.
 *
 * What only the deployment can know stays `Unknown` inside the values (see values.ts); the caller
 * turns each into an UnknownValue naming the resource and the property.
 */
import type { CloudName } from '../../model/inventory';
import { normalizeId } from '../../model/ids';
import { classify, parseExpression, ExpressionSyntaxError, type Expr } from './expression';
import { callFunction, resourcePath, type FunctionContext } from './functions';
import { environmentOf } from './environment';
import { TemplateError, Unknown, getProperty, isPlainObject, isUnknown, markRuntime, runtimeReasonOf, typeName } from './values';

type Obj = Record<string, any>;
/** A JSON path into the file that declares something: where its line is looked up. */
export type JsonPath = (string | number)[];

export interface DeploymentTarget {
  subscriptionId: string;
  /** Absent for a subscription-scoped deployment. */
  resourceGroup?: string;
  location: string;
}

/** A parameter value as supplied: from a parameters file or a nested deployment (JSON), or `--parameter name=text`. */
export type SuppliedParameter =
  { from: 'value'; value: unknown } | { from: 'text'; text: string } | { from: 'keyVaultReference'; secretName: string };

export interface TemplateFile {
  template: Obj;
  /** The path as the user gave it (or as a relative templateLink resolved it). */
  file: string;
}

export interface EvaluateOptions {
  root: TemplateFile;
  parameters: Record<string, SuppliedParameter>;
  target: DeploymentTarget;
  cloud: CloudName;
  deploymentName: string;
  /** Loads a `templateLink.relativePath` next to the file that links it; undefined when it cannot. */
  loadRelative?: (relativePath: string, fromFile: string) => TemplateFile | undefined;
}

/** One resource the deployment will create or modify (or, `existing`, only refers to). */
export interface ExpandedResource {
  id: string;
  type: string;
  /** The full name (`vnet/subnet` for a child). */
  name: string;
  apiVersion?: string;
  /** The declaration, evaluated: every key of the GET shape the template sets. Unknowns inside. */
  body: Obj;
  symbolicName?: string;
  existing: boolean;
  file: string;
  path: JsonPath;
}

export interface Expansion {
  resources: ExpandedResource[];
  outputs: Record<string, unknown>;
  /** Nested deployments whose content cannot be read (a templateLink by URI, a template spec). */
  unreadable: { id: string; file: string; path: JsonPath; why: string }[];
}

const DEPLOYMENTS_TYPE = 'microsoft.resources/deployments';

interface Instance {
  deployment: Deployment;
  decl: Obj;
  path: JsonPath;
  symbolicName?: string;
  /** Copy loop indices in effect, by lower-cased loop name; `current` is the innermost. */
  loops: Map<string, number>;
  currentLoop?: string;
  type: string;
  name: string;
  apiVersion?: string;
  id: string;
  deployed: boolean;
  existing: boolean;
  body?: Obj;
  evaluating?: boolean;
  child?: Deployment;
}

interface Scope {
  deployment: Deployment;
  loops: Map<string, number>;
  currentLoop?: string;
  lambdas?: Record<string, unknown>;
}

class Deployment {
  readonly instances: Instance[] = [];
  private readonly paramCache = new Map<string, unknown>();
  private readonly varCache = new Map<string, unknown>();
  private readonly varsEvaluating = new Set<string>();
  private outputsCache?: Record<string, unknown>;
  readonly declaredParams: Map<string, [string, Obj]>;
  readonly declaredVars: Map<string, [string, unknown]>;
  readonly varLoops: Map<string, Obj>;

  constructor(
    readonly evaluator: Evaluator,
    readonly template: Obj,
    readonly file: string,
    readonly templatePath: JsonPath,
    readonly name: string,
    readonly target: DeploymentTarget,
    /** Where parameters(), variables(), resourceGroup() ... resolve: itself, or for an outer-scoped nested template its parent's scope. */
    exprScope: Deployment | undefined,
    readonly supplied: Map<string, () => SuppliedParameter>,
  ) {
    this.exprScope = exprScope ?? this;
    this.declaredParams = new Map(
      Object.entries(isPlainObject(template.parameters) ? (template.parameters as Obj) : {}).map(([k, v]) => [
        k.toLowerCase(),
        [k, isPlainObject(v) ? (v as Obj) : {}],
      ]),
    );
    const vars = isPlainObject(template.variables) ? (template.variables as Obj) : {};
    this.declaredVars = new Map(
      Object.entries(vars)
        .filter(([k]) => k.toLowerCase() !== 'copy')
        .map(([k, v]) => [k.toLowerCase(), [k, v]]),
    );
    this.varLoops = new Map();
    const copy = Object.entries(vars).find(([k]) => k.toLowerCase() === 'copy')?.[1];
    for (const loop of Array.isArray(copy) ? copy : [])
      if (isPlainObject(loop) && typeof loop.name === 'string') this.varLoops.set(loop.name.toLowerCase(), loop as Obj);
  }

  readonly exprScope: Deployment;

  get isLanguageVersion2(): boolean {
    return isPlainObject(this.template.resources) || /^2\./.test(String(this.template.languageVersion ?? ''));
  }

  where(): string {
    return this === this.evaluator.root ? this.file : `${this.file} (nested deployment ${this.name})`;
  }

  parameter(name: string): unknown {
    const key = name.toLowerCase();
    if (this.paramCache.has(key)) return this.paramCache.get(key);
    const decl = this.declaredParams.get(key);
    if (!decl) throw new TemplateError(`parameters('${name}'): the template declares no parameter ${name}`);
    const [declaredName, def] = decl;
    const supplied = this.supplied.get(key)?.();
    let value: unknown;
    if (supplied) {
      value = convertSupplied(declaredName, def, supplied);
    } else if ('defaultValue' in def) {
      value = this.evaluator.value(def.defaultValue, { deployment: this, loops: new Map() });
    } else {
      throw new TemplateError(
        `missing required parameter ${declaredName} (no default value): pass --parameters <file> or --parameter ${declaredName}=<value>`,
      );
    }
    if (
      !isUnknown(value) &&
      Array.isArray(def.allowedValues) &&
      !def.allowedValues.some((a: unknown) => JSON.stringify(a) === JSON.stringify(value))
    ) {
      throw new TemplateError(
        `parameter ${declaredName} is ${JSON.stringify(value)}, which is not one of its allowedValues ${JSON.stringify(def.allowedValues)}`,
      );
    }
    this.paramCache.set(key, value);
    return value;
  }

  variable(name: string): unknown {
    const key = name.toLowerCase();
    if (this.varCache.has(key)) return this.varCache.get(key);
    if (this.varsEvaluating.has(key)) throw new TemplateError(`variable ${name} refers to itself`);
    this.varsEvaluating.add(key);
    try {
      let value: unknown;
      const loop = this.varLoops.get(key);
      if (loop) {
        value = this.evaluator.copyArray(loop, { deployment: this, loops: new Map() }, key);
      } else {
        const decl = this.declaredVars.get(key);
        if (!decl) throw new TemplateError(`variables('${name}'): the template declares no variable ${name}`);
        value = this.evaluator.value(decl[1], { deployment: this, loops: new Map() });
      }
      this.varCache.set(key, value);
      return value;
    } finally {
      this.varsEvaluating.delete(key);
    }
  }

  outputs(): Record<string, unknown> {
    if (this.outputsCache) return this.outputsCache;
    const out: Record<string, unknown> = {};
    const outputs = isPlainObject(this.template.outputs) ? (this.template.outputs as Obj) : {};
    for (const [k, o] of Object.entries(outputs)) {
      if (!isPlainObject(o)) continue;
      // An outer-scoped nested template's expressions, outputs included, are its parent's.
      const scope: Scope = { deployment: this.exprScope, loops: new Map() };
      if ('condition' in o && this.evaluator.value(o.condition, scope) === false) continue;
      const value = isPlainObject(o.copy)
        ? this.evaluator.copyArray({ ...(o.copy as Obj), name: k }, scope, k.toLowerCase())
        : this.evaluator.value(o.value, scope);
      out[k] = value;
    }
    this.outputsCache = out;
    return out;
  }
}

/** The declared type decides how a supplied value is read: `--parameter n=text` keeps text for strings and parses JSON otherwise. */
function convertSupplied(name: string, def: Obj, s: SuppliedParameter): unknown {
  const type = String(def.type ?? '').toLowerCase();
  if (s.from === 'keyVaultReference') return new Unknown(`parameter ${name} is the Key Vault secret ${s.secretName}, read at deployment`);
  if (s.from === 'value') {
    const v = s.value;
    if (isUnknown(v)) return v;
    if (
      (type === 'int' && !(typeof v === 'number' && Number.isInteger(v))) ||
      (type === 'bool' && typeof v !== 'boolean') ||
      ((type === 'string' || type === 'securestring') && typeof v !== 'string') ||
      ((type === 'object' || type === 'secureobject') && !isPlainObject(v)) ||
      (type === 'array' && !Array.isArray(v))
    ) {
      throw new TemplateError(`parameter ${name} is declared ${def.type} but was given ${typeName(v)} ${JSON.stringify(v)?.slice(0, 60)}`);
    }
    return v;
  }
  if (type === 'string' || type === 'securestring' || type === '') return s.text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(s.text);
  } catch {
    throw new TemplateError(
      `--parameter ${name}=${s.text}: ${name} is declared ${def.type}, and ${JSON.stringify(s.text)} is not a ${def.type} in JSON`,
    );
  }
  return convertSupplied(name, def, { from: 'value', value: parsed });
}

function lowerKeys(o: unknown): Map<string, unknown> {
  return new Map(Object.entries(isPlainObject(o) ? o : {}).map(([k, v]) => [k.toLowerCase(), v]));
}

class Evaluator {
  root!: Deployment;
  readonly byId = new Map<string, Instance>();
  readonly unreadable: Expansion['unreadable'] = [];

  constructor(readonly options: EvaluateOptions) {}

  run(): Expansion {
    const o = this.options;
    const supplied = new Map(Object.entries(o.parameters).map(([k, v]) => [k.toLowerCase(), () => v]));
    for (const [k] of supplied) {
      if (!isPlainObject(o.root.template.parameters) || !lowerKeys(o.root.template.parameters).has(k)) {
        throw new TemplateError(
          `the parameter ${Object.keys(o.parameters).find((n) => n.toLowerCase() === k)} is not declared by the template (its parameters: ${Object.keys(o.root.template.parameters ?? {}).join(', ') || 'none'})`,
        );
      }
    }
    this.root = new Deployment(this, o.root.template, o.root.file, [], o.deploymentName, o.target, undefined, supplied);
    // Resource Manager validates every parameter before it deploys anything.
    for (const [, [name]] of this.root.declaredParams) this.root.parameter(name);
    this.expand(this.root);
    const all = [...this.byId.values()].filter((i) => i.deployed);
    const resources: ExpandedResource[] = [];
    for (const inst of all) {
      if (inst.type.toLowerCase() === DEPLOYMENTS_TYPE) continue;
      resources.push({
        id: inst.id,
        type: inst.type,
        name: inst.name,
        apiVersion: inst.apiVersion,
        body: inst.existing ? {} : this.body(inst),
        ...(inst.symbolicName ? { symbolicName: inst.symbolicName } : {}),
        existing: inst.existing,
        file: inst.deployment.file,
        path: inst.path,
      });
    }
    return { resources, outputs: this.root.outputs(), unreadable: this.unreadable };
  }

  // --- expansion: which resources, with which ids ---

  private expand(d: Deployment): void {
    const raw = d.template.resources;
    const entries: [string | undefined, unknown, JsonPath][] = Array.isArray(raw)
      ? raw.map((r, i) => [undefined, r, [...d.templatePath, 'resources', i]])
      : isPlainObject(raw)
        ? Object.entries(raw).map(([k, r]) => [k, r, [...d.templatePath, 'resources', k]])
        : [];
    for (const [symbolicName, decl, path] of entries) {
      if (!isPlainObject(decl)) throw new TemplateError(`${path.join('.')}: a resource must be an object`);
      this.expandDeclaration(d, decl as Obj, path, symbolicName, undefined);
    }
  }

  private expandDeclaration(d: Deployment, decl: Obj, path: JsonPath, symbolicName: string | undefined, parent: Instance | undefined): void {
    const base: Scope = { deployment: d.exprScope, loops: new Map(parent?.loops ?? []), currentLoop: parent?.currentLoop };
    const copy = isPlainObject(decl.copy) ? (decl.copy as Obj) : undefined;
    if (!copy) {
      this.instantiate(d, decl, path, symbolicName, parent, base);
      return;
    }
    const loopName = String(copy.name ?? symbolicName ?? 'copy').toLowerCase();
    const count = this.value(copy.count, base);
    if (isUnknown(count)) throw new TemplateError(`${path.join('.')}: the copy count must be known when the template is deployed (${count.reason})`);
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 800)
      throw new TemplateError(`${path.join('.')}: copy count must be an integer from 0 to 800 (got ${JSON.stringify(count)})`);
    for (let i = 0; i < count; i++) {
      const loops = new Map(base.loops);
      loops.set(loopName, i);
      this.instantiate(d, decl, path, symbolicName, parent, { ...base, loops, currentLoop: loopName });
    }
  }

  private instantiate(d: Deployment, decl: Obj, path: JsonPath, symbolicName: string | undefined, parent: Instance | undefined, scope: Scope): void {
    const at = (key: string) => `${d.where()}: ${[...path, key].join('.')}`;
    const rawType = this.value(decl.type, scope);
    const rawName = this.value(decl.name, scope);
    if (typeof rawType !== 'string') throw new TemplateError(`${at('type')}: a resource type must be a string (got ${typeName(rawType)})`);
    if (typeof rawName !== 'string')
      throw new TemplateError(
        `${at('name')}: the name must be known before deployment (got ${isUnknown(rawName) ? rawName.reason : typeName(rawName)})`,
      );
    const type = parent ? `${parent.type}/${rawType}` : rawType;
    const name = parent ? `${parent.name}/${rawName}` : rawName;
    const condition = 'condition' in decl ? this.value(decl.condition, scope) : true;
    if (isUnknown(condition))
      throw new TemplateError(`${at('condition')}: the condition must be known when the template is deployed (${condition.reason})`);
    const deployed = condition !== false && (!parent || parent.deployed);
    const target = this.targetOf(d, decl, scope);
    const apiVersion = typeof decl.apiVersion === 'string' ? decl.apiVersion : undefined;
    const id = this.idOf(type, name, target, decl, scope, at);
    const existing = decl.existing === true;
    const inst: Instance = {
      deployment: d,
      decl,
      path,
      symbolicName,
      loops: scope.loops,
      currentLoop: scope.currentLoop,
      type,
      name,
      apiVersion,
      id,
      deployed,
      existing,
    };
    const key = normalizeId(id);
    const prior = this.byId.get(key);
    // The same id declared twice (a condition picks one, or `existing` beside the creator): the deployed declaration wins.
    if (!prior || (!prior.deployed && deployed) || (prior.existing && !existing && deployed)) this.byId.set(key, inst);
    d.instances.push(inst);
    if (deployed && !existing && type.toLowerCase() === DEPLOYMENTS_TYPE) this.nested(inst, target, scope);
    if (Array.isArray(decl.resources)) {
      decl.resources.forEach((child: unknown, i: number) => {
        if (isPlainObject(child)) this.expandDeclaration(d, child as Obj, [...path, 'resources', i], undefined, inst);
      });
    }
  }

  /** Where a resource is deployed: its deployment's target, or the subscription / resource group a nested deployment names. */
  private targetOf(d: Deployment, decl: Obj, scope: Scope): DeploymentTarget {
    const sub = 'subscriptionId' in decl ? this.value(decl.subscriptionId, scope) : undefined;
    const rg = 'resourceGroup' in decl ? this.value(decl.resourceGroup, scope) : undefined;
    if (isUnknown(sub) || isUnknown(rg))
      throw new TemplateError(`${d.where()}: the subscription or resource group of a resource must be known before deployment`);
    return {
      subscriptionId: typeof sub === 'string' ? sub : d.target.subscriptionId,
      resourceGroup: typeof rg === 'string' ? rg : typeof sub === 'string' && sub !== d.target.subscriptionId ? undefined : d.target.resourceGroup,
      location: d.target.location,
    };
  }

  private idOf(type: string, name: string, target: DeploymentTarget, decl: Obj, scope: Scope, at: (k: string) => string): string {
    const lower = type.toLowerCase();
    if (lower === 'microsoft.resources/resourcegroups') return `/subscriptions/${target.subscriptionId}/resourceGroups/${name}`;
    let path: string;
    try {
      path = resourcePath('resourceId', type, [name]);
    } catch (e) {
      throw new TemplateError(`${at('name')}: ${(e as Error).message}`);
    }
    if ('scope' in decl) {
      // An extension resource (role assignment, lock, diagnostic setting) on another resource: `scope` is that resource (id or, in 2.0, its symbolic name).
      const s = this.value(decl.scope, scope);
      if (typeof s !== 'string') throw new TemplateError(`${at('scope')}: the scope must be known before deployment`);
      const scopeId = s.startsWith('/') ? s : (this.symbolic(scope.deployment, s)?.id ?? s);
      return `${scopeId.replace(/\/+$/, '')}${path}`;
    }
    return target.resourceGroup === undefined
      ? `/subscriptions/${target.subscriptionId}${path}`
      : `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}${path}`;
  }

  private nested(inst: Instance, target: DeploymentTarget, scope: Scope): void {
    const d = inst.deployment;
    const props = isPlainObject(inst.decl.properties) ? (inst.decl.properties as Obj) : {};
    let template: Obj | undefined;
    let file = d.file;
    let templatePath: JsonPath = [...inst.path, 'properties', 'template'];
    if (isPlainObject(props.template)) {
      template = props.template as Obj;
    } else if (isPlainObject(props.templateLink)) {
      const link = this.value(props.templateLink, scope) as Obj;
      const rel = isPlainObject(link) ? link.relativePath : undefined;
      const loaded = typeof rel === 'string' ? this.options.loadRelative?.(rel, d.file) : undefined;
      if (loaded) {
        template = loaded.template;
        file = loaded.file;
        templatePath = [];
      } else {
        const what =
          typeof rel === 'string'
            ? `relativePath ${rel}, which cannot be read`
            : isPlainObject(link) && typeof link.id === 'string'
              ? `a template spec (${link.id})`
              : `a URI (${isPlainObject(link) ? String(link.uri) : '?'})`;
        this.unreadable.push({
          id: inst.id,
          file: d.file,
          path: inst.path,
          why: `nested deployment ${inst.name} links its template by ${what}: what it deploys is not evaluated`,
        });
        return;
      }
    } else {
      return;
    }
    const inner = String(lowerKeys(props.expressionEvaluationOptions).get('scope') ?? '').toLowerCase() === 'inner' || template !== props.template;
    const supplied = new Map<string, () => SuppliedParameter>();
    if (inner) {
      for (const [k, v] of Object.entries(isPlainObject(props.parameters) ? (props.parameters as Obj) : {})) {
        supplied.set(k.toLowerCase(), () => {
          if (isPlainObject(v) && 'reference' in v) return { from: 'keyVaultReference', secretName: String((v.reference as Obj)?.secretName ?? k) };
          return { from: 'value', value: this.value(isPlainObject(v) ? v.value : v, scope) };
        });
      }
    }
    const childTarget: DeploymentTarget = { ...target, location: d.target.location };
    const child = new Deployment(this, template, file, templatePath, inst.name, childTarget, inner ? undefined : d.exprScope, supplied);
    inst.child = child;
    this.expand(child);
  }

  // --- bodies: what each resource declares, evaluated ---

  body(inst: Instance): Obj {
    if (inst.body) return inst.body;
    if (inst.evaluating) throw new CycleError(inst.id);
    inst.evaluating = true;
    try {
      const scope: Scope = { deployment: inst.deployment.exprScope, loops: inst.loops, currentLoop: inst.currentLoop };
      const out: Obj = {};
      for (const [k, v] of Object.entries(inst.decl)) {
        if (TEMPLATE_ONLY_KEYS.has(k.toLowerCase())) continue;
        if (inst.type.toLowerCase() === DEPLOYMENTS_TYPE && k.toLowerCase() === 'properties') continue;
        out[k] = this.value(v, scope, k.toLowerCase() === 'properties');
      }
      out.id = inst.id;
      out.name = inst.name.split('/').pop();
      out.type = inst.type;
      inst.body = out;
      return out;
    } finally {
      inst.evaluating = false;
    }
  }

  // --- values ---

  /** Evaluates a JSON value of the template: expressions in strings, property copy loops in objects. */
  value(v: unknown, scope: Scope, propertyLoops = true): unknown {
    if (typeof v === 'string') {
      const c = classify(v);
      if ('literal' in c) return c.literal;
      let e: Expr;
      try {
        e = parseExpression(c.expression);
      } catch (err) {
        if (err instanceof ExpressionSyntaxError) throw new TemplateError(`invalid expression: ${err.message}`);
        throw err;
      }
      return this.expr(e, scope);
    }
    if (Array.isArray(v)) return v.map((x) => this.value(x, scope, propertyLoops));
    if (isPlainObject(v)) {
      const out: Obj = {};
      for (const [k, x] of Object.entries(v)) {
        if (propertyLoops && k.toLowerCase() === 'copy' && Array.isArray(x)) {
          for (const loop of x) {
            if (!isPlainObject(loop) || typeof loop.name !== 'string') throw new TemplateError('a property copy loop needs a name, count and input');
            out[loop.name] = this.copyArray(loop as Obj, scope, loop.name.toLowerCase());
          }
          continue;
        }
        const key = this.value(k, scope);
        out[typeof key === 'string' ? key : k] = this.value(x, scope, propertyLoops);
      }
      return out;
    }
    return v;
  }

  /** A copy loop that builds an array: `{name, count, input}` (property and variable loops, output copy). */
  copyArray(loop: Obj, scope: Scope, loopName: string): unknown {
    const count = this.value(loop.count, scope);
    if (isUnknown(count)) return count;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0)
      throw new TemplateError(`copy loop ${loop.name}: count must be a whole number (got ${JSON.stringify(count)})`);
    const out: unknown[] = [];
    for (let i = 0; i < count; i++) {
      const loops = new Map(scope.loops);
      loops.set(loopName, i);
      out.push(this.value(loop.input, { ...scope, loops, currentLoop: loopName }));
    }
    return out;
  }

  expr(e: Expr, scope: Scope): unknown {
    switch (e.kind) {
      case 'string':
        return e.value;
      case 'number':
        return e.value;
      case 'literal':
        return e.value;
      case 'call':
        return callFunction(e.name, e.args, this.functionContext(scope));
      case 'property':
        return this.member(this.expr(e.target, scope), e.name);
      case 'index': {
        const target = this.expr(e.target, scope);
        const index = this.expr(e.index, scope);
        if (isUnknown(index)) return index;
        if (Array.isArray(target)) {
          if (typeof index !== 'number') throw new TemplateError(`an array index must be an integer (got ${typeName(index)})`);
          if (index < 0 || index >= target.length) throw new TemplateError(`index ${index} is outside the array (length ${target.length})`);
          const x = target[index];
          const why = runtimeReasonOf(target);
          return why && x !== null && typeof x === 'object' ? markRuntime(x, why) : x;
        }
        return this.member(target, String(index));
      }
    }
  }

  private member(target: unknown, name: string): unknown {
    if (isUnknown(target)) return target;
    if (!isPlainObject(target)) throw new TemplateError(`cannot read property ${name} of ${typeName(target)}`);
    const why = runtimeReasonOf(target);
    const got = getProperty(target, name);
    if (!got.found) {
      if (why) return new Unknown(`${name} ${why}`);
      throw new TemplateError(`the object has no property ${name} (it has ${Object.keys(target).join(', ') || 'none'})`);
    }
    const x = got.value;
    return why && x !== null && typeof x === 'object' ? markRuntime(x, why) : x;
  }

  private symbolic(d: Deployment, name: string): Instance | undefined {
    const lower = name.toLowerCase();
    return d.instances.find((i) => i.symbolicName?.toLowerCase() === lower);
  }

  private findTarget(scope: Scope, target: unknown): Instance[] | Unknown {
    if (typeof target !== 'string') throw new TemplateError(`reference() takes a resource id, name or symbolic name (got ${typeName(target)})`);
    const d = scope.deployment;
    if (target.startsWith('/')) {
      const hit = this.byId.get(normalizeId(target));
      return hit ? [hit] : new Unknown(`is a property of ${target}, which this deployment does not create (reference() is read at deployment)`);
    }
    if (d.isLanguageVersion2) {
      const lower = target.toLowerCase();
      const all = d.instances.filter((i) => i.symbolicName?.toLowerCase() === lower);
      if (all.length) return all;
    }
    const lower = target.toLowerCase();
    const byName = [...d.instances, ...this.byId.values()].filter((i) => i.name.toLowerCase() === lower);
    return byName.length
      ? [byName[0]]
      : new Unknown(`is a property of ${target}, which this deployment does not create (reference() is read at deployment)`);
  }

  private referenceOf(inst: Instance, full: boolean): unknown {
    if (!inst.deployed) return new Unknown(`is a property of ${inst.id}, which is not deployed (its condition is false)`);
    if (inst.existing) return new Unknown(`is a property of the existing resource ${inst.id}, read at deployment`);
    if (inst.type.toLowerCase() === DEPLOYMENTS_TYPE) {
      if (!inst.child) return new Unknown(`is an output of nested deployment ${inst.name}, whose template is not evaluated`);
      const outputs = Object.fromEntries(Object.entries(inst.child.outputs()).map(([k, v]) => [k, { type: typeName(v), value: v }]));
      const props = { outputs, provisioningState: 'Succeeded' };
      return markRuntime(
        full ? { id: inst.id, name: inst.name, type: inst.type, properties: props } : props,
        `is known only after deployment of ${inst.name}`,
      );
    }
    let body: Obj;
    try {
      body = this.body(inst);
    } catch (e) {
      if (e instanceof CycleError) return new Unknown(`refers back to ${inst.id} while it is evaluated`);
      throw e;
    }
    const why = `is set by Resource Manager when ${inst.name} is deployed`;
    if (full) return markRuntime({ ...body, apiVersion: inst.apiVersion, properties: markRuntime({ ...(body.properties ?? {}) }, why) }, why);
    return markRuntime({ ...(isPlainObject(body.properties) ? body.properties : {}) }, why);
  }

  private functionContext(scope: Scope): FunctionContext {
    const d = scope.deployment;
    return {
      subscriptionId: d.target.subscriptionId,
      resourceGroupName: d.target.resourceGroup,
      parameter: (n) => d.parameter(n),
      variable: (n) => d.variable(n),
      copyIndex(loop) {
        const key = loop?.toLowerCase() ?? scope.currentLoop;
        if (key === undefined || !scope.loops.has(key))
          throw new TemplateError(loop ? `copyIndex('${loop}') is used outside the copy loop ${loop}` : 'copyIndex() is used outside a copy loop');
        return scope.loops.get(key)!;
      },
      deployment: () => ({
        name: d.name,
        location: d.target.location,
        properties: {
          templateLink: undefined,
          template: { contentVersion: d.template.contentVersion ?? '1.0.0.0' },
          mode: 'Incremental',
          provisioningState: 'Accepted',
        },
      }),
      environment: () => environmentOf(this.options.cloud),
      resourceGroup: () => {
        const rg = d.target.resourceGroup;
        if (rg === undefined) throw new TemplateError('resourceGroup() is not available in a subscription-scoped deployment');
        return {
          id: `/subscriptions/${d.target.subscriptionId}/resourceGroups/${rg}`,
          name: rg,
          type: 'Microsoft.Resources/resourceGroups',
          location: d.target.location,
          properties: { provisioningState: 'Succeeded' },
        };
      },
      subscription: () => ({
        id: `/subscriptions/${d.target.subscriptionId}`,
        subscriptionId: d.target.subscriptionId,
        tenantId: new Unknown('is the tenant of the subscription, read at deployment'),
        displayName: new Unknown("is the subscription's display name, read at deployment"),
      }),
      reference: (target, _apiVersion, full) => {
        const found = this.findTarget(scope, target);
        if (isUnknown(found)) return found;
        return this.referenceOf(found[0], full);
      },
      references: (target, full) => {
        const found = this.findTarget(scope, target);
        if (isUnknown(found)) return found;
        return found.map((i) => this.referenceOf(i, full));
      },
      resourceInfo: (name) => {
        const inst = this.symbolic(d, name);
        if (!inst) throw new TemplateError(`resourceInfo('${name}'): no resource with that symbolic name`);
        return { id: inst.id, name: inst.name, type: inst.type, apiVersion: inst.apiVersion };
      },
      lambdaVariable(name) {
        const lower = name.toLowerCase();
        const hit = Object.entries(scope.lambdas ?? {}).find(([k]) => k.toLowerCase() === lower);
        if (!hit) throw new TemplateError(`lambdaVariables('${name}') is used outside a lambda that declares it`);
        return hit[1];
      },
      evaluate: (e, bindings) => {
        return this.expr(e, bindings ? { ...scope, lambdas: { ...(scope.lambdas ?? {}), ...bindings } } : scope);
      },
    };
  }
}

class CycleError extends Error {}

/** Keys of a resource declaration that steer the deployment and are not part of the resource. */
const TEMPLATE_ONLY_KEYS = new Set([
  'apiversion',
  'dependson',
  'condition',
  'copy',
  'comments',
  'scope',
  'existing',
  'resources',
  'metadata',
  'import',
  'subscriptionid',
  'resourcegroup',
  'type',
  'name',
  'id',
]);

export function evaluateTemplate(options: EvaluateOptions): Expansion {
  return new Evaluator(options).run();
}
