/**
 * Azure Firewall rules, from either source a firewall can have: the classic collections on the
 * firewall itself, or (when it has a firewall policy) the policy's rule collection groups, a base
 * policy's first. Network rules are tried first, in Azure's order (group priority, then collection
 * priority), and the first that matches decides; when none matches, application rules are tried
 * (an FQDN allow lets HTTPS to the service's names through); no match is the implicit deny. IP
 * groups cannot be resolved from the model: a rule that depends on one counts as allowing (an
 * unknown is not reported) and never as denying.
 */
import { parseIpv4Range, rangeContains } from './cidr';
import type { Model } from './model';
import { portRangeMatches } from './nsg';
import { tagCovers } from './service-tags';
import type { AzureFirewall, FirewallApplicationRule, FirewallNetworkRule, FirewallPolicy, FirewallRules } from './types';
import { lowerToken } from './ids';

export type { FirewallNetworkRule, FirewallApplicationRule };

function policyRules(model: Model, policy: FirewallPolicy, seen: Set<string>): FirewallRules | undefined {
  if (seen.has(policy.id)) return { network: [], application: [] };
  seen.add(policy.id);
  let base: FirewallRules = { network: [], application: [] };
  if (policy.basePolicyId) {
    const basePolicy = model.get<FirewallPolicy>(policy.basePolicyId);
    const rules = basePolicy ? policyRules(model, basePolicy, seen) : undefined;
    if (!rules) return undefined; // a base policy the scan cannot see: the rules are unknown
    base = rules;
  }
  // Groups are in priority order (the model sorts them); each group's collections already are.
  const groups = policy.ruleCollectionGroups;
  return {
    network: [...base.network, ...groups.flatMap((g) => g.rules.network)],
    application: [...base.application, ...groups.flatMap((g) => g.rules.application)],
  };
}

/**
 * The firewall's network and application rules in evaluation order; undefined when they cannot
 * be known (its firewall policy, or that policy's base, is not in the model).
 */
export function firewallRulesOf(model: Model, fw: AzureFirewall): FirewallRules | undefined {
  if (!fw.firewallPolicyId) return fw.classicRules;
  const policy = model.get<FirewallPolicy>(fw.firewallPolicyId);
  return policy ? policyRules(model, policy, new Set()) : undefined;
}

/** The firewall's network rules in evaluation order (see firewallRulesOf). */
export function networkRulesOf(model: Model, fw: AzureFirewall): FirewallNetworkRule[] | undefined {
  return firewallRulesOf(model, fw)?.network;
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

function sourceMatch(r: FirewallNetworkRule | FirewallApplicationRule, f: OutboundFlow): Match {
  if (r.sourceAddresses.some((s) => s.trim() === '*')) return 'yes';
  const subnetRanges = f.sourcePrefixes.map(parseIpv4Range);
  if (
    subnetRanges.length > 0 &&
    subnetRanges.every(
      (sr) =>
        !!sr &&
        r.sourceAddresses.some((s) => {
          const rr = parseIpv4Range(s);
          return !!rr && rangeContains(rr, sr);
        }),
    )
  )
    return 'yes';
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

/**
 * Names each required service tag stands for, as how-to-access-azureml-behind-firewall lists them
 * for application rules: an FQDN rule that covers one of these lets the tag's traffic through.
 */
const TAG_FQDNS: Record<string, readonly string[]> = {
  azureactivedirectory: ['login.microsoftonline.com'],
  azuremachinelearning: ['ml.azure.com', '{region}.api.azureml.ms'],
  batchnodemanagement: ['{region}.batch.azure.com', '{region}.service.batch.azure.com'],
  azureresourcemanager: ['management.azure.com'],
  storage: ['{region}.blob.core.windows.net', '{region}.file.core.windows.net'],
  'azurefrontdoor.frontend': ['ml.azure.com'],
  microsoftcontainerregistry: ['mcr.microsoft.com', 'eastus.data.mcr.microsoft.com'],
  azuremonitor: ['dc.applicationinsights.azure.com', 'global.handler.control.monitor.azure.com'],
};

function fqdnCovers(pattern: string, fqdn: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return fqdn.endsWith(pattern.slice(1));
  return pattern === fqdn;
}

/** Whether an application rule lets HTTPS to the tag's names through (every name the tag stands for). */
function applicationRuleMatch(r: FirewallApplicationRule, f: OutboundFlow): Match {
  if (f.protocol !== 'TCP' || f.port !== 443 || !r.protocols.includes('https:443')) return 'no';
  const names = TAG_FQDNS[lowerToken(f.tag)];
  if (!names) return 'no';
  const region = (f.region ?? 'eastus').toLowerCase();
  const covered = names.every((n) => r.targetFqdns.some((p) => fqdnCovers(p, n.replace('{region}', region))));
  if (!covered) return 'no';
  return sourceMatch(r, f);
}

/** The first rule that decides the flow, as Azure Firewall evaluates it; `undefined` rule = the implicit deny. */
export function decideFlow(
  rules: readonly FirewallNetworkRule[] | FirewallRules,
  f: OutboundFlow,
): { allowed: boolean; rule?: FirewallNetworkRule | FirewallApplicationRule } {
  const network = Array.isArray(rules) ? rules : (rules as FirewallRules).network;
  const application = Array.isArray(rules) ? [] : (rules as FirewallRules).application;
  for (const r of network) {
    const m = ruleMatch(r, f);
    if (m === 'yes') return { allowed: r.action === 'Allow', rule: r };
    if (m === 'maybe' && r.action === 'Allow') return { allowed: true, rule: r };
  }
  // No network rule decided: application rules (HTTP/S by name) come next.
  for (const r of application) {
    const m = applicationRuleMatch(r, f);
    if (m === 'yes') return { allowed: r.action === 'Allow', rule: r };
    if (m === 'maybe' && r.action === 'Allow') return { allowed: true, rule: r };
  }
  return { allowed: false };
}
