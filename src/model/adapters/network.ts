/**
 * Microsoft.Network: private endpoints and their DNS zone groups, VNets with their subnets and
 * peerings, NSGs, route tables, NAT gateways, Azure Firewalls (classic rules, or a policy's rule
 * collection groups), firewall policies, Bastion hosts.
 */
import type { ArmResource } from '../inventory';
import { lowerToken, nameOf, normalizeId, vnetOfSubnet } from '../ids';
import type {
  AzureFirewall,
  BastionHost,
  FirewallApplicationRule,
  FirewallNetworkRule,
  FirewallPolicy,
  FirewallRuleCollectionGroup,
  FirewallRules,
  NatGateway,
  NetworkSecurityGroup,
  PrivateEndpoint,
  RouteTable,
  SecurityRule,
  Subnet,
  VirtualNetwork,
} from '../types';
import { arr, idOf, ids, node, num, obj, str, strs, tok, withNode, type Json } from './common';

export function privateEndpoint(r: ArmResource): PrivateEndpoint {
  const p = obj(r.properties);
  const subnetId = idOf(p.subnet);
  const conns = [...arr(p.privateLinkServiceConnections), ...arr(p.manualPrivateLinkServiceConnections)].map((c) => {
    const cp = obj(obj(c).properties);
    return {
      targetId: str(cp.privateLinkServiceId) ? normalizeId(cp.privateLinkServiceId) : undefined,
      groupIds: strs(cp.groupIds),
      status: tok(obj(cp.privateLinkServiceConnectionState).status),
    };
  });
  return withNode<PrivateEndpoint>(r, {
    subnetId,
    vnetId: subnetId ? vnetOfSubnet(subnetId) : undefined,
    connections: conns,
    customDnsConfigs: arr(p.customDnsConfigs).map((c) => ({ fqdn: str(obj(c).fqdn), ipAddresses: strs(obj(c).ipAddresses) })),
    dnsZoneIds: [],
  });
}

/** `privateEndpoints/{pe}/privateDnsZoneGroups/{g}`: the zones the endpoint's records are written to. */
export interface DnsZoneGroup {
  privateEndpointId: string;
  zoneIds: string[];
}

export function privateDnsZoneGroup(r: ArmResource, privateEndpointId: string): DnsZoneGroup {
  return { privateEndpointId, zoneIds: ids(arr(obj(r.properties).privateDnsZoneConfigs).map((c) => obj(obj(c).properties).privateDnsZoneId)) };
}

function addressPrefixes(p: Json): string[] {
  const list = strs(p.addressPrefixes);
  const one = str(p.addressPrefix);
  return one && !list.includes(one) ? [one, ...list] : list;
}

function subnet(s: unknown, vnetId: string): Subnet | undefined {
  const o = obj(s);
  const displayId = str(o.id);
  if (!displayId) return undefined;
  const p = obj(o.properties);
  return {
    id: normalizeId(displayId),
    displayId,
    name: str(o.name) ?? nameOf(displayId),
    vnetId,
    addressPrefixes: addressPrefixes(p),
    nsgId: idOf(p.networkSecurityGroup),
    routeTableId: idOf(p.routeTable),
    natGatewayId: idOf(p.natGateway),
    delegations: arr(p.delegations)
      .map((d) => str(obj(obj(d).properties).serviceName) ?? str(obj(d).name))
      .filter((x): x is string => !!x),
    serviceEndpoints: arr(p.serviceEndpoints)
      .map((e) => str(obj(e).service))
      .filter((x): x is string => !!x),
  };
}

/** Azure's own resolver: a VNet that lists only it still resolves through Azure DNS. */
export const AZURE_DNS_IP = '168.63.129.16';

export function virtualNetwork(r: ArmResource): VirtualNetwork {
  const p = obj(r.properties);
  const n = node(r);
  const dnsServers = strs(obj(p.dhcpOptions).dnsServers);
  return Object.assign(n, {
    addressPrefixes: strs(obj(p.addressSpace).addressPrefixes),
    dnsServers,
    usesAzureDns: dnsServers.every((s) => s.trim() === AZURE_DNS_IP),
    subnets: arr(p.subnets)
      .map((s) => subnet(s, n.id))
      .filter((x): x is Subnet => !!x),
    peerings: arr(p.virtualNetworkPeerings).map((pe) => {
      const pp = obj(obj(pe).properties);
      return { name: str(obj(pe).name) ?? '', remoteVnetId: idOf(pp.remoteVirtualNetwork), peeringState: tok(pp.peeringState) };
    }),
  });
}

function securityRule(x: unknown, isDefault: boolean): SecurityRule {
  const o = obj(x);
  const p = obj(o.properties);
  const src = [...strs(p.sourceAddressPrefixes)];
  const one = str(p.sourceAddressPrefix);
  if (one) src.unshift(one);
  const ports = [...strs(p.destinationPortRanges)];
  const port = str(p.destinationPortRange);
  if (port) ports.unshift(port);
  const prio = typeof p.priority === 'number' ? p.priority : Number(p.priority);
  return {
    name: str(o.name) ?? '',
    priority: Number.isFinite(prio) ? prio : 65535,
    direction: tok(p.direction) ?? '',
    access: tok(p.access) ?? '',
    protocol: tok(p.protocol) ?? '*',
    sourceAddressPrefixes: src,
    destinationPortRanges: ports,
    isDefault,
  };
}

