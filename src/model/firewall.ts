/**
 * Azure Firewall network rules, from either source a firewall can have: the classic
 * `networkRuleCollections` on the firewall itself, or (when it has a firewall policy) the policy's
 * rule collection groups, a base policy's first. Rules are tried in Azure's order (group priority,
 * then collection priority) and the first that matches decides; no match is the firewall's
 * implicit deny. IP groups cannot be resolved from the model: a rule that depends on one counts
 * as allowing (an unknown is not reported) and never as denying.
 */
import { parseIpv4Range, rangeContains } from './cidr';
import type { Model } from './model';
import { portRangeMatches } from './nsg';
import { tagCovers } from './service-tags';
import type { AzureFirewall, FirewallPolicy } from './types';
import { lowerToken } from './ids';

type Json = Record<string, any>;
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : []);
const num = (v: unknown, dflt: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : Number.isFinite(Number(v)) && v !== null && v !== '' ? Number(v) : dflt);

export interface FirewallNetworkRule {
  /** `group/collection/rule` (policy) or `collection/rule` (classic), for messages. */
  path: string;
  action: 'Allow' | 'Deny';
  protocols: string[];
  sourceAddresses: string[];
  sourceIpGroups: string[];
  destinationAddresses: string[];
  destinationIpGroups: string[];
  destinationPorts: string[];
}

function rule(r: Json, path: string, action: FirewallNetworkRule['action'], protocols: unknown): FirewallNetworkRule {
  return {
    path,
    action,
    protocols: strs(protocols),
    sourceAddresses: strs(r.sourceAddresses),
    sourceIpGroups: strs(r.sourceIpGroups),
    destinationAddresses: strs(r.destinationAddresses),
    destinationIpGroups: strs(r.destinationIpGroups),
    destinationPorts: strs(r.destinationPorts),
  };
}

function actionOf(v: unknown): FirewallNetworkRule['action'] | undefined {
  const t = String(obj(v).type ?? '').toLowerCase();
  return t === 'allow' ? 'Allow' : t === 'deny' ? 'Deny' : undefined;
}

function classicRules(fw: AzureFirewall): FirewallNetworkRule[] {
  const collections = (Array.isArray(obj(fw.raw.properties).networkRuleCollections) ? obj(fw.raw.properties).networkRuleCollections : []) as unknown[];
  return collections
    .map((c) => ({ c: obj(c), p: obj(obj(c).properties) }))
    .sort((a, b) => num(a.p.priority, 65000) - num(b.p.priority, 65000))
    .flatMap(({ c, p }) => {
      const action = actionOf(p.action);
      if (!action) return [];
      return (Array.isArray(p.rules) ? p.rules : []).map((r: unknown) => rule(obj(r), `${c.name ?? '?'}/${obj(r).name ?? '?'}`, action, obj(r).protocols));
    });
}

function policyRules(model: Model, policy: FirewallPolicy, seen: Set<string>): FirewallNetworkRule[] | undefined {
  if (seen.has(policy.id)) return [];
  seen.add(policy.id);
  const baseId = obj(obj(policy.raw.properties).basePolicy).id;
  let base: FirewallNetworkRule[] = [];
  if (typeof baseId === 'string') {
    const basePolicy = model.get<FirewallPolicy>(baseId);
    const rules = basePolicy ? policyRules(model, basePolicy, seen) : undefined;
    if (!rules) return undefined; // a base policy the scan cannot see: the rules are unknown
    base = rules;
  }
  const groups = policy.ruleCollectionGroups
    .map((g) => ({ g, p: obj(g.properties) }))
    .sort((a, b) => num(a.p.priority, 65000) - num(b.p.priority, 65000));
  const own = groups.flatMap(({ g, p }) => (Array.isArray(p.ruleCollections) ? p.ruleCollections : [])
    .map((c: unknown) => obj(c))
    .filter((c: Json) => lowerToken(String(c.ruleCollectionType ?? '')) === 'firewallpolicyfilterrulecollection')
    .sort((a: Json, b: Json) => num(a.priority, 65000) - num(b.priority, 65000))
    .flatMap((c: Json) => {
      const action = actionOf(c.action);
      if (!action) return [];
      return (Array.isArray(c.rules) ? c.rules : [])
        .map((r: unknown) => obj(r))
        .filter((r: Json) => lowerToken(String(r.ruleType ?? '')) === 'networkrule')
        .map((r: Json) => rule(r, `${g.name ?? '?'}/${c.name ?? '?'}/${r.name ?? '?'}`, action, r.ipProtocols));
    }));
  return [...base, ...own];
}

/**
 * The firewall's network rules in evaluation order; undefined when they cannot be known (its
 * firewall policy, or that policy's base, is not in the model).
 */
export function networkRulesOf(model: Model, fw: AzureFirewall): FirewallNetworkRule[] | undefined {
  if (!fw.firewallPolicyId) return classicRules(fw);
  const policy = model.get<FirewallPolicy>(fw.firewallPolicyId);
  return policy ? policyRules(model, policy, new Set()) : undefined;
}

export interface OutboundFlow {
  /** The sending subnet's prefixes. */
  sourcePrefixes: string[];
  protocol: 'TCP' | 'UDP';
  port: number;
  /** The destination service tag (base name) and the region of the traffic. */
  tag: string;
  region?: string;
}

type Match = 'yes' | 'maybe' | 'no';

function sourceMatch(r: FirewallNetworkRule, f: OutboundFlow): Match {
  if (r.sourceAddresses.some((s) => s.trim() === '*')) return 'yes';
  const subnetRanges = f.sourcePrefixes.map(parseIpv4Range);
  if (subnetRanges.length > 0 && subnetRanges.every((sr) => !!sr && r.sourceAddresses.some((s) => { const rr = parseIpv4Range(s); return !!rr && rangeContains(rr, sr); }))) return 'yes';
  return r.sourceIpGroups.length > 0 ? 'maybe' : 'no';
}

function destinationMatch(r: FirewallNetworkRule, f: OutboundFlow): Match {
  if (r.destinationAddresses.some((d) => d.trim() === '*' || tagCovers(d, f.tag, f.region))) return 'yes';
  return r.destinationIpGroups.length > 0 ? 'maybe' : 'no';
}

function ruleMatch(r: FirewallNetworkRule, f: OutboundFlow): Match {
  if (!r.protocols.some((p) => ['any', lowerToken(f.protocol)].includes(p.trim().toLowerCase()))) return 'no';
  if (!r.destinationPorts.some((p) => portRangeMatches(p, f.port))) return 'no';
  const s = sourceMatch(r, f);
  const d = destinationMatch(r, f);
  if (s === 'no' || d === 'no') return 'no';
  return s === 'yes' && d === 'yes' ? 'yes' : 'maybe';
}

/** The first rule that decides the flow, as Azure Firewall evaluates it; `undefined` rule = the implicit deny. */
export function decideFlow(rules: readonly FirewallNetworkRule[], f: OutboundFlow): { allowed: boolean; rule?: FirewallNetworkRule } {
  for (const r of rules) {
    const m = ruleMatch(r, f);
    if (m === 'yes') return { allowed: r.action === 'Allow', rule: r };
    if (m === 'maybe' && r.action === 'Allow') return { allowed: true, rule: r };
  }
  return { allowed: false };
}