export function networkSecurityGroup(r: ArmResource): NetworkSecurityGroup {
  const p = obj(r.properties);
  return withNode<NetworkSecurityGroup>(r, {
    rules: [...arr(p.securityRules).map((x) => securityRule(x, false)), ...arr(p.defaultSecurityRules).map((x) => securityRule(x, true))],
  });
}

export function routeTable(r: ArmResource): RouteTable {
  const p = obj(r.properties);
  return withNode<RouteTable>(r, {
    routes: arr(p.routes).map((x) => {
      const rp = obj(obj(x).properties);
      return {
        name: str(obj(x).name) ?? '',
        addressPrefix: str(rp.addressPrefix),
        nextHopType: tok(rp.nextHopType),
        nextHopIpAddress: str(rp.nextHopIpAddress),
      };
    }),
  });
}

export function natGateway(r: ArmResource): NatGateway {
  return node(r);
}

function actionOf(v: unknown): 'Allow' | 'Deny' | undefined {
  const t = lowerToken(str(obj(v).type) ?? '');
  return t === 'allow' ? 'Allow' : t === 'deny' ? 'Deny' : undefined;
}

function networkRule(r: Json, path: string, action: FirewallNetworkRule['action'], protocols: unknown): FirewallNetworkRule {
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

function applicationRule(r: Json, path: string, action: FirewallApplicationRule['action']): FirewallApplicationRule {
  return {
    path,
    action,
    protocols: arr(r.protocols).map((x) => `${lowerToken(str(obj(x).protocolType) ?? '')}:${num(obj(x).port, 0)}`),
    sourceAddresses: strs(r.sourceAddresses),
    sourceIpGroups: strs(r.sourceIpGroups),
    targetFqdns: strs(r.targetFqdns).map((f) => lowerToken(f.trim())),
    fqdnTags: strs(r.fqdnTags),
  };
}

const byPriority = <T extends { p: Json }>(a: T, b: T) => num(a.p.priority, 65000) - num(b.p.priority, 65000);

/** Classic collections (`networkRuleCollections`, `applicationRuleCollections`), each kind in priority order. */
function classicRules(p: Json): FirewallRules {
  const collections = (v: unknown) =>
    arr(v)
      .map((c) => ({ c: obj(c), p: obj(obj(c).properties) }))
      .sort(byPriority);
  const network = collections(p.networkRuleCollections).flatMap(({ c, p: cp }) => {
    const action = actionOf(cp.action);
    return action ? arr(cp.rules).map((r) => networkRule(obj(r), `${c.name ?? '?'}/${obj(r).name ?? '?'}`, action, obj(r).protocols)) : [];
  });
  const application = collections(p.applicationRuleCollections).flatMap(({ c, p: cp }) => {
    const action = actionOf(cp.action);
    return action ? arr(cp.rules).map((r) => applicationRule(obj(r), `${c.name ?? '?'}/${obj(r).name ?? '?'}`, action)) : [];
  });
  return { network, application };
}

export function azureFirewall(r: ArmResource): AzureFirewall {
  const p = obj(r.properties);
  const configIps = arr(p.ipConfigurations)
    .map((c) => str(obj(obj(c).properties).privateIPAddress))
    .filter((x): x is string => !!x);
  // A Virtual WAN hub firewall (AZFW_Hub) has no ipConfigurations: its private IP is in hubIPAddresses.
  const hubIp = str(obj(p.hubIPAddresses).privateIPAddress);
  return withNode<AzureFirewall>(r, {
    privateIps: hubIp && !configIps.includes(hubIp) ? [...configIps, hubIp] : configIps,
    firewallPolicyId: idOf(p.firewallPolicy),
    classicRules: classicRules(p),
  });
}

export function firewallPolicy(r: ArmResource): FirewallPolicy {
  return withNode<FirewallPolicy>(r, { basePolicyId: idOf(obj(r.properties).basePolicy), ruleCollectionGroups: [] });
}

/** `firewallPolicies/{p}/ruleCollectionGroups/{g}`: filter collections only (NAT collections do not decide outbound traffic). */
export function ruleCollectionGroup(r: ArmResource, policyId: string): FirewallRuleCollectionGroup {
  const p = obj(r.properties);
  const name = str(r.name) ?? nameOf(r.id);
  const collections = arr(p.ruleCollections)
    .map((c) => ({ c: obj(c), p: obj(c) }))
    .filter(({ c }) => lowerToken(str(c.ruleCollectionType) ?? '') === 'firewallpolicyfilterrulecollection')
    .sort(byPriority);
  const network: FirewallNetworkRule[] = [];
  const application: FirewallApplicationRule[] = [];
  for (const { c } of collections) {
    const action = actionOf(c.action);
    if (!action) continue;
    for (const x of arr(c.rules)) {
      const rule = obj(x);
      const path = `${name}/${c.name ?? '?'}/${rule.name ?? '?'}`;
      const type = lowerToken(str(rule.ruleType) ?? '');
      if (type === 'networkrule') network.push(networkRule(rule, path, action, rule.ipProtocols));
      else if (type === 'applicationrule') application.push(applicationRule(rule, path, action));
    }
  }
  return { id: normalizeId(r.id), name, policyId, priority: num(p.priority, 65000), rules: { network, application } };
}

export function bastionHost(r: ArmResource): BastionHost {
  const p = obj(r.properties);
  return withNode<BastionHost>(r, {
    subnetIds: ids(arr(p.ipConfigurations).map((c) => obj(obj(c).properties).subnet)),
    vnetId: idOf(p.virtualNetwork),
  });
}
